package io.mmsb.propagation;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.mmsb.core.internal.memory.Block;
import io.mmsb.core.internal.memory.Memory;
import io.mmsb.propagation.internal.KernelProvider;
import io.mmsb.propagation.internal.Kernels;
import io.mmsb.propagation.internal.Tarjan;
import java.util.Arrays;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Propagates a change (a seed set) along a {@link DependencyGraph} and returns, for every
 * affected entity, the plus over all paths from a seed of the times of the edge weights: the
 * least fixpoint of {@code x = seeds + x * A}.
 *
 * <p>Algorithm: frontier-based, work proportional to the part of the graph reachable from the
 * seeds. {@link Semirings#BOOLEAN} uses a worklist (each reached node is expanded once);
 * {@link Semirings#TROPICAL} on an unweighted graph with equal seed values is a BFS. Other
 * semirings (including {@link Semirings#BIT_PARALLEL}, so each node is expanded once rather than
 * once per gained bit) walk the
 * condensation: an iterative Tarjan from the seeds yields the reached strongly connected
 * components, processed in topological order; inside a component the values are relaxed until
 * stable (bounded as in Bellman-Ford), or saturated when a cycle is unstable ({@code star(w) !=
 * one}, e.g. COUNTING on any cycle, MAX_PLUS on a cycle with a positive edge). See
 * {@link LongSemiring}.
 *
 * <p>Thread rules: not thread-safe (reuses scratch arrays); use one propagator per thread over a
 * shared graph. Ownership: retains the graph until {@link #close()}; results belong to the caller.
 */
public final class Propagator implements AutoCloseable {
    private final DependencyGraph graph;
    private final BufferAllocator allocator;
    private final Kernels kernels;
    private final Tarjan tarjan;
    private final long[] value;
    private final int[] stamp;
    private final int[] queue;
    private final int[] touched;
    private int epoch;
    private int touchedCount;

    private Propagator(DependencyGraph graph, BufferAllocator allocator, KernelPath path) {
        this.graph = graph.retain();
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.kernels = KernelProvider.select(path);
        int n = graph.nodeCount();
        this.tarjan = new Tarjan(graph);
        this.value = new long[n];
        this.stamp = new int[n];
        this.queue = new int[n];
        this.touched = new int[n];
    }

    /** A propagator over {@code graph} whose results are allocated from {@code allocator}; kernels chosen automatically. */
    public static Propagator over(DependencyGraph graph, BufferAllocator allocator) {
        return new Propagator(graph, allocator, KernelPath.AUTO);
    }

    /** As {@link #over(DependencyGraph, BufferAllocator)}, with the kernel path forced. */
    public static Propagator over(DependencyGraph graph, BufferAllocator allocator, KernelPath path) {
        return new Propagator(graph, allocator, path);
    }

    /** Name of the kernels in use ("vector" or "scalar"). */
    public String kernels() {
        return kernels.name();
    }

    public DependencyGraph graph() {
        return graph;
    }

    /** The entities affected by a change of {@code seeds} (the seeds included): BOOLEAN propagation. */
    public PropagationResult affected(int... seeds) {
        return propagate(Semirings.BOOLEAN, seeds);
    }

    /** Propagates {@code semiring}'s one from every seed. */
    public PropagationResult propagate(LongSemiring semiring, int... seeds) {
        long[] one = new long[seeds.length];
        Arrays.fill(one, semiring.oneLong());
        return propagate(semiring, seeds, one);
    }

    /**
     * Multi-source reachability, 64 sources per pass: bit i of a node's value says whether
     * {@code sources[i]} reaches it (at most 64 sources).
     */
    public PropagationResult reachFromSources(int... sources) {
        if (sources.length > 64) {
            throw new IllegalArgumentException("at most 64 sources per pass, got " + sources.length);
        }
        long[] bits = new long[sources.length];
        for (int i = 0; i < sources.length; i++) {
            bits[i] = 1L << i;
        }
        return propagate(Semirings.BIT_PARALLEL, sources, bits);
    }

    /**
     * Propagates {@code seedValues[i]} from {@code seeds[i]} (repeated seeds are combined with plus).
     *
     * @throws InvalidSeedException if a seed is not a node
     * @throws InvalidEdgeException if an edge weight is invalid for {@code semiring}
     * @throws PropagationDivergedException if a custom semiring's "stable" cycles keep improving
     */
    public PropagationResult propagate(LongSemiring semiring, int[] seeds, long[] seedValues) {
        Objects.requireNonNull(semiring, "semiring");
        if (seeds.length != seedValues.length) {
            throw new IllegalArgumentException(seeds.length + " seeds but " + seedValues.length + " seed values");
        }
        int n = graph.nodeCount();
        for (int i = 0; i < seeds.length; i++) {
            if (seeds[i] < 0 || seeds[i] >= n) {
                throw new InvalidSeedException("seed #" + i + " = " + seeds[i] + " is not a node in [0, " + n + ")");
            }
        }
        graph.validateFor(semiring);
        newEpoch();
        long zero = semiring.zeroLong();
        for (int i = 0; i < seeds.length; i++) {
            touch(seeds[i], zero);
            value[seeds[i]] = semiring.plusLong(value[seeds[i]], seedValues[i]);
        }
        if (semiring == Semirings.BOOLEAN) {
            worklist(semiring, seeds);
        } else if (semiring == Semirings.TROPICAL && !graph.weighted() && allEqual(seedValues)) {
            levels(seeds);
        } else {
            condensation(semiring, seeds);
        }
        return collect(semiring);
    }

    private void newEpoch() {
        if (++epoch == Integer.MAX_VALUE) {
            Arrays.fill(stamp, 0);
            epoch = 1;
        }
        touchedCount = 0;
    }

    private void touch(int v, long zero) {
        if (stamp[v] != epoch) {
            stamp[v] = epoch;
            value[v] = zero;
            touched[touchedCount++] = v;
        }
    }

    /** Idempotent reachability by worklist: revisit a node only when its value gains bits. */
    private void worklist(LongSemiring s, int[] seeds) {
        long zero = s.zeroLong();
        int n = graph.nodeCount();
        int head = 0;
        int count = 0;
        int[] q = queue;
        boolean[] in = inQueue();
        for (int v : seeds) {
            if (!in[v] && value[v] != zero) {
                in[v] = true;
                q[(head + count++) % n] = v;
            }
        }
        while (count > 0) {
            int u = q[head];
            head = head + 1 == n ? 0 : head + 1;
            count--;
            in[u] = false;
            long vu = value[u];
            for (int e = graph.firstEdge(u), end = graph.firstEdge(u + 1); e < end; e++) {
                int v = graph.target(e);
                touch(v, zero);
                long old = value[v];
                long nv = old | (vu & graph.weight(e, s));
                if (nv != old) {
                    value[v] = nv;
                    if (!in[v]) {
                        in[v] = true;
                        q[(head + count++) % n] = v;
                    }
                }
            }
        }
    }

    private static boolean allEqual(long[] values) {
        for (long v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }

    /**
     * TROPICAL on an unweighted graph with equal seed values: the least fixpoint is the BFS level
     * (seed value + hops), found in one breadth-first pass; the first visit is final.
     */
    private void levels(int[] seeds) {
        int[] q = queue;
        int head = 0;
        int tail = 0;
        boolean[] in = inQueue();
        for (int v : seeds) {
            if (!in[v]) { // repeated seeds are queued once
                in[v] = true;
                q[tail++] = v;
            }
        }
        for (int i = 0; i < tail; i++) {
            in[q[i]] = false;
        }
        while (head < tail) {
            int u = q[head++];
            long next = Semirings.TROPICAL.timesLong(value[u], 1);
            for (int e = graph.firstEdge(u), end = graph.firstEdge(u + 1); e < end; e++) {
                int v = graph.target(e);
                if (stamp[v] != epoch) {
                    touch(v, Semirings.INFINITY);
                    value[v] = next;
                    q[tail++] = v;
                }
            }
        }
    }

    private boolean[] inQueueFlags;

    private boolean[] inQueue() {
        if (inQueueFlags == null) {
            inQueueFlags = new boolean[graph.nodeCount()];
        }
        return inQueueFlags;
    }

    /** General semirings: components in topological order, relaxed or saturated inside. */
    private void condensation(LongSemiring s, int[] seeds) {
        long zero = s.zeroLong();
        long one = s.oneLong();
        tarjan.run(seeds);
        for (int c = tarjan.componentCount() - 1; c >= 0; c--) {
            int from = tarjan.componentStart(c);
            int to = tarjan.componentEnd(c);
            for (int i = from; i < to; i++) {
                touch(tarjan.member(i), zero);
            }
            long unstable = 0;
            boolean hasUnstable = false;
            boolean allOne = true;
            long internalEdges = 0;
            for (int i = from; i < to && !hasUnstable; i++) {
                int u = tarjan.member(i);
                for (int e = graph.firstEdge(u), end = graph.firstEdge(u + 1); e < end; e++) {
                    if (tarjan.componentOf(graph.target(e)) == c) {
                        internalEdges++;
                        long w = graph.weight(e, s);
                        allOne &= w == one;
                        if (s.star(w) != one) {
                            unstable = w;
                            hasUnstable = true;
                            break;
                        }
                    }
                }
            }
            if (hasUnstable) {
                long total = zero;
                for (int i = from; i < to; i++) {
                    total = s.plusLong(total, value[tarjan.member(i)]);
                }
                if (total != zero) {
                    long saturated = s.timesLong(total, s.star(unstable));
                    for (int i = from; i < to; i++) {
                        value[tarjan.member(i)] = saturated;
                    }
                }
            } else if (internalEdges > 0 && allOne && s.idempotentPlus()) {
                long total = zero; // every member reaches every member at weight one
                for (int i = from; i < to; i++) {
                    total = s.plusLong(total, value[tarjan.member(i)]);
                }
                for (int i = from; i < to; i++) {
                    value[tarjan.member(i)] = total;
                }
            } else if (internalEdges > 0) {
                relaxInside(s, c, from, to, internalEdges);
            }
            for (int i = from; i < to; i++) { // push to later components
                int u = tarjan.member(i);
                long vu = value[u];
                if (vu == zero) {
                    continue;
                }
                for (int e = graph.firstEdge(u), end = graph.firstEdge(u + 1); e < end; e++) {
                    int v = graph.target(e);
                    if (tarjan.componentOf(v) != c) {
                        touch(v, zero);
                        value[v] = s.plusLong(value[v], s.timesLong(vu, graph.weight(e, s)));
                    }
                }
            }
        }
    }

    /** Queue-based Bellman-Ford inside one stable component, bounded by |C| rounds of its edges. */
    private void relaxInside(LongSemiring s, int c, int from, int to, long internalEdges) {
        int size = to - from;
        long budget = (long) size * (internalEdges + size) + 1;
        boolean[] in = inQueue();
        int[] q = queue; // ring of capacity size suffices: each member is queued at most once at a time
        int head = 0;
        int count = 0;
        long zero = s.zeroLong();
        for (int i = from; i < to; i++) { // only members holding a value can improve others
            int u = tarjan.member(i);
            if (value[u] != zero) {
                in[u] = true;
                q[count++] = u;
            }
        }
        if (s.idempotentPlus() && count > 1) {
            // best values first (plus selects one of its arguments): close to Dijkstra order, fewer re-relaxations
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = q[i];
            }
            Arrays.sort(order, (a, b) -> {
                long va = value[a];
                long vb = value[b];
                if (va == vb) {
                    return Integer.compare(a, b);
                }
                return s.plusLong(va, vb) == va ? -1 : 1;
            });
            for (int i = 0; i < count; i++) {
                q[i] = order[i];
            }
        }
        while (count > 0) {
            int u = q[head];
            head = head + 1 == size ? 0 : head + 1;
            count--;
            in[u] = false;
            long vu = value[u];
            if (vu == zero) {
                continue;
            }
            for (int e = graph.firstEdge(u), end = graph.firstEdge(u + 1); e < end; e++) {
                int v = graph.target(e);
                if (tarjan.componentOf(v) != c) {
                    continue;
                }
                if (--budget < 0) {
                    clearQueued(q, head, count, size);
                    throw new PropagationDivergedException("semiring " + s.name() + " did not converge inside a component of "
                            + size + " nodes although star(w) == one for its edges: the semiring is not stable on cycles");
                }
                long old = value[v];
                long nv = s.plusLong(old, s.timesLong(vu, graph.weight(e, s)));
                if (nv != old) {
                    value[v] = nv;
                    if (!in[v]) {
                        in[v] = true;
                        q[(head + count++) % size] = v;
                    }
                }
            }
        }
    }

    private void clearQueued(int[] q, int head, int count, int size) {
        boolean[] in = inQueue();
        for (int i = 0; i < count; i++) {
            in[q[(head + i) % size]] = false;
        }
    }

    private PropagationResult collect(LongSemiring s) {
        long zero = s.zeroLong();
        int[] ids = new int[touchedCount];
        int k = 0;
        for (int i = 0; i < touchedCount; i++) {
            int v = touched[i];
            if (value[v] != zero) {
                ids[k++] = v;
            }
        }
        Arrays.sort(ids, 0, k);
        Memory memory = Memory.childOf(allocator, "propagation-result");
        Block idBlock = null;
        try {
            idBlock = memory.allocate((long) k * Integer.BYTES);
            Block valueBlock = memory.allocate((long) k * Long.BYTES);
            for (int i = 0; i < k; i++) {
                idBlock.segment().setAtIndex(JAVA_INT, i, ids[i]);
                valueBlock.segment().setAtIndex(JAVA_LONG, i, value[ids[i]]);
            }
            return new PropagationResult(s, graph.nodeCount(), k, memory, idBlock, valueBlock, kernels);
        } catch (RuntimeException | Error e) {
            if (idBlock != null) {
                idBlock.close();
            }
            memory.close();
            throw e;
        }
    }

    /** Releases this propagator's reference to the graph. */
    @Override
    public void close() {
        graph.close();
    }
}
