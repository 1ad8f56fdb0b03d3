package io.mmsb.javac;

import io.mmsb.hooks.FactSink;
import io.mmsb.recorder.StoreSink;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses the {@link FactSink} for a plugin's {@code store=DIR} argument: a sink registered
 * under that name (a test's, or a build tool's own sink), nothing for {@code store=none}, else a
 * {@link StoreSink} recording into the store in directory DIR. An instance belongs to the plugin
 * it is given to ({@link MmsbPlugin#MmsbPlugin(SinkRegistry)}); the plugin that javac's
 * ServiceLoader creates has an empty one, so nothing is shared between plugins or outlives them.
 *
 * <p>Thread rules: thread-safe (concurrent map). Ownership: holds registered sinks until
 * {@link #unregister}; the registry does not close them.
 */
public final class SinkRegistry {
    private final Map<String, FactSink> sinks = new ConcurrentHashMap<>();

    /** Routes compilations run with {@code store=<store>} to {@code sink}; returns this registry. */
    public SinkRegistry register(String store, FactSink sink) {
        sinks.put(store, sink);
        return this;
    }

    /** Forgets the sink of {@code store}. */
    public void unregister(String store) {
        sinks.remove(store);
    }

    /**
     * The sink for {@code store=<store>}: a registered sink; none ({@link FactSink#NOOP}) for a
     * missing argument or {@code store=none}; otherwise a {@link StoreSink} over the store in
     * directory {@code store} (created if absent), closed when the compilation ends.
     */
    public FactSink open(String store) {
        if (store == null || store.equals("none")) {
            return FactSink.NOOP;
        }
        FactSink registered = sinks.get(store);
        return registered != null ? registered : StoreSink.open(Path.of(store));
    }
}
