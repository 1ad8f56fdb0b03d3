package io.mmsb.delta;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.ColumnType;

/**
 * Read access to the cells of one column over a range of rows, addressed by global row index.
 * A slice is a view over immutable off-heap pages: it copies nothing and stays valid while the
 * delta, view or store it came from is open. Reading a cell of the wrong type throws
 * {@link ColumnTypeException}; a row outside {@code [firstRow(), endRow())} throws
 * {@link RowRangeException}.
 *
 * <p>Thread rules: safe from any thread (pages are immutable).
 */
public interface ColumnSlice {
    ColumnDef column();

    default ColumnType type() {
        return column().type();
    }

    /** First global row covered. */
    int firstRow();

    /** One past the last global row covered. */
    int endRow();

    int getInt(int row);

    long getLong(int row);

    boolean getBool(int row);

    double getDouble(int row);

    /** The dictionary code of a SYMBOL cell. */
    int getSymbolCode(int row);

    /** The string of a SYMBOL cell. */
    String getSymbol(int row);

    /** The values of an INT_LIST cell (a fresh array). */
    int[] getIntList(int row);

    /** The cell as a boxed Java value: Integer, Long, Boolean, Double, String, or int[]. */
    default Object get(int row) {
        return switch (type()) {
            case INT32 -> getInt(row);
            case INT64 -> getLong(row);
            case BOOL -> getBool(row);
            case FLOAT64 -> getDouble(row);
            case SYMBOL -> getSymbol(row);
            case INT_LIST -> getIntList(row);
        };
    }
}
