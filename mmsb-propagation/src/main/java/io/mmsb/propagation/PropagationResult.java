package io.mmsb.propagation;

import io.mmsb.delta.Delta;
import io.mmsb.delta.DeltaBuilder;
import io.mmsb.delta.Store;
import java.util.Arrays;

/**
 * What a propagation reached: the nodes with a non-zero value, ascending, and their values
 * (reached: 1; distance; chain length; path count; source bits). Deterministic for a given
 * graph, semiring and seeds.
 *
 * <p>Thread rules: immutable (the arrays are copied out).
 */
public final class PropagationResult {
    private final int[] nodes;
    private final long[] values;

    PropagationResult(int[] nodes, long[] values) {
        this.nodes = nodes;
        this.values = values;
    }

    public int size() {
        return nodes.length;
    }

    /** Reached nodes, ascending. */
    public int[] nodes() {
        return nodes.clone();
    }

    public long[] values() {
        return values.clone();
    }

    /** The value of {@code node}, or {@code zero} if it was not reached. */
    public long valueOf(int node, long zero) {
        int i = Arrays.binarySearch(nodes, node);
        return i >= 0 ? values[i] : zero;
    }

    /**
     * Records this result in a store as the rows {@code [start, start + size())} of a table with
     * an INT32 node column and an INT64 value column, at the store's next epoch; returns it.
     */
    public long commitTo(Store store, String table, int start, String nodeColumn, String valueColumn) {
        if (nodes.length == 0) {
            throw new PropagationException("nothing reached: no rows to record");
        }
        try (DeltaBuilder b = store.newDelta(table, start, start + nodes.length, nodeColumn, valueColumn)) {
            int[] shifted = nodes.clone();
            b.ints(nodeColumn, shifted).longs(valueColumn, values.clone());
            try (Delta d = b.build()) {
                return store.commit(d);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < nodes.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(nodes[i]).append('=').append(values[i]);
        }
        return sb.append('}').toString();
    }
}
