package io.mmsb.delta;

import io.mmsb.delta.internal.DeltaBuilderImpl;

import java.lang.foreign.MemorySegment;

/**
 * Fills the cells of one {@link Delta}. Cells are addressed by global row index within the
 * delta's row range and by the column's position in the builder ({@link #col(String)}) or its
 * name. Values are copied in at the boundary: nothing the caller passes is kept. Unset cells are
 * zero (numbers), false, the empty string (SYMBOL) or the empty list (INT_LIST).
 *
 * <p>A setter that rejects its input (unknown column, wrong type, row outside the range, wrong
 * buffer length) throws a {@link DeltaException} and closes the builder, freeing its memory.
 *
 * <p>Thread rules: one thread at a time. Ownership: holds off-heap memory until {@link #build()}
 * hands it to the delta, or {@link #close()} frees it.
 */
public sealed interface DeltaBuilder extends AutoCloseable permits DeltaBuilderImpl {
    /** The position of a column in this builder, for the fast setters. */
    int col(String column);

    DeltaBuilder setInt(int col, int row, int value);

    DeltaBuilder setLong(int col, int row, long value);

    DeltaBuilder setBool(int col, int row, boolean value);

    DeltaBuilder setDouble(int col, int row, double value);

    DeltaBuilder setSymbol(int col, int row, String value);

    DeltaBuilder setIntList(int col, int row, int... values);

    default DeltaBuilder setInt(String column, int row, int value) {
        return setInt(col(column), row, value);
    }

    default DeltaBuilder setLong(String column, int row, long value) {
        return setLong(col(column), row, value);
    }

    default DeltaBuilder setBool(String column, int row, boolean value) {
        return setBool(col(column), row, value);
    }

    default DeltaBuilder setDouble(String column, int row, double value) {
        return setDouble(col(column), row, value);
    }

    default DeltaBuilder setSymbol(String column, int row, String value) {
        return setSymbol(col(column), row, value);
    }

    default DeltaBuilder setIntList(String column, int row, int... values) {
        return setIntList(col(column), row, values);
    }

    /** Sets every cell of an INT32 column from {@code values} (one per row of the range). */
    DeltaBuilder ints(String column, int[] values);

    /** Sets every cell of an INT64 column. */
    DeltaBuilder longs(String column, long[] values);

    /** Sets every cell of a FLOAT64 column. */
    DeltaBuilder doubles(String column, double[] values);

    /** Sets every cell of a BOOL column. */
    DeltaBuilder bools(String column, boolean[] values);

    /**
     * Sets every cell of a SYMBOL column (one string per row of the range; {@code null} leaves a
     * cell at its default, the empty symbol).
     */
    DeltaBuilder symbols(String column, String[] values);

    /**
     * Sets every cell of an INT_LIST column (one list per row of the range, not copied: the
     * arrays must not change until {@link #build()}; {@code null} leaves a cell empty).
     */
    DeltaBuilder intLists(String column, int[][] values);

    /**
     * Copies a whole fixed-width column buffer (little-endian, one value per row; BOOL one byte
     * per row). Throws {@link BufferLengthException} unless it covers exactly the row range.
     */
    DeltaBuilder buffer(String column, MemorySegment data);

    /**
     * Copies a whole INT_LIST column: {@code rows + 1} int32 offsets into {@code values}
     * (non-decreasing). Throws {@link BufferLengthException} unless the offsets cover exactly the
     * row range and stay within {@code values}.
     */
    DeltaBuilder intLists(String column, MemorySegment offsets, MemorySegment values);

    /** Finishes the delta. The builder cannot be used afterwards. */
    Delta build();

    /** Frees the memory if {@link #build()} was not called. */
    @Override
    void close();
}
