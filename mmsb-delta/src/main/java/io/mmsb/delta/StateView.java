package io.mmsb.delta;

import io.mmsb.delta.internal.StateViewImpl;

import io.mmsb.core.Schema;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The semantic state as of one epoch: every table's rows and cells exactly as they were right
 * after that epoch's commit. A view is assembled by selecting immutable page slices (nothing is
 * copied) and never changes, whatever is committed afterwards.
 *
 * <p>Thread rules: immutable, safe from any thread. Ownership: owns no memory; valid until the
 * store that made it is closed (then reads throw {@link StoreClosedException}).
 */
public sealed interface StateView permits StateViewImpl {
    long epoch();

    Schema schema();

    int rowCount(String table);

    /** All cells of one column, rows {@code [0, rowCount)}, read through the pages. */
    ColumnSlice column(String table, String column);

    /**
     * The column as maximal runs of rows that lie contiguously in one page, in row order: the
     * fast way to scan. Each run's {@code data} is a read-only view of the page memory.
     */
    List<Run> runs(String table, String column);

    /** Rows (ascending) whose cells satisfy every filter. */
    int[] select(String table, Filter... filters);

    /** A run of rows {@code [fromRow, toRow)} stored contiguously in one page. */
    record Run(ColumnSlice page, int fromRow, int toRow, MemorySegment data) {
        public int rows() {
            return toRow - fromRow;
        }
    }
}
