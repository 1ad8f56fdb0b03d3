package io.mmsb.scalac;

import io.mmsb.hooks.FactSink;
import io.mmsb.hooks.StoreSink;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread rules: thread-safe (concurrent map). Ownership: holds registered sinks until
 * {@link #unregister}; the registry does not close them.
 *
 * <p>Chooses the {@link FactSink} for the plugin's {@code -P:mmsb:store=DIR} option: a sink
 * registered under that name (tests, embedders), nothing for {@code none} or a missing option,
 * else a {@link StoreSink} over the store in directory DIR (created if absent), closed when the
 * compilation ends.
 */
public final class ScalacSinks {
    private static final Map<String, FactSink> SINKS = new ConcurrentHashMap<>();

    private ScalacSinks() {}

    /** Routes compilations run with {@code -P:mmsb:store=<store>} to {@code sink}. */
    public static void register(String store, FactSink sink) {
        SINKS.put(store, sink);
    }

    /** Forgets the sink of {@code store}. */
    public static void unregister(String store) {
        SINKS.remove(store);
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
