package io.mmsb.propagation;

import io.mmsb.core.ColumnType;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.Delta;
import io.mmsb.delta.DeltaBuilder;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The store side of propagation: dependency graphs built from a store's edge columns as of any
 * epoch, and results recorded back into the store as columns at the next epoch. Stateless.
 */
public final class StoreGraphs {
    private StoreGraphs() {}

    /**
     * The graph of an edge table as of a view's epoch: one edge per row, from the INT32 column
     * {@code fromColumn} to the INT32 column {@code toColumn}; nodes are {@code 0 .. nodes - 1}.
     */
    public static DependencyGraph fromEdgeTable(BufferAllocator allocator, StateView view, String table, String fromColumn, String toColumn, int nodes) {
        ColumnSlice f = view.column(table, fromColumn);
        ColumnSlice t = view.column(table, toColumn);
        if (f.type() != ColumnType.INT32 || t.type() != ColumnType.INT32) {
            throw new GraphSourceException("edge columns must be INT32; '" + fromColumn + "' is " + f.type() + ", '" + toColumn + "' is " + t.type());
        }
        int rows = view.rowCount(table);
        int[] from = new int[rows];
        int[] to = new int[rows];
        for (int r = 0; r < rows; r++) {
            from[r] = f.getInt(r);
            to[r] = t.getInt(r);
        }
        return DependencyGraph.fromEdges(allocator, nodes, from, to);
    }

    /**
     * The graph of an adjacency column as of a view's epoch: row {@code r} of {@code table} is node
     * r, and its INT_LIST column {@code targetsColumn} lists the nodes a change of r reaches.
     */
    public static DependencyGraph fromAdjacency(BufferAllocator allocator, StateView view, String table, String targetsColumn) {
        ColumnSlice lists = view.column(table, targetsColumn);
        if (lists.type() != ColumnType.INT_LIST) {
            throw new GraphSourceException("adjacency column '" + targetsColumn + "' must be INT_LIST, is " + lists.type());
        }
        int rows = view.rowCount(table);
        int[][] cells = new int[rows][];
        int m = 0;
        for (int r = 0; r < rows; r++) {
            cells[r] = lists.getIntList(r);
            m += cells[r].length;
        }
        int[] from = new int[m];
        int[] to = new int[m];
        int e = 0;
        for (int r = 0; r < rows; r++) {
            for (int target : cells[r]) {
                from[e] = r;
                to[e++] = target;
            }
        }
        return DependencyGraph.fromEdges(allocator, rows, from, to);
    }

    /**
     * Records a result as rows {@code [start, start + size)} of a table with an INT32 node column
     * and an INT64 value column, at the store's next epoch; returns that epoch.
     */
    public static long commit(PropagationResult result, Store store, String table, int start, String nodeColumn, String valueColumn) {
        if (result.size() == 0) {
            throw new GraphSourceException("nothing reached: no rows to record");
        }
        try (DeltaBuilder b = store.newDelta(table, start, start + result.size(), nodeColumn, valueColumn)) {
            b.ints(nodeColumn, result.idsArray()).longs(valueColumn, result.valuesArray());
            try (Delta d = b.build()) {
                return store.commit(d);
            }
        }
    }
}
