package io.mmsb.javac.internal;

import io.mmsb.hooks.Epoch;
import io.mmsb.hooks.Fact;
import io.mmsb.hooks.FactSink;
import io.mmsb.hooks.InvalidationFact;
import io.mmsb.hooks.Stage;
import io.mmsb.recorder.StoreSink;
import io.mmsb.recorder.ApiDiff;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * A {@link FactSink} in front of the recording sink that adds the compilation's invalidations:
 * it builds the API from the attribution facts it passes on (an {@link ApiDiff.Builder}: symbols,
 * types and the API, not the nodes), and at the end diffs the
 * API they declare against the previous compilation's and hands the delegate one more epoch
 * (stage INVALIDATION, unit "", after every other epoch) before its end. Running behind an
 * {@link io.mmsb.hooks.AsyncSink}, the API diff costs the compiler's thread nothing.
 *
 * <p>Thread rules: called from one thread at a time (the writer thread). Ownership: owns the
 * API it builds until the end of the compilation; borrows the delegate and the history.
 *
 * <p>The previous API: for a {@link StoreSink}, the one recorded in its store, read at
 * {@link #begin} (before this compilation writes anything); otherwise the {@link ApiHistory}
 * given, an in-memory map a test or a long-lived build process owns.
 */
public final class ApiDiffSink implements FactSink {
    private final FactSink delegate;
    private final ApiHistory history;
    private final String historyKey;
    private final IntConsumer apiChanges;
    private ApiDiff.Builder declared = new ApiDiff.Builder();
    private ApiDiff.Api before;
    private boolean fromStore;

    /** A sink adding invalidations to {@code delegate}; {@code history} serves sinks without a store. */
    public ApiDiffSink(FactSink delegate, ApiHistory history, String historyKey) {
        this(delegate, history, historyKey, n -> { });
    }

    /** As above; {@code apiChanges} hears, before the delegate's end, how many API members changed. */
    public ApiDiffSink(FactSink delegate, ApiHistory history, String historyKey, IntConsumer apiChanges) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.history = history;
        this.historyKey = historyKey;
        this.apiChanges = Objects.requireNonNull(apiChanges, "apiChanges");
    }

    @Override
    public void begin(String compilation) {
        declared = new ApiDiff.Builder();
        before = null;
        fromStore = delegate instanceof StoreSink;
        delegate.begin(compilation);
        if (fromStore) {
            before = ApiDiff.recorded(((StoreSink) delegate).store());
        }
    }

    @Override
    public void epoch(Epoch epoch, List<Fact> facts) {
        if (epoch.stage() == Stage.ATTRIBUTION) {
            declared.add(facts); // the API so far; the nodes themselves are not kept
        }
        delegate.epoch(epoch, facts);
    }

    @Override
    public void end(String compilation) {
        ApiDiff.Api now = declared.build();
        declared = new ApiDiff.Builder();
        ApiDiff.Api previous = fromStore ? emptyAsNull(before) : history == null ? null : history.swap(historyKey, now);
        if (previous != null) {
            apiChanges.accept(ApiDiff.changes(previous, now).size());
            List<InvalidationFact> invalidations = ApiDiff.invalidations(previous, now);
            if (!invalidations.isEmpty()) {
                delegate.epoch(new Epoch(compilation, "", Stage.INVALIDATION, 0, ""), List.copyOf(invalidations));
            }
        }
        delegate.end(compilation);
    }

    @Override
    public void abort(String compilation, String reason) {
        declared = new ApiDiff.Builder();
        delegate.abort(compilation, reason);
    }

    private static ApiDiff.Api emptyAsNull(ApiDiff.Api api) {
        return api == null || api.signatures().isEmpty() ? null : api;
    }
}
