package io.mmsb.propagation;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.mmsb.core.internal.memory.Block;
import io.mmsb.core.internal.memory.Memory;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;

/**
 * An immutable directed graph in CSR form (int32 offsets and targets, optional int64 weights)
 * held in off-heap pages allocated through {@link Memory}. An edge {@code u -> v} means "a change
 * of u reaches v" (v depends on u); {@link #reverse()} answers "who do I depend on".
 * Within a node, targets keep the input order (stable counting sort), so every traversal is
 * deterministic.
 *
 * <p>Seam: {@link #fromEdges} takes plain edge lists; the store's edge columns (as of an epoch)
 * will be plugged in there later.
 *
 * <p>Thread rules: immutable after construction; reads are thread-safe. Ownership: reference
 * counted: the creator holds one reference, {@link #retain()} adds one, each {@link #close()}
 * drops one and the last frees the pages (a leak shows in the parent allocator).
 */
public final class DependencyGraph implements AutoCloseable {
    private final Memory memory;
    private final Block offsetsBlock;
    private final Block targetsBlock;
    private final Block weightsBlock; // null when unweighted
    private final MemorySegment offsets;
    private final MemorySegment targets;
    private final MemorySegment weights;
    private final int nodeCount;
    private final int edgeCount;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final Set<LongSemiring> validated = ConcurrentHashMap.newKeySet();

    private DependencyGraph(Memory memory, Block offsetsBlock, Block targetsBlock, Block weightsBlock, int nodeCount, int edgeCount) {
        this.memory = memory;
        this.offsetsBlock = offsetsBlock;
        this.targetsBlock = targetsBlock;
        this.weightsBlock = weightsBlock;
        this.offsets = offsetsBlock.segment();
        this.targets = targetsBlock.segment();
        this.weights = weightsBlock == null ? null : weightsBlock.segment();
        this.nodeCount = nodeCount;
        this.edgeCount = edgeCount;
    }

    /** An unweighted graph over nodes {@code [0, nodeCount)} with edges {@code src[i] -> dst[i]}. */
    public static DependencyGraph fromEdges(BufferAllocator allocator, int nodeCount, int[] src, int[] dst) {
        return fromEdges(allocator, nodeCount, src, dst, null);
    }

    /**
     * A graph with edges {@code src[i] -> dst[i]} of weight {@code weights[i]} ({@code weights}
     * may be null: unweighted, each semiring then uses its {@link LongSemiring#defaultEdgeWeight()}).
     * Duplicate edges and self-loops are kept (they are distinct paths for COUNTING).
     *
     * @throws InvalidEdgeException naming the first edge with an endpoint outside {@code [0, nodeCount)}
     */
    public static DependencyGraph fromEdges(BufferAllocator allocator, int nodeCount, int[] src, int[] dst, long[] weights) {
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        if (nodeCount < 0) {
            throw new IllegalArgumentException("negative node count " + nodeCount);
        }
        if (src.length != dst.length || (weights != null && weights.length != src.length)) {
            throw new IllegalArgumentException("edge arrays differ in length: src " + src.length + ", dst " + dst.length
                    + (weights == null ? "" : ", weights " + weights.length));
        }
        int m = src.length;
        for (int i = 0; i < m; i++) {
            int s = src[i];
            int d = dst[i];
            if (s < 0 || s >= nodeCount) {
                throw new InvalidEdgeException(i, s, d, "source " + s + " is not a node in [0, " + nodeCount + ")");
            }
            if (d < 0 || d >= nodeCount) {
                throw new InvalidEdgeException(i, s, d, "target " + d + " is not a node in [0, " + nodeCount + ")");
            }
        }
        Memory memory = Memory.childOf(allocator, "dependency-graph");
        Block off = null;
        Block tgt = null;
        Block wts = null;
        try {
            off = memory.allocate((long) (nodeCount + 1) * Integer.BYTES);
            tgt = memory.allocate((long) m * Integer.BYTES);
            wts = weights == null ? null : memory.allocate((long) m * Long.BYTES);
            MemorySegment o = off.segment();
            for (int i = 0; i < m; i++) { // degree counts at o[s + 1]
                long at = src[i] + 1L;
                o.setAtIndex(JAVA_INT, at, o.getAtIndex(JAVA_INT, at) + 1);
            }
            for (int v = 0; v < nodeCount; v++) {
                o.setAtIndex(JAVA_INT, v + 1L, o.getAtIndex(JAVA_INT, v + 1L) + o.getAtIndex(JAVA_INT, v));
            }
            int[] cursor = new int[nodeCount];
            for (int v = 0; v < nodeCount; v++) {
                cursor[v] = o.getAtIndex(JAVA_INT, v);
            }
            MemorySegment t = tgt.segment();
            for (int i = 0; i < m; i++) {
                int pos = cursor[src[i]]++;
                t.setAtIndex(JAVA_INT, pos, dst[i]);
                if (wts != null) {
                    wts.segment().setAtIndex(JAVA_LONG, pos, weights[i]);
                }
            }
            return new DependencyGraph(memory, off, tgt, wts, nodeCount, m);
        } catch (RuntimeException | Error e) {
            if (wts != null) wts.close();
            if (tgt != null) tgt.close();
            if (off != null) off.close();
            memory.close();
            throw e;
        }
    }

    public int nodeCount() {
        return nodeCount;
    }

    public int edgeCount() {
        return edgeCount;
    }

    /** Index of the first out-edge of {@code node}; its edges are {@code [firstEdge(node), firstEdge(node + 1))}. */
    public int firstEdge(int node) {
        return offsets.getAtIndex(JAVA_INT, node);
    }

    public int outDegree(int node) {
        return firstEdge(node + 1) - firstEdge(node);
    }

    /** Target of edge {@code edge} (CSR order). */
    public int target(int edge) {
        return targets.getAtIndex(JAVA_INT, edge);
    }

    public boolean weighted() {
        return weights != null;
    }

    /** Weight of edge {@code edge} in semiring {@code s} (its default weight when unweighted). */
    public long weight(int edge, LongSemiring s) {
        return weights == null ? s.defaultEdgeWeight() : weights.getAtIndex(JAVA_LONG, edge);
    }

    /** Read-only view of the CSR offsets (nodeCount + 1 ints). */
    public MemorySegment offsets() {
        return offsets.asReadOnly();
    }

    /** Read-only view of the CSR targets (edgeCount ints). */
    public MemorySegment targets() {
        return targets.asReadOnly();
    }

    /**
     * Checks every edge weight against {@code s} once per semiring (cached).
     *
     * @throws InvalidEdgeException naming the first edge (CSR order) with a weight {@code s} rejects
     */
    public void validateFor(LongSemiring s) {
        if (validated.contains(s)) {
            return;
        }
        if (weights == null) {
            if (!s.isValidEdgeWeight(s.defaultEdgeWeight())) {
                throw new IllegalStateException("default edge weight of " + s.name() + " is invalid for itself");
            }
        } else {
            for (int u = 0; u < nodeCount; u++) {
                for (int e = firstEdge(u), end = firstEdge(u + 1); e < end; e++) {
                    long w = weights.getAtIndex(JAVA_LONG, e);
                    if (!s.isValidEdgeWeight(w)) {
                        throw new InvalidEdgeException(e, u, target(e), "weight " + w + " is invalid for " + s.name()
                                + " (needs " + s.edgeWeightRule() + ")");
                    }
                }
            }
        }
        validated.add(s);
    }

    /** The reverse graph (every edge flipped, weights kept), in new pages from the same parent allocator. Caller closes it. */
    public DependencyGraph reverse() {
        int[] src = new int[edgeCount];
        int[] dst = new int[edgeCount];
        long[] w = weights == null ? null : new long[edgeCount];
        int i = 0;
        for (int u = 0; u < nodeCount; u++) {
            for (int e = firstEdge(u), end = firstEdge(u + 1); e < end; e++, i++) {
                src[i] = target(e);
                dst[i] = u;
                if (w != null) {
                    w[i] = weights.getAtIndex(JAVA_LONG, e);
                }
            }
        }
        return fromEdges(memory.allocator().getParentAllocator(), nodeCount, src, dst, w);
    }

    /** Adds a reference; the caller must close it. */
    public DependencyGraph retain() {
        refs.getAndUpdate(r -> {
            if (r <= 0) {
                throw new IllegalStateException("dependency graph already closed");
            }
            return r + 1;
        });
        return this;
    }

    /** Drops one reference; the last one frees the pages. */
    @Override
    public void close() {
        int r = refs.decrementAndGet();
        if (r == 0) {
            if (weightsBlock != null) {
                weightsBlock.close();
            }
            targetsBlock.close();
            offsetsBlock.close();
            memory.close();
        } else if (r < 0) {
            refs.incrementAndGet();
            throw new IllegalStateException("dependency graph closed more often than retained");
        }
    }
}
