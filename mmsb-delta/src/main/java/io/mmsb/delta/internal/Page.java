package io.mmsb.delta.internal;

import static io.mmsb.delta.internal.Layouts.BYTE;
import static io.mmsb.delta.internal.Layouts.DOUBLE;
import static io.mmsb.delta.internal.Layouts.INT;
import static io.mmsb.delta.internal.Layouts.LONG;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.ColumnType;
import io.mmsb.core.SymbolDictionary;
import io.mmsb.core.internal.memory.Block;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.ColumnTypeException;
import io.mmsb.delta.RowRangeException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable column page: the cells of one column for global rows {@code [firstRow, endRow)}.
 * Fixed-width types: {@code data} holds one little-endian value per row. INT_LIST: {@code data}
 * holds {@code rows + 1} int32 offsets into {@code values}. Pages written by the store start at a
 * row that is a multiple of 64 ({@code Mmsb.PAGE_ROWS}); pages of a user's delta start anywhere.
 *
 * <p>Thread rules: immutable, safe from any thread. Ownership: does not own its memory; the
 * {@link Block} it points to is owned by the delta or patch that created the page.
 */
public final class Page implements ColumnSlice {
    private final ColumnDef column;
    private final int firstRow;
    private final int rows;
    private final MemorySegment data;
    private final MemorySegment values;
    private final Block block;
    private final SymbolDictionary dictionary;
    private final List<String> pendingSymbols;

    public Page(ColumnDef column, int firstRow, int rows, MemorySegment data, MemorySegment values, Block block,
                SymbolDictionary dictionary, List<String> pendingSymbols) {
        this.column = column;
        this.firstRow = firstRow;
        this.rows = rows;
        this.data = data;
        this.values = values;
        this.block = block;
        this.dictionary = dictionary;
        this.pendingSymbols = pendingSymbols;
    }

    @Override
    public ColumnDef column() {
        return column;
    }

    @Override
    public int firstRow() {
        return firstRow;
    }

    @Override
    public int endRow() {
        return firstRow + rows;
    }

    public int rows() {
        return rows;
    }

    public MemorySegment data() {
        return data;
    }

    public MemorySegment values() {
        return values;
    }

    public Block block() {
        return block;
    }

    public SymbolDictionary dictionary() {
        return dictionary;
    }

    private long index(int row, ColumnType expected) {
        if (column.type() != expected && !(expected == ColumnType.INT32 && column.type() == ColumnType.SYMBOL)) {
            throw new ColumnTypeException("column '" + column.name() + "' is " + column.type() + ", read as " + expected);
        }
        if (row < firstRow || row >= firstRow + rows) {
            throw new RowRangeException("row " + row + " is outside [" + firstRow + ", " + (firstRow + rows) + ") of column '" + column.name() + "'");
        }
        return row - firstRow;
    }

    @Override
    public int getInt(int row) {
        return data.getAtIndex(INT, index(row, ColumnType.INT32));
    }

    @Override
    public long getLong(int row) {
        return data.getAtIndex(LONG, index(row, ColumnType.INT64));
    }

    @Override
    public boolean getBool(int row) {
        return data.get(BYTE, index(row, ColumnType.BOOL)) != 0;
    }

    @Override
    public double getDouble(int row) {
        return data.getAtIndex(DOUBLE, index(row, ColumnType.FLOAT64));
    }

    @Override
    public int getSymbolCode(int row) {
        return data.getAtIndex(INT, index(row, ColumnType.SYMBOL));
    }

    @Override
    public String getSymbol(int row) {
        int code = getSymbolCode(row);
        return code >= 0 ? dictionary.string(code) : pendingSymbols.get(-1 - code);
    }

    @Override
    public int[] getIntList(int row) {
        long i = index(row, ColumnType.INT_LIST);
        int from = data.getAtIndex(INT, i);
        int to = data.getAtIndex(INT, i + 1);
        int[] out = new int[to - from];
        MemorySegment.copy(values, INT, (long) from * 4, out, 0, out.length);
        return out;
    }

    /** Whether cell {@code row} of this page equals cell {@code otherRow} of {@code other} (same column type). */
    public boolean cellEquals(int row, Page other, int otherRow) {
        return switch (column.type()) {
            case INT32 -> getInt(row) == other.getInt(otherRow);
            case SYMBOL -> getSymbol(row).equals(other.getSymbol(otherRow));
            case INT64 -> getLong(row) == other.getLong(otherRow);
            case BOOL -> getBool(row) == other.getBool(otherRow);
            case FLOAT64 -> Double.doubleToLongBits(getDouble(row)) == Double.doubleToLongBits(other.getDouble(otherRow));
            case INT_LIST -> Arrays.equals(getIntList(row), other.getIntList(otherRow));
        };
    }
}
