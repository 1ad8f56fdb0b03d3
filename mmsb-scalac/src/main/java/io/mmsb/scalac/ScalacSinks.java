package io.mmsb.scalac;

import io.mmsb.hooks.FactSink;
import io.mmsb.recorder.StoreSink;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread rules: thread-safe (concurrent maps). Ownership: holds registered sinks, and the API of
 * the last compilation recorded into each, until {@link #unregister}; the registry does not close
 * them.
 *
 * <p>Chooses the {@link FactSink} for the plugin's {@code -P:mmsb:store=DIR} option: a sink
 * registered under that name (tests, embedders), nothing for {@code none} or a missing option,
 * else a {@link StoreSink} over the store in directory DIR (created if absent), closed when the
 * compilation ends.
 */
public final class ScalacSinks {
    private static final Map<String, FactSink> SINKS = new ConcurrentHashMap<>();
    /** The API of the last compilation recorded into each registered sink (for its invalidations). */
    private static final Map<String, io.mmsb.recorder.ApiDiff.Api> APIS = new ConcurrentHashMap<>();

    private ScalacSinks() {}

    /** Routes compilations run with {@code -P:mmsb:store=<store>} to {@code sink}. */
    public static void register(String store, FactSink sink) {
        SINKS.put(store, sink);
    }

    /** Forgets the sink of {@code store}. */
    public static void unregister(String store) {
        SINKS.remove(store);
        APIS.remove(store);
    }

    /**
     * For a registered sink (no store to read it from): merges {@code now} over the API of the
     * last compilation recorded into {@code store} (units compiled now replace theirs) and returns
     * that previous API, or null for the first compilation.
     */
    public static io.mmsb.recorder.ApiDiff.Api swapApi(String store, io.mmsb.recorder.ApiDiff.Api now) {
        io.mmsb.recorder.ApiDiff.Api[] before = new io.mmsb.recorder.ApiDiff.Api[1];
        APIS.compute(store, (k, old) -> {
            before[0] = old;
            return old == null ? now : io.mmsb.recorder.ApiDiff.merge(old, now);
        });
        return before[0];
    }

    /** The sink for {@code store}. */
    public static FactSink open(String store) {
        if (store == null || store.isEmpty() || store.equals("none")) {
            return FactSink.NOOP;
        }
        FactSink registered = SINKS.get(store);
        return registered != null ? registered : StoreSink.open(Path.of(store));
    }
}
