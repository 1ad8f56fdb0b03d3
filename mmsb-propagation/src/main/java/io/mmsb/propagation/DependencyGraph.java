package io.mmsb.propagation;

import io.mmsb.core.ColumnType;
import io.mmsb.core.internal.memory.Block;
import io.mmsb.core.internal.memory.Memory;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
import io.mmsb.propagation.internal.Components;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.apache.arrow.memory.BufferAllocator;

/**
 * An immutable dependency graph in CSR form, held in one off-heap block: {@code n + 1} int32
 * offsets, the int32 targets of every node's out-edges (sorted by source, then by target, so
 * every traversal is deterministic), and one int64 weight per edge. An edge {@code u -> v} means
 * "a change of u reaches v" (v depends on u). Built from edge lists, or from the edge columns
 * of a store as of an epoch.
 *
 * <p>Thread rules: immutable; reads from any thread. Ownership: owns its memory;
 * {@link #close()} frees it (the strongly connected components are computed once, on first use).
 */
public final class DependencyGraph implements AutoCloseable {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;

    private final Memory memory;
    private final Block block;
    private final int nodes;
    private final int edges;
    private final MemorySegment offsets;
    private final MemorySegment targets;
    private final MemorySegment weights;
    private volatile Components components;

    private DependencyGraph(Memory memory, Block block, int nodes, int edges) {
        this.memory = memory;
        this.block = block;
        this.nodes = nodes;
        this.edges = edges;
        long o = 0;
        this.offsets = block.segment().asSlice(o, (nodes + 1L) * 4);
        o = align((nodes + 1L) * 4);
        this.targets = block.segment().asSlice(o, edges * 4L);
        o = align(o + edges * 4L);
        this.weights = block.segment().asSlice(o, edges * 8L);
    }

    private static long align(long n) {
        return (n + 63) & ~63L;
    }

    /** A graph of {@code nodes} nodes with unit-weight edges {@code from[i] -> to[i]}. */
    public static DependencyGraph fromEdges(BufferAllocator allocator, int nodes, int[] from, int[] to) {
        return fromEdges(allocator, nodes, from, to, null);
    }

    /**
     * A graph with weighted edges ({@code weights} may be null: every edge weighs 1). Throws
     * {@link PropagationException} naming the first edge whose end is not a node.
     */
    public static DependencyGraph fromEdges(BufferAllocator allocator, int nodes, int[] from, int[] to, long[] weights) {
        if (nodes < 0) {
            throw new PropagationException("a graph needs a node count >= 0, got " + nodes);
        }
        if (from.length != to.length || (weights != null && weights.length != from.length)) {
            throw new PropagationException("edge arrays differ in length: " + from.length + " sources, " + to.length + " targets"
                + (weights == null ? "" : ", " + weights.length + " weights"));
        }
        for (int i = 0; i < from.length; i++) {
            if (from[i] < 0 || from[i] >= nodes || to[i] < 0 || to[i] >= nodes) {
                throw new PropagationException("edge " + i + " (" + from[i] + " -> " + to[i] + ") names a node outside 0.." + (nodes - 1));
            }
        }
        int m = from.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> from[a] != from[b] ? Integer.compare(from[a], from[b]) : Integer.compare(to[a], to[b]));
        Memory memory = Memory.childOf(allocator, "mmsb-graph");
        Block block = null;
        try {
            block = memory.allocate(align((nodes + 1L) * 4) + align(m * 4L) + m * 8L);
            DependencyGraph g = new DependencyGraph(memory, block, nodes, m);
            int[] counts = new int[nodes + 1];
            for (int f : from) {
                counts[f + 1]++;
            }
            for (int v = 0; v < nodes; v++) {
                counts[v + 1] += counts[v];
            }
            MemorySegment.copy(counts, 0, g.offsets, INT, 0, nodes + 1);
            for (int i = 0; i < m; i++) {
                int e = order[i];
                g.targets.setAtIndex(INT, i, to[e]);
                g.weights.setAtIndex(LONG, i, weights == null ? 1 : weights[e]);
            }
            return g;
        } catch (RuntimeException | Error e) {
            if (block != null) {
                block.close();
            }
            memory.close();
            throw e;
        }
    }

    /**
     * The graph recorded in a store's edge table as of a view's epoch: one edge per row, from the
     * INT32 column {@code fromColumn} to the INT32 column {@code toColumn}; node ids are
     * {@code 0 .. nodes - 1}.
     */
    public static DependencyGraph fromEdgeTable(BufferAllocator allocator, StateView view, String table, String fromColumn, String toColumn, int nodes) {
        int rows = view.rowCount(table);
        ColumnSlice f = view.column(table, fromColumn);
        ColumnSlice t = view.column(table, toColumn);
        if (f.type() != ColumnType.INT32 || t.type() != ColumnType.INT32) {
            throw new PropagationException("edge columns must be INT32; '" + fromColumn + "' is " + f.type() + ", '" + toColumn + "' is " + t.type());
        }
        int[] from = new int[rows];
        int[] to = new int[rows];
        for (int r = 0; r < rows; r++) {
            from[r] = f.getInt(r);
            to[r] = t.getInt(r);
        }
        return fromEdges(allocator, nodes, from, to);
    }

    /**
     * The graph of an adjacency column as of a view's epoch: row {@code r} of {@code table} is
     * node r, and its INT_LIST column {@code targetsColumn} lists the nodes it reaches.
     */
    public static DependencyGraph fromAdjacency(BufferAllocator allocator, StateView view, String table, String targetsColumn) {
        int rows = view.rowCount(table);
        ColumnSlice lists = view.column(table, targetsColumn);
        if (lists.type() != ColumnType.INT_LIST) {
            throw new PropagationException("adjacency column '" + targetsColumn + "' must be INT_LIST, is " + lists.type());
        }
        java.util.List<int[]> cells = new java.util.ArrayList<>(rows);
        int m = 0;
        for (int r = 0; r < rows; r++) {
            int[] c = lists.getIntList(r);
            cells.add(c);
            m += c.length;
        }
        int[] from = new int[m];
        int[] to = new int[m];
        int e = 0;
        for (int r = 0; r < rows; r++) {
            for (int target : cells.get(r)) {
                from[e] = r;
                to[e++] = target;
            }
        }
        return fromEdges(allocator, rows, from, to);
    }

    /** The same edges reversed: "who depends on me" becomes "what I depend on". */
    public DependencyGraph reversed(BufferAllocator allocator) {
        int[] from = new int[edges];
        int[] to = new int[edges];
        long[] w = new long[edges];
        for (int v = 0; v < nodes; v++) {
            for (int e = edgeStart(v); e < edgeEnd(v); e++) {
                from[e] = target(e);
                to[e] = v;
                w[e] = weight(e);
            }
        }
        return fromEdges(allocator, nodes, from, to, w);
    }

    public int nodeCount() {
        return nodes;
    }

    public int edgeCount() {
        return edges;
    }

    /** First out-edge index of {@code node}. */
    public int edgeStart(int node) {
        return offsets.getAtIndex(INT, node);
    }

    /** One past the last out-edge index of {@code node}. */
    public int edgeEnd(int node) {
        return offsets.getAtIndex(INT, node + 1L);
    }

    public int target(int edge) {
        return targets.getAtIndex(INT, edge);
    }

    public long weight(int edge) {
        return weights.getAtIndex(LONG, edge);
    }

    /** The strongly connected components (computed once, iteratively: no recursion on deep graphs). */
    Components components() {
        Components c = components;
        if (c == null) {
            synchronized (this) {
                c = components;
                if (c == null) {
                    c = Components.of(this);
                    components = c;
                }
            }
        }
        return c;
    }

    @Override
    public void close() {
        block.close();
        memory.close();
    }
}
