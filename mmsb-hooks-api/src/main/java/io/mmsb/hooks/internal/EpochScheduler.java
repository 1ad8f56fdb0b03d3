package io.mmsb.hooks.internal;

import io.mmsb.hooks.Epoch;
import io.mmsb.hooks.Fact;
import io.mmsb.hooks.FactSink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deterministic epoch scheduler: buffers facts per {@link Epoch} (unit, stage, pass) and releases
 * them to a sink in {@link Epoch#CANONICAL} order, never in thread-timing or hash order.
 *
 * <p>Thread rules: {@link #add} may be called from any number of threads at once; within one
 * epoch, facts keep the order of the calls, which is deterministic as long as each unit is driven
 * by one thread at a time (the hooks' contract). {@link #release} must run after every
 * {@link #add} has returned (the facade guarantees it). Ownership: one instance per compilation,
 * owned by that compilation's state.
 */
public final class EpochScheduler {
    private final ConcurrentHashMap<Epoch, List<Fact>> buffers = new ConcurrentHashMap<>();

    /** Appends facts to an epoch's buffer (atomically with respect to other adds to it). */
    public void add(Epoch epoch, Collection<? extends Fact> facts) {
        if (facts.isEmpty()) return;
        List<Fact> buffer = buffers.computeIfAbsent(epoch, k -> new ArrayList<>());
        synchronized (buffer) {
            buffer.addAll(facts);
        }
    }

    /** The epochs holding facts, in canonical order. */
    public List<Epoch> epochs() {
        List<Epoch> keys = new ArrayList<>(buffers.keySet());
        keys.sort(Epoch.CANONICAL);
        return keys;
    }

    /** Sends {@code begin}, every epoch in canonical order, then {@code end}; the sink may throw. */
    public void release(String compilation, FactSink sink) {
        sink.begin(compilation);
        for (Epoch epoch : epochs()) {
            List<Fact> buffer = buffers.get(epoch);
            List<Fact> copy;
            synchronized (buffer) {
                copy = List.copyOf(buffer);
            }
            sink.epoch(epoch, copy);
        }
        sink.end(compilation);
    }

    /** Drops every buffered fact. */
    public void clear() {
        buffers.clear();
    }
}
