package io.mmsb.delta;

import io.mmsb.delta.internal.DeltaImpl;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.TableDef;
import java.util.List;

/**
 * A rectangular patch of semantic state: {@code columns} x rows {@code [rowStart, rowEnd)} of
 * one table, at one epoch, with one buffer per column that covers exactly the row range. A delta
 * may patch existing rows and append rows right after the last one; the columns it leaves out
 * of the rows it appends read as 0, false, the empty string or the empty list.
 *
 * <p>Thread rules: immutable once built; reads are safe from any thread. Ownership: a delta
 * owns references to off-heap buffers and must be closed by whoever built it; committing it to
 * a store does not consume it (the store takes its own references).
 */
public sealed interface Delta extends AutoCloseable permits DeltaImpl {
    TableDef table();

    /** The columns this delta writes, in the order they were given. */
    List<ColumnDef> columns();

    int rowStart();

    int rowEnd();

    /** The epoch this delta was issued for (see {@link Store#nextEpoch()}). */
    long epoch();

    default int rows() {
        return rowEnd() - rowStart();
    }

    /** The cells of one of this delta's columns; throws {@link UnknownColumnException} for others. */
    ColumnSlice column(String name);

    /** Whether this delta writes the column with this id. */
    boolean writes(int columnId);

    @Override
    void close();
}
