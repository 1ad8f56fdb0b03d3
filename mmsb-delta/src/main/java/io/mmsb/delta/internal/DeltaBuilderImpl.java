package io.mmsb.delta.internal;

import static io.mmsb.delta.internal.Layouts.BYTE;
import static io.mmsb.delta.internal.Layouts.DOUBLE;
import static io.mmsb.delta.internal.Layouts.INT;
import static io.mmsb.delta.internal.Layouts.LONG;
import static io.mmsb.delta.internal.Layouts.align64;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.ColumnType;
import io.mmsb.core.SchemaException;
import io.mmsb.core.SymbolDictionary;
import io.mmsb.core.TableDef;
import io.mmsb.core.internal.memory.Block;
import io.mmsb.core.internal.memory.Memory;
import io.mmsb.delta.BufferLengthException;
import io.mmsb.delta.ColumnTypeException;
import io.mmsb.delta.Delta;
import io.mmsb.delta.DeltaBuilder;
import io.mmsb.delta.MalformedSymbolException;
import io.mmsb.delta.RowRangeException;
import io.mmsb.delta.UnknownColumnException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link DeltaImpl}. Fixed-width columns are written straight into one off-heap block
 * allocated up front; INT_LIST cells are collected on heap and laid out at {@link #build()}.
 *
 * <p>Thread rules: one thread. Ownership: owns its block until build() hands it over or close()
 * frees it.
 */
public final class DeltaBuilderImpl implements DeltaBuilder {
    private final Memory memory;
    private final SymbolDictionary dictionary;
    private final TableDef table;
    private final List<ColumnDef> columns;
    private final int rowStart;
    private final int rowEnd;
    private final long epoch;
    private final long[] offsets;
    private final Block fixed;
    /** Per fixed-width column: its slice of {@link #fixed} (null for INT_LIST columns). */
    private final MemorySegment[] segs;
    private final int[][][] lists;
    private final List<String> pending = new ArrayList<>();
    private final Map<String, Integer> pendingCodes = new HashMap<>();
    private boolean done;

    public DeltaBuilderImpl(Memory memory, SymbolDictionary dictionary, TableDef table, int rowStart, int rowEnd,
                            long epoch, List<String> columnNames) {
        this.memory = memory;
        this.dictionary = dictionary;
        this.table = Objects.requireNonNull(table, "table");
        if (rowStart < 0 || rowEnd <= rowStart) {
            throw new RowRangeException("row range [" + rowStart + ", " + rowEnd + ") of a delta on '" + table.name()
                + "' is " + (rowStart < 0 ? "negative" : rowEnd == rowStart ? "empty" : "inverted") + "; expected 0 <= start < end");
        }
        List<ColumnDef> cols = columnsOf(table, columnNames);
        this.columns = cols;
        this.rowStart = rowStart;
        this.rowEnd = rowEnd;
        this.epoch = epoch;
        int rows = rowEnd - rowStart;
        this.offsets = new long[cols.size()];
        this.lists = new int[cols.size()][][];
        long size = 0;
        for (int i = 0; i < cols.size(); i++) {
            ColumnType type = cols.get(i).type();
            offsets[i] = size;
            if (type == ColumnType.INT_LIST) {
                lists[i] = new int[rows][];
            } else {
                size = align64(size + (long) rows * type.width());
            }
        }
        this.fixed = memory.allocate(size);
        this.segs = new MemorySegment[cols.size()];
        for (int i = 0; i < cols.size(); i++) {
            ColumnType type = cols.get(i).type();
            if (type != ColumnType.INT_LIST) {
                segs[i] = fixed.segment().asSlice(offsets[i], (long) rows * type.width());
            }
            if (type == ColumnType.SYMBOL) {
                fillEmptySymbol(segs[i], rows);
            }
        }
    }

    /** The columns {@code names} of {@code table}, each once, in that order; at least one. */
    private static List<ColumnDef> columnsOf(TableDef table, List<String> names) {
        if (names.isEmpty()) {
            throw new UnknownColumnException("a delta on '" + table.name() + "' needs at least one column");
        }
        List<ColumnDef> cols = new ArrayList<>(names.size());
        for (String name : new LinkedHashSet<>(names)) {
            try {
                cols.add(table.column(name));
            } catch (SchemaException e) {
                throw new UnknownColumnException(e.getMessage());
            }
        }
        if (cols.size() != names.size()) {
            throw new UnknownColumnException("a delta on '" + table.name() + "' names a column twice: " + names);
        }
        return cols;
    }

    /** Sets every cell of a fresh SYMBOL column to the empty symbol (its default), in one bulk copy unless that code is 0. */
    private void fillEmptySymbol(MemorySegment seg, int rows) {
        int empty = symbolCode("");
        if (empty != 0) {
            int[] codes = new int[rows];
            Arrays.fill(codes, empty);
            MemorySegment.copy(codes, 0, seg, INT, 0, rows);
        }
    }

    @Override
    public int col(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw fail(new UnknownColumnException("this delta on '" + table.name() + "' does not write column '" + column + "'; it writes " + columns.stream().map(ColumnDef::name).toList()));
    }

    private long at(int col, int row, ColumnType expected) {
        if (done) {
            throw new IllegalStateException("delta builder already built or closed");
        }
        if (col < 0 || col >= columns.size()) {
            throw fail(new UnknownColumnException("column position " + col + " is not one of this delta's 0.." + (columns.size() - 1)));
        }
        ColumnDef c = columns.get(col);
        if (c.type() != expected) {
            throw fail(new ColumnTypeException("column '" + c.name() + "' of '" + table.name() + "' is " + c.type() + ", not " + expected));
        }
        if (row < rowStart || row >= rowEnd) {
            throw fail(new RowRangeException("row " + row + " is outside this delta's range [" + rowStart + ", " + rowEnd + ")"));
        }
        return row - rowStart;
    }

    private MemorySegment seg(int col) {
        return segs[col];
    }

    @Override
    public DeltaBuilder setInt(int col, int row, int value) {
        seg(col).setAtIndex(INT, at(col, row, ColumnType.INT32), value);
        return this;
    }

    @Override
    public DeltaBuilder setLong(int col, int row, long value) {
        seg(col).setAtIndex(LONG, at(col, row, ColumnType.INT64), value);
        return this;
    }

    @Override
    public DeltaBuilder setBool(int col, int row, boolean value) {
        seg(col).set(BYTE, at(col, row, ColumnType.BOOL), value ? (byte) 1 : 0);
        return this;
    }

    @Override
    public DeltaBuilder setDouble(int col, int row, double value) {
        seg(col).setAtIndex(DOUBLE, at(col, row, ColumnType.FLOAT64), value);
        return this;
    }

    @Override
    public DeltaBuilder setSymbol(int col, int row, String value) {
        long i = at(col, row, ColumnType.SYMBOL);
        seg(col).setAtIndex(INT, i, symbolCode(Objects.requireNonNull(value, "symbol value")));
        return this;
    }

    /** The dictionary code of {@code value}, or a pending (negative) code for a new symbol. */
    private int symbolCode(String value) {
        int code = dictionary.code(value);
        if (code >= 0) {
            return code;
        }
        Integer p = pendingCodes.get(value);
        if (p == null) { // a new symbol: checked once
            int bad = unpairedSurrogate(value);
            if (bad >= 0) {
                throw fail(new MalformedSymbolException("a SYMBOL cell of '" + table.name() + "' holds a string with an unpaired surrogate (U+"
                    + Integer.toHexString(value.charAt(bad)).toUpperCase(Locale.ROOT) + " at index " + bad + "), which has no UTF-8 form and would not read back"
                    + " as itself; expected well-formed UTF-16 (escape or replace such characters before handing them over)"));
            }
            p = pending.size();
            pending.add(value);
            pendingCodes.put(value, p);
        }
        return -1 - p;
    }

    /** The index of the first unpaired surrogate of {@code s}, or -1 when it is well-formed. */
    static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public DeltaBuilder setIntList(int col, int row, int... values) {
        long i = at(col, row, ColumnType.INT_LIST);
        lists[col][(int) i] = values.clone();
        return this;
    }

    private void checkLength(int col, long actual, long expected, String what) {
        checkSize(col, actual, expected, what, "bytes");
    }

    private void checkSize(int col, long actual, long expected, String what, String unit) {
        if (actual != expected) {
            throw fail(new BufferLengthException(what + " of column '" + columns.get(col).name() + "' has " + actual
                + " " + unit + "; the row range [" + rowStart + ", " + rowEnd + ") needs exactly " + expected));
        }
    }

    @Override
    public DeltaBuilder ints(String column, int[] values) {
        return bulk(column, ColumnType.INT32, MemorySegment.ofArray(values), ValueLayout.JAVA_INT, INT, "int[] buffer");
    }

    @Override
    public DeltaBuilder longs(String column, long[] values) {
        return bulk(column, ColumnType.INT64, MemorySegment.ofArray(values), ValueLayout.JAVA_LONG, LONG, "long[] buffer");
    }

    @Override
    public DeltaBuilder doubles(String column, double[] values) {
        return bulk(column, ColumnType.FLOAT64, MemorySegment.ofArray(values), ValueLayout.JAVA_DOUBLE, DOUBLE, "double[] buffer");
    }

    @Override
    public DeltaBuilder bools(String column, boolean[] values) {
        int c = col(column);
        at(c, rowStart, ColumnType.BOOL);
        checkSize(c, values.length, rowEnd - rowStart, "boolean[] buffer", "values");
        byte[] bytes = new byte[values.length];
        for (int r = 0; r < values.length; r++) {
            bytes[r] = values[r] ? (byte) 1 : 0;
        }
        MemorySegment.copy(bytes, 0, seg(c), BYTE, 0, bytes.length);
        return this;
    }

    @Override
    public DeltaBuilder symbols(String column, String[] values) {
        int c = col(column);
        at(c, rowStart, ColumnType.SYMBOL);
        checkSize(c, values.length, rowEnd - rowStart, "String[] buffer", "values");
        int[] codes = new int[values.length];
        MemorySegment.copy(seg(c), INT, 0, codes, 0, codes.length); // cells not given keep what they hold
        for (int r = 0; r < values.length; r++) {
            if (values[r] != null) {
                codes[r] = symbolCode(values[r]);
            }
        }
        MemorySegment.copy(codes, 0, seg(c), INT, 0, codes.length);
        return this;
    }

    @Override
    public DeltaBuilder intLists(String column, int[][] values) {
        int c = col(column);
        at(c, rowStart, ColumnType.INT_LIST);
        checkSize(c, values.length, rowEnd - rowStart, "int[][] buffer", "values");
        System.arraycopy(values, 0, lists[c], 0, values.length);
        return this;
    }

    /** Copies a whole column from a Java array (native order) into the little-endian page. */
    private DeltaBuilder bulk(String column, ColumnType type, MemorySegment array, ValueLayout from, ValueLayout to, String what) {
        int c = col(column);
        at(c, rowStart, type);
        checkLength(c, array.byteSize(), (long) (rowEnd - rowStart) * type.width(), what);
        MemorySegment.copy(array, from, 0, seg(c), to, 0, array.byteSize() / type.width());
        return this;
    }

    @Override
    public DeltaBuilder buffer(String column, MemorySegment data) {
        int c = col(column);
        ColumnType type = columns.get(c).type();
        if (type == ColumnType.INT_LIST || type == ColumnType.SYMBOL) {
            throw fail(new ColumnTypeException("column '" + column + "' is " + type + "; a raw buffer is accepted only for INT32, INT64, BOOL and FLOAT64 columns"));
        }
        at(c, rowStart, type);
        checkLength(c, data.byteSize(), (long) (rowEnd - rowStart) * type.width(), "buffer");
        MemorySegment.copy(data, 0, seg(c), 0, data.byteSize());
        return this;
    }

    @Override
    public DeltaBuilder intLists(String column, MemorySegment offs, MemorySegment values) {
        int c = col(column);
        at(c, rowStart, ColumnType.INT_LIST);
        int rows = rowEnd - rowStart;
        checkLength(c, offs.byteSize(), (long) (rows + 1) * 4, "offsets buffer");
        int prev = offs.getAtIndex(INT, 0);
        for (int r = 0; r < rows; r++) {
            int next = offs.getAtIndex(INT, r + 1);
            if (prev < 0 || next < prev || (long) next * 4 > values.byteSize()) {
                throw fail(new BufferLengthException("offsets of column '" + column + "' at row " + (rowStart + r) + " are [" + prev + ", " + next
                    + "); expected non-decreasing offsets within the " + values.byteSize() / 4 + " values"));
            }
            int[] cell = new int[next - prev];
            MemorySegment.copy(values, INT, (long) prev * 4, cell, 0, cell.length);
            lists[c][r] = cell;
            prev = next;
        }
        return this;
    }

    @Override
    public Delta build() {
        if (done) {
            throw new IllegalStateException("delta builder already built or closed");
        }
        done = true;
        int rows = rowEnd - rowStart;
        List<Block> blocks = new ArrayList<>(2);
        blocks.add(fixed);
        Page[] pages = new Page[columns.size()];
        try {
            for (int i = 0; i < columns.size(); i++) {
                ColumnDef c = columns.get(i);
                if (c.type() == ColumnType.INT_LIST) {
                    Block b = ListLayout.layOut(memory, lists[i]);
                    blocks.add(b);
                    pages[i] = new Page(c, rowStart, rows, ListLayout.offsets(b, rows), ListLayout.values(b, rows), b, dictionary, pending);
                } else {
                    pages[i] = new Page(c, rowStart, rows, seg(i), null, fixed, dictionary, pending);
                }
            }
        } catch (RuntimeException | Error e) {
            blocks.forEach(Block::close);
            throw e;
        }
        return new DeltaImpl(table, columns, rowStart, rowEnd, epoch, pages, pending, blocks);
    }

    /** A builder whose input is rejected frees its memory at once: it cannot be used further. */
    private <E extends RuntimeException> E fail(E e) {
        close();
        return e;
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            fixed.close();
        }
    }
}
