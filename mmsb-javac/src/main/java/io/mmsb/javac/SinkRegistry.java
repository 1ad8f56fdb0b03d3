package io.mmsb.javac;

import io.mmsb.hooks.FactSink;
import io.mmsb.hooks.StoreSink;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses the {@link FactSink} for a plugin's {@code store=DIR} argument: a sink registered
 * under that name (tests), nothing for {@code store=none}, else a {@link StoreSink} recording
 * into the store in directory DIR.
 *
 * <p>Thread rules: thread-safe (concurrent map). Ownership: holds registered sinks until
 * {@link #unregister}; the registry does not close them.
 */
public final class SinkRegistry {
    private static final Map<String, FactSink> SINKS = new ConcurrentHashMap<>();

    private SinkRegistry() {}

    /** Routes compilations run with {@code store=<store>} to {@code sink}. */
    public static void register(String store, FactSink sink) {
        SINKS.put(store, sink);
    }

    /** Forgets the sink of {@code store}. */
    public static void unregister(String store) {
        SINKS.remove(store);
    }

    /** The sink for {@code store} ({@code null} or unknown: {@link FactSink#NOOP}). */
    /**
     * The sink for {@code store=<store>}: a registered sink; none for a missing argument or
     * {@code store=none}; otherwise a {@link StoreSink} over the store in directory {@code store}
     * (created if absent), closed when the compilation ends.
     */
    public static FactSink open(String store) {
        if (store == null || store.equals("none")) {
            return FactSink.NOOP;
        }
        FactSink registered = SINKS.get(store);
        return registered != null ? registered : StoreSink.open(Path.of(store));
    }
}
