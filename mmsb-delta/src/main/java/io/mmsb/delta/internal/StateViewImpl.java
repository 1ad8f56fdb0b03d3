package io.mmsb.delta.internal;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.ColumnType;
import io.mmsb.core.Mmsb;
import io.mmsb.core.Schema;
import io.mmsb.core.TableDef;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.Filter;
import io.mmsb.delta.QueryException;
import io.mmsb.delta.StateView;
import io.mmsb.delta.StoreClosedException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A {@link StateView}: one {@link TableView} per table.
 *
 * <p>Thread rules: immutable, safe from any thread. Ownership: owns nothing; {@code open}
 * tells whether the store is still open.
 */
public final class StateViewImpl implements StateView {
    private final long epoch;
    private final Schema schema;
    private final Map<Integer, TableView> tables;
    private final BooleanSupplier open;

    StateViewImpl(long epoch, Schema schema, Map<Integer, TableView> tables, BooleanSupplier open) {
        this.epoch = epoch;
        this.schema = schema;
        this.tables = tables;
        this.open = open;
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    TableView state(String table) {
        if (!open.getAsBoolean()) {
            throw new StoreClosedException("the store of this view (epoch " + epoch + ") is closed");
        }
        TableDef t = schema.table(table);
        return tables.get(t.id());
    }

    TableView state(int tableId) {
        return tables.get(tableId);
    }

    @Override
    public int rowCount(String table) {
        return state(table).rowCount();
    }

    @Override
    public ColumnSlice column(String table, String column) {
        TableView s = state(table);
        ColumnDef c = s.table().column(column);
        return new TableColumn(s, s.table().columns().indexOf(c), c);
    }

    @Override
    public List<Run> runs(String table, String column) {
        TableView s = state(table);
        ColumnDef c = s.table().column(column);
        int pos = s.table().columns().indexOf(c);
        int n = TableState.chunkCount(s.rowCount());
        List<Run> out = new ArrayList<>();
        int i = 0;
        while (i < n) {
            Page p = s.chunk(pos, i);
            int j = i + 1;
            while (j < n && s.chunk(pos, j) == p) {
                j++;
            }
            int from = i * Mmsb.PAGE_ROWS;
            int to = Math.min(j * Mmsb.PAGE_ROWS, s.rowCount());
            out.add(new Run(p, from, to, runData(p, from, to)));
            i = j;
        }
        return out;
    }

    private static MemorySegment runData(Page p, int from, int to) {
        int w = p.column().type().width();
        long off = (long) (from - p.firstRow()) * w;
        long len = (long) (to - from) * w + (p.column().type() == ColumnType.INT_LIST ? 4 : 0);
        return p.data().asSlice(off, len).asReadOnly();
    }

    @Override
    public int[] select(String table, Filter... filters) {
        TableView s = state(table);
        int n = s.rowCount();
        ColumnSlice[] slices = new ColumnSlice[filters.length];
        for (int f = 0; f < filters.length; f++) {
            slices[f] = column(table, filters[f].column());
        }
        int[] out = new int[16];
        int count = 0;
        rows:
        for (int r = 0; r < n; r++) {
            for (int f = 0; f < filters.length; f++) {
                if (!filters[f].test(slices[f], r)) {
                    continue rows;
                }
            }
            if (count == out.length) {
                out = Arrays.copyOf(out, count * 2);
            }
            out[count++] = r;
        }
        return Arrays.copyOf(out, count);
    }

    /** A whole column of a frozen table state, read chunk by chunk. */
    private static final class TableColumn implements ColumnSlice {
        private final TableView state;
        private final int position;
        private final ColumnDef column;

        TableColumn(TableView state, int position, ColumnDef column) {
            this.state = state;
            this.position = position;
            this.column = column;
        }

        private Page page(int row) {
            if (row < 0 || row >= state.rowCount()) {
                throw new QueryException("row " + row + " of table '" + state.table().name() + "' does not exist at this epoch; rows are 0.." + (state.rowCount() - 1));
            }
            return state.page(position, row);
        }

        @Override
        public ColumnDef column() {
            return column;
        }

        @Override
        public int firstRow() {
            return 0;
        }

        @Override
        public int endRow() {
            return state.rowCount();
        }

        @Override
        public int getInt(int row) {
            return page(row).getInt(row);
        }

        @Override
        public long getLong(int row) {
            return page(row).getLong(row);
        }

        @Override
        public boolean getBool(int row) {
            return page(row).getBool(row);
        }

        @Override
        public double getDouble(int row) {
            return page(row).getDouble(row);
        }

        @Override
        public int getSymbolCode(int row) {
            return page(row).getSymbolCode(row);
        }

        @Override
        public String getSymbol(int row) {
            return page(row).getSymbol(row);
        }

        @Override
        public int[] getIntList(int row) {
            return page(row).getIntList(row);
        }
    }
}
