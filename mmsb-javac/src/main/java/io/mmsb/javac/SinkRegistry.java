package io.mmsb.javac;

import io.mmsb.hooks.FactSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread rules: thread-safe (concurrent map). Ownership: holds registered sinks until
 * {@link #unregister}; the registry does not close them.
 *
 * <p>Chooses the {@link FactSink} for a plugin's {@code store=DIR} argument. Until the Store exists
 * this is a plain registry (tests register a sink under a store name); an unknown store gets
 * {@link FactSink#NOOP}. The lead replaces {@link #open} with "open the Store at DIR".
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
    public static FactSink open(String store) {
        return store == null ? FactSink.NOOP : SINKS.getOrDefault(store, FactSink.NOOP);
    }
}
