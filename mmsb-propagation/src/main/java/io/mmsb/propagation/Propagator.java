package io.mmsb.propagation;

import io.mmsb.propagation.internal.Components;
import io.mmsb.propagation.internal.Kernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Propagates changes along a {@link DependencyGraph}: the least fixpoint of
 * {@code value(v) = seed(v) ⊕ ⊕_{u -> v} value(u) ⊗ weight(u -> v)}. Components of the graph are
 * visited in topological order, starting only from the seeds' components, so the work follows
 * the size of what the change reaches, not of the graph. Inside a reached component with a
 * cycle, a semiring that is {@link LongSemiring#boundedOnCycles() bounded on cycles} is iterated
 * to its fixpoint (a bounded number of rounds; one that does not converge is an error); any
 * other gives every member {@link LongSemiring#top()} (infinitely many paths, an unbounded
 * chain). Terminates on every input. Edge weights count for TROPICAL, MAX_PLUS and COUNTING
 * (hops, chain length, multiplicity); other semirings use one.
 *
 * <p>Thread rules: one thread at a time (scratch arrays are reused between calls; make one
 * propagator per thread). Ownership: borrows the graph, which must outlive it.
 */
public final class Propagator {
    private final DependencyGraph graph;
    private final Components comps;
    private final long[] values;
    private final int[] stamp;
    private final int[] touched;
    private int touchedCount;
    private int generation;
    private final int[] heap;
    private final int[] work;
    private final int[] queued;
    private final int[] queuedStamp;
    private int heapSize;

    public Propagator(DependencyGraph graph) {
        this.graph = graph;
        this.comps = graph.components();
        int n = graph.nodeCount();
        this.values = new long[n];
        this.stamp = new int[n];
        this.touched = new int[n];
        this.heap = new int[comps.count()];
        this.work = new int[n];
        this.queued = new int[n];
        this.queuedStamp = new int[comps.count()];
    }

    /** Reachability from {@code seeds}: every node a change of a seed affects (the seeds included). */
    public PropagationResult reach(int... seeds) {
        long[] ones = new long[seeds.length];
        Arrays.fill(ones, 1);
        return propagate(Semirings.BOOLEAN, seeds, ones);
    }

    /**
     * Reachability from up to 64 sources in one pass: bit {@code i} of a node's value is set if
     * source {@code i} reaches it.
     */
    public PropagationResult reach64(int... sources) {
        if (sources.length > 64) {
            throw new PropagationException(sources.length + " sources given; bit-parallel reachability takes at most 64 per pass");
        }
        long[] bits = new long[sources.length];
        for (int i = 0; i < sources.length; i++) {
            bits[i] = 1L << i;
        }
        return propagate(Semirings.BIT_PARALLEL, sources, bits);
    }

    /** Propagates {@code seedValues[i]} from node {@code seeds[i]} with semiring {@code s}. */
    public PropagationResult propagate(LongSemiring s, int[] seeds, long[] seedValues) {
        if (seeds.length != seedValues.length) {
            throw new PropagationException(seeds.length + " seeds but " + seedValues.length + " seed values");
        }
        begin();
        long zero = s.zeroL();
        for (int i = 0; i < seeds.length; i++) {
            int v = seeds[i];
            if (v < 0 || v >= graph.nodeCount()) {
                throw new PropagationException("seed " + v + " is not a node; expected 0.." + (graph.nodeCount() - 1));
            }
            add(v, seedValues[i], s, zero);
        }
        int kind = kindOf(s);
        while (heapSize > 0) {
            int c = pop();
            if (comps.cyclic(c)) {
                settleCycle(c, s, zero, kind);
            }
            for (int m = comps.memberStart(c); m < comps.memberEnd(c); m++) {
                int u = comps.member(m);
                long vu = value(u, zero);
                if (vu == zero) {
                    continue;
                }
                for (int e = graph.edgeStart(u); e < graph.edgeEnd(u); e++) {
                    int t = graph.target(e);
                    if (comps.componentOf(t) != c) {
                        reach(t, relax(kind, s, value(t, zero), vu, e), zero);
                    }
                }
            }
        }
        return collect(zero);
    }

    /**
     * The dense fixpoint of a semiring bounded on cycles over every node at once (for large seed sets):
     * rounds of edge relaxation, each merged into the value column by the vector kernel, until a
     * round changes nothing. {@code initial[v]} is node v's seed value.
     */
    public long[] denseFixpoint(LongSemiring s, long[] initial) {
        if (!s.boundedOnCycles() || s.combine() == null) {
            throw new PropagationException("the dense fixpoint needs a semiring bounded on cycles with a vector combine; " + s.name() + " is not one");
        }
        int n = graph.nodeCount();
        if (initial.length != n) {
            throw new PropagationException("initial values for " + initial.length + " nodes; the graph has " + n);
        }
        Kernels k = Kernels.provider();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cur = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, n));
            MemorySegment next = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, n));
            MemorySegment.copy(initial, 0, cur, ValueLayout.JAVA_LONG, 0, n);
            for (int round = 0; ; round++) {
                MemorySegment.copy(cur, 0, next, 0, n * 8L);
                for (int u = 0; u < n; u++) {
                    long vu = cur.getAtIndex(ValueLayout.JAVA_LONG, u);
                    if (vu == s.zeroL()) {
                        continue;
                    }
                    for (int e = graph.edgeStart(u); e < graph.edgeEnd(u); e++) {
                        int t = graph.target(e);
                        long cand = s.timesL(vu, weightOf(s, e));
                        next.setAtIndex(ValueLayout.JAVA_LONG, t, s.plusL(next.getAtIndex(ValueLayout.JAVA_LONG, t), cand));
                    }
                }
                if (!k.combine(s.combine(), cur, next, n)) {
                    break;
                }
                if (round > n + 1) {
                    throw new PropagationException(s.name() + " did not converge after " + round + " rounds (a negative cycle?)");
                }
            }
            long[] out = new long[n];
            MemorySegment.copy(cur, ValueLayout.JAVA_LONG, 0, out, 0, n);
            return out;
        }
    }

    private static final int GENERIC = 0;
    private static final int OR_AND = 1;
    private static final int MIN_PLUS = 2;

    /** Built-ins get their ⊕/⊗ inlined in the hot loops (a call through the interface would be megamorphic there). */
    private static int kindOf(LongSemiring s) {
        return s == Semirings.BOOLEAN || s == Semirings.BIT_PARALLEL ? OR_AND : s == Semirings.TROPICAL ? MIN_PLUS : GENERIC;
    }

    /** {@code before ⊕ (value ⊗ weight(edge))}. */
    private long relax(int kind, LongSemiring s, long before, long value, int edge) {
        return switch (kind) {
            case OR_AND -> before | value; // the weight is one (all bits): value ⊗ 1 = value
            case MIN_PLUS -> Math.min(before, Semirings.TROPICAL.timesL(value, weightOf(s, edge)));
            default -> s.plusL(before, s.timesL(value, weightOf(s, edge)));
        };
    }

    private long weightOf(LongSemiring s, int edge) {
        long w = graph.weight(edge);
        if (s == Semirings.TROPICAL && w < 0) {
            throw new PropagationException("edge " + edge + " has negative weight " + w + "; shortest distances need weights >= 0");
        }
        return s == Semirings.TROPICAL || s == Semirings.MAX_PLUS ? w : (s == Semirings.COUNTING ? Math.max(w, 0) : s.oneL());
    }

    /** Inside a cyclic component: iterate a semiring bounded on cycles to its fixpoint, or saturate. */
    private void settleCycle(int c, LongSemiring s, long zero, int kind) {
        int from = comps.memberStart(c);
        int to = comps.memberEnd(c);
        boolean reached = false;
        for (int m = from; m < to; m++) {
            reached |= value(comps.member(m), zero) != zero;
        }
        if (!reached) {
            return;
        }
        if (!s.boundedOnCycles()) {
            for (int m = from; m < to; m++) {
                set(comps.member(m), s.top());
            }
            return;
        }
        // worklist: only members whose value changed are relaxed again
        long size = to - from;
        long budget = size * (size + 2) + 16;
        int cap = to - from;
        int head = 0;
        int count = 0;
        for (int m = from; m < to; m++) {
            int u = comps.member(m);
            if (value(u, zero) != zero) {
                work[count++] = u;
                queued[u] = generation;
            }
        }
        while (count > 0) {
            int u = work[head];
            head = head + 1 == cap ? 0 : head + 1;
            count--;
            queued[u] = 0;
            if (--budget < 0) {
                throw new PropagationException(s.name() + " did not converge on a cycle of " + size + " nodes (a negative cycle?)");
            }
            long vu = value(u, zero);
            for (int e = graph.edgeStart(u); e < graph.edgeEnd(u); e++) {
                int t = graph.target(e);
                if (comps.componentOf(t) == c) {
                    long before = value(t, zero);
                    long after = relax(kind, s, before, vu, e);
                    if (after != before) {
                        set(t, after);
                        if (queued[t] != generation) {
                            queued[t] = generation;
                            int at = head + count;
                            work[at >= cap ? at - cap : at] = t;
                            count++;
                        }
                    }
                }
            }
        }
    }

    // ---- scratch state: values, touched nodes and the component queue, reset per call

    private void begin() {
        generation++;
        if (generation == Integer.MAX_VALUE) {
            Arrays.fill(stamp, 0);
            Arrays.fill(queuedStamp, 0);
            Arrays.fill(queued, 0);
            generation = 1;
        }
        touchedCount = 0;
        heapSize = 0;
    }

    private long value(int v, long zero) {
        return stamp[v] == generation ? values[v] : zero;
    }

    private void set(int v, long x) {
        if (stamp[v] != generation) {
            stamp[v] = generation;
            touched[touchedCount++] = v;
        }
        values[v] = x;
    }

    private void add(int v, long x, LongSemiring s, long zero) {
        if (x != zero) {
            reach(v, s.plusL(value(v, zero), x), zero);
        }
    }

    /** Sets v's new value and queues its component. */
    private void reach(int v, long x, long zero) {
        if (x == zero) {
            return;
        }
        set(v, x);
        int c = comps.componentOf(v);
        if (queuedStamp[c] != generation) {
            queuedStamp[c] = generation;
            push(c);
        }
    }

    private PropagationResult collect(long zero) {
        int[] nodes = Arrays.copyOf(touched, touchedCount);
        Arrays.sort(nodes);
        int n = 0;
        long[] vals = new long[nodes.length];
        for (int v : nodes) {
            if (values[v] != zero) {
                nodes[n] = v;
                vals[n++] = values[v];
            }
        }
        return new PropagationResult(Arrays.copyOf(nodes, n), Arrays.copyOf(vals, n));
    }

    private void push(int c) {
        int i = heapSize++;
        heap[i] = c;
        while (i > 0 && heap[(i - 1) >>> 1] > heap[i]) {
            int p = (i - 1) >>> 1;
            int t = heap[p];
            heap[p] = heap[i];
            heap[i] = t;
            i = p;
        }
    }

    private int pop() {
        int top = heap[0];
        heap[0] = heap[--heapSize];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int m = i;
            if (l < heapSize && heap[l] < heap[m]) {
                m = l;
            }
            if (r < heapSize && heap[r] < heap[m]) {
                m = r;
            }
            if (m == i) {
                return top;
            }
            int t = heap[m];
            heap[m] = heap[i];
            heap[i] = t;
            i = m;
        }
    }
}
