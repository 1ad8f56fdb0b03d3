package io.mmsb.scalac.internal;

import io.mmsb.hooks.Epoch;
import io.mmsb.hooks.Fact;
import io.mmsb.hooks.FactSink;
import io.mmsb.hooks.InvalidationFact;
import io.mmsb.hooks.Stage;
import io.mmsb.recorder.StoreSink;
import io.mmsb.recorder.ApiDiff;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link FactSink} in front of the recording sink that adds a Scala compilation's
 * invalidations, as the javac host's {@code ApiDiffSink} does: it builds the compilation's
 * {@link ScalaApi} from the facts it passes on and, at the end, diffs it against the previous
 * compilation's with {@link ApiDiff#invalidations} and hands the delegate one more epoch (stage
 * INVALIDATION, unit "", after every other) before its end.
 *
 * <p>Thread rules: called from one thread at a time (the hooks serialise their calls).
 * Ownership: owns the API it builds until the end of the compilation; borrows the delegate.
 *
 * <p>The previous API: for a {@link StoreSink}, the one recorded in its store, read at
 * {@link #begin} (before this compilation writes anything); otherwise what {@code history} gives
 * (the sink registry keeps the last API of each registered sink).
 */
final class ApiSink implements FactSink {
    private final FactSink delegate;
    private final Function<ApiDiff.Api, ApiDiff.Api> history;
    private ScalaApi.Builder now = new ScalaApi.Builder();
    private ApiDiff.Api before;
    private boolean fromStore;

    /**
     * @param history for a sink without a store: takes this compilation's API, returns the
     *                previous one (null for none)
     */
    ApiSink(FactSink delegate, Function<ApiDiff.Api, ApiDiff.Api> history) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.history = Objects.requireNonNull(history, "history");
    }

    @Override
    public void begin(String compilation) {
        now = new ScalaApi.Builder();
        before = null;
        fromStore = delegate instanceof StoreSink;
        delegate.begin(compilation);
        if (fromStore) before = ScalaApi.stored(((StoreSink) delegate).store().latest());
    }

    @Override
    public void epoch(Epoch epoch, List<Fact> facts) {
        now.add(facts);
        delegate.epoch(epoch, facts);
    }

    @Override
    public void end(String compilation) {
        ApiDiff.Api api = now.build();
        now = new ScalaApi.Builder();
        ApiDiff.Api previous = fromStore ? before : history.apply(api);
        before = null;
        if (previous != null && !previous.declaringUnit().isEmpty()) {
            List<InvalidationFact> invalidations = ApiDiff.invalidations(previous, api);
            if (!invalidations.isEmpty()) {
                delegate.epoch(new Epoch(compilation, "", Stage.INVALIDATION, 0, ""), List.copyOf(invalidations));
            }
        }
        delegate.end(compilation);
    }

    @Override
    public void abort(String compilation, String reason) {
        now = new ScalaApi.Builder();
        before = null;
        delegate.abort(compilation, reason);
    }
}
