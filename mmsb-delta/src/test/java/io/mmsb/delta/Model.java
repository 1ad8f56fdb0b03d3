package io.mmsb.delta;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.ColumnType;
import io.mmsb.core.Schema;
import io.mmsb.core.TableDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reference model the store is checked against: plain on-heap rows, one full copy per
 * epoch. Deliberately naive: nothing here shares code with the store.
 */
final class Model {
    static final TableDef NODES = TableDef.builder(1, "nodes")
        .column(1, "opcode", ColumnType.INT32)
        .column(2, "width", ColumnType.INT64)
        .column(3, "pure", ColumnType.BOOL)
        .column(4, "weight", ColumnType.FLOAT64)
        .column(5, "name", ColumnType.SYMBOL)
        .column(6, "operands", ColumnType.INT_LIST)
        .build();
    static final TableDef BLOCKS = TableDef.builder(2, "blocks")
        .column(1, "succ", ColumnType.INT_LIST)
        .column(2, "label", ColumnType.SYMBOL)
        .build();
    static final Schema SCHEMA = Schema.of(NODES, BLOCKS);

    /** A write: table, rows [start, end), column names, values[column][row - start]. */
    record Write(TableDef table, int start, int end, List<String> columns, Object[][] values) {
    }

    /** states.get(e) = table name -> rows (column name -> value) after epoch e. */
    final List<Map<String, List<Map<String, Object>>>> states = new ArrayList<>();

    Model() {
        Map<String, List<Map<String, Object>>> empty = new HashMap<>();
        for (TableDef t : SCHEMA.tables()) {
            empty.put(t.name(), new ArrayList<>());
        }
        states.add(empty);
    }

    long lastEpoch() {
        return states.size() - 1;
    }

    int rowCount(String table) {
        return states.get(states.size() - 1).get(table).size();
    }

    void apply(List<Write> writes) {
        Map<String, List<Map<String, Object>>> next = new HashMap<>();
        states.get(states.size() - 1).forEach((t, rows) -> {
            List<Map<String, Object>> copy = new ArrayList<>();
            rows.forEach(r -> copy.add(new HashMap<>(r)));
            next.put(t, copy);
        });
        for (Write w : writes) {
            List<Map<String, Object>> rows = next.get(w.table().name());
            for (int r = w.start(); r < w.end(); r++) {
                if (r == rows.size()) {
                    Map<String, Object> fresh = new HashMap<>();
                    for (ColumnDef c : w.table().columns()) {
                        fresh.put(c.name(), defaultValue(c.type()));
                    }
                    rows.add(fresh);
                }
                for (int c = 0; c < w.columns().size(); c++) {
                    rows.get(r).put(w.columns().get(c), w.values()[c][r - w.start()]);
                }
            }
        }
        states.add(next);
    }

    Object cell(long epoch, String table, int row, String column) {
        return states.get((int) epoch).get(table).get(row).get(column);
    }

    /** Cells "table/column/row" that differ between two epochs. */
    Set<String> diff(long from, long to) {
        Set<String> out = new TreeSet<>();
        for (TableDef t : SCHEMA.tables()) {
            List<Map<String, Object>> a = states.get((int) from).get(t.name());
            List<Map<String, Object>> b = states.get((int) to).get(t.name());
            for (int r = 0; r < b.size(); r++) {
                for (ColumnDef c : t.columns()) {
                    if (r >= a.size() || !Objects.deepEquals(a.get(r).get(c.name()), b.get(r).get(c.name()))) {
                        out.add(t.name() + "/" + c.name() + "/" + r);
                    }
                }
            }
        }
        return out;
    }

    static Set<String> cells(List<Change> changes) {
        Set<String> out = new TreeSet<>();
        for (Change ch : changes) {
            for (String c : ch.columns()) {
                for (int r = ch.rowStart(); r < ch.rowEnd(); r++) {
                    if (!out.add(ch.table() + "/" + c + "/" + r)) {
                        throw new AssertionError("cell " + ch.table() + "/" + c + "/" + r + " is in two rectangles of " + changes);
                    }
                }
            }
        }
        return out;
    }

    /** A random write that is valid against the model's latest state. */
    Write randomWrite(Random rnd, List<Write> sameEpoch) {
        TableDef t = rnd.nextInt(4) == 0 ? BLOCKS : NODES;
        int rows = rowCount(t.name());
        for (Write w : sameEpoch) {
            if (w.table() == t) {
                rows = Math.max(rows, w.end());
            }
        }
        int start = rows == 0 ? 0 : switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextInt(rows + 1);
            case 1 -> rows;
            case 2 -> (rnd.nextInt(rows + 1) / 64) * 64;
            default -> Math.max(0, rows - rnd.nextInt(10));
        };
        int len = 1 + (rnd.nextBoolean() ? rnd.nextInt(8) : rnd.nextInt(200));
        int end = start + len;
        List<String> cols = new ArrayList<>();
        for (ColumnDef c : t.columns()) {
            if ((end > rows && rnd.nextBoolean()) || rnd.nextInt(3) != 0) {
                cols.add(c.name());
            }
        }
        if (cols.isEmpty()) {
            cols.add(t.columns().get(rnd.nextInt(t.columns().size())).name());
        }
        Object[][] values = new Object[cols.size()][len];
        for (int c = 0; c < cols.size(); c++) {
            ColumnType type = t.column(cols.get(c)).type();
            for (int r = 0; r < len; r++) {
                values[c][r] = randomValue(rnd, type);
            }
        }
        return new Write(t, start, end, cols, values);
    }

    /** What a cell of a new row holds when its delta leaves the column out. */
    static Object defaultValue(ColumnType type) {
        return switch (type) {
            case INT32 -> 0;
            case INT64 -> 0L;
            case BOOL -> false;
            case FLOAT64 -> 0.0;
            case SYMBOL -> "";
            case INT_LIST -> new int[0];
        };
    }

    static Object randomValue(Random rnd, ColumnType type) {
        return switch (type) {
            case INT32 -> rnd.nextInt(5) - 1;
            case INT64 -> rnd.nextBoolean() ? rnd.nextLong() : rnd.nextInt(3);
            case BOOL -> rnd.nextBoolean();
            case FLOAT64 -> rnd.nextInt(10) == 0 ? Double.NaN : rnd.nextInt(4) * 0.5;
            case SYMBOL -> "sym" + rnd.nextInt(rnd.nextBoolean() ? 4 : 1000);
            case INT_LIST -> {
                int[] v = new int[rnd.nextInt(4)];
                Arrays.setAll(v, i -> rnd.nextInt(100));
                yield v;
            }
        };
    }

    /** Builds the delta of {@code w} through {@code builder}. */
    static Delta build(DeltaBuilder builder, Write w) {
        try (builder) {
            for (int c = 0; c < w.columns().size(); c++) {
                int col = builder.col(w.columns().get(c));
                for (int r = w.start(); r < w.end(); r++) {
                    Object v = w.values()[c][r - w.start()];
                    switch (v) {
                        case Integer i -> builder.setInt(col, r, i);
                        case Long l -> builder.setLong(col, r, l);
                        case Boolean b -> builder.setBool(col, r, b);
                        case Double d -> builder.setDouble(col, r, d);
                        case String s -> builder.setSymbol(col, r, s);
                        case int[] list -> builder.setIntList(col, r, list);
                        default -> throw new AssertionError(v);
                    }
                }
            }
            return builder.build();
        }
    }

    /** Copies rows {@code [from, to)} of {@code columns} from {@code source} into a new delta made by {@code builder}. */
    static Delta copy(DeltaBuilder builder, List<String> columns, java.util.function.Function<String, ColumnSlice> source, int from, int to) {
        try (builder) {
            for (int c = 0; c < columns.size(); c++) {
                ColumnSlice src = source.apply(columns.get(c));
                for (int r = from; r < to; r++) {
                    io.mmsb.delta.internal.DeltaComposerAccess.copyCell(builder, c, src, r);
                }
            }
            return builder.build();
        }
    }

    /** Commits the writes of one epoch to the store, closing the deltas. */
    static long commit(Store store, List<Write> writes) {
        List<Delta> ds = new ArrayList<>();
        try {
            for (Write w : writes) {
                ds.add(build(store.newDelta(w.table().name(), w.start(), w.end(), w.columns().toArray(String[]::new)), w));
            }
            return store.commit(ds.toArray(Delta[]::new));
        } finally {
            ds.forEach(Delta::close);
        }
    }

    /** Asserts the view at {@code epoch} equals the model, cell by cell. */
    void assertSame(StateView view) {
        long e = view.epoch();
        for (TableDef t : SCHEMA.tables()) {
            List<Map<String, Object>> rows = states.get((int) e).get(t.name());
            if (view.rowCount(t.name()) != rows.size()) {
                throw new AssertionError("epoch " + e + " table " + t.name() + ": " + view.rowCount(t.name()) + " rows, model has " + rows.size());
            }
            for (ColumnDef c : t.columns()) {
                ColumnSlice slice = view.column(t.name(), c.name());
                for (int r = 0; r < rows.size(); r++) {
                    Object expected = rows.get(r).get(c.name());
                    Object actual = slice.get(r);
                    if (!Objects.deepEquals(expected, actual)) {
                        throw new AssertionError("epoch " + e + " " + t.name() + "/" + c.name() + "/" + r + ": store has " + show(actual) + ", model " + show(expected));
                    }
                }
            }
        }
    }

    static String show(Object o) {
        return o instanceof int[] a ? Arrays.toString(a) : String.valueOf(o);
    }

    /** The model's history of one row: epoch -> changed columns and values. */
    List<String> history(String table, int row) {
        List<String> out = new ArrayList<>();
        Map<String, Object> last = new HashMap<>();
        for (int e = 1; e < states.size(); e++) {
            List<Map<String, Object>> rows = states.get(e).get(table);
            if (row >= rows.size()) {
                continue;
            }
            StringBuilder sb = new StringBuilder();
            for (ColumnDef c : SCHEMA.table(table).columns()) {
                Object v = rows.get(row).get(c.name());
                boolean had = last.containsKey(c.name());
                if (!had || !Objects.deepEquals(last.get(c.name()), v)) {
                    sb.append(c.name()).append('=').append(show(v)).append(' ');
                    last.put(c.name(), v);
                }
            }
            if (!sb.isEmpty()) {
                out.add(e + ": " + sb.toString().trim());
            }
        }
        return out;
    }

    static List<String> show(List<HistoryEntry> history, TableDef table) {
        List<String> out = new ArrayList<>();
        for (HistoryEntry h : history) {
            StringBuilder sb = new StringBuilder();
            for (ColumnDef c : table.columns()) {
                if (h.values().containsKey(c.name())) {
                    sb.append(c.name()).append('=').append(show(h.values().get(c.name()))).append(' ');
                }
            }
            out.add(h.epoch() + ": " + sb.toString().trim());
        }
        return out;
    }
}
