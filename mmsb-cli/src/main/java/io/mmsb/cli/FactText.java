package io.mmsb.cli;

import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
import io.mmsb.recorder.FactTables;
import io.mmsb.hooks.NodeId;
import io.mmsb.recorder.StoredNodes;
import java.util.HashMap;
import java.util.Map;

/**
 * The cells of one state (a {@link StateView}) as people read them: a reference to a node row
 * ({@link FactTables#nodeRowColumns}: parent, operands, anchor, edge ends, block members) as that
 * node's key {@code unit::member::path}, a type id ({@link FactTables#typeColumns}) as its
 * descriptor, a node's span as absolute offsets (the store keeps them relative to an anchor), an
 * entity as its key. Tables that are not MMSB's fact tables (the demo's) and other columns are
 * shown as stored ({@link Cells#show}).
 *
 * <p>Thread rules: confined to the verb's thread; it keeps the view and look-up maps built on
 * first use, nothing off-heap of its own.
 */
final class FactText {
    private final StateView v;
    private final boolean facts;
    private StoredNodes nodes;
    private Map<String, String> typeNames;

    FactText(StateView v) {
        this.v = v;
        this.facts = has(v, "nodes", "unit") && has(v, "types", "descriptor");
    }

    static boolean has(StateView v, String table, String column) {
        return v.schema().tables().stream().anyMatch(t -> t.name().equals(table))
            && v.schema().table(table).columns().stream().anyMatch(c -> c.name().equals(column));
    }

    StateView view() {
        return v;
    }

    private StoredNodes nodes() {
        if (nodes == null) {
            nodes = StoredNodes.of(v);
        }
        return nodes;
    }

    /**
     * The key of row {@code row} of {@code table} ({@code nodes} and {@code blocks}: built from unit,
     * member and path), or null when the table has no key column.
     */
    String key(String table, int row) {
        if (!has(v, table, "key") || row < 0 || row >= v.rowCount(table)) {
            return null;
        }
        if (facts && table.equals("nodes")) {
            return nodes().key(row);
        }
        String k = v.column(table, "key").getSymbol(row);
        if (k.isEmpty() && has(v, table, "member") && has(v, table, "path") && has(v, table, "unit")) {
            return new NodeId(v.column(table, "unit").getSymbol(row), v.column(table, "member").getSymbol(row),
                v.column(table, "path").getSymbol(row)).toString();
        }
        return k;
    }

    /** Whether {@code show} of this cell differs from the stored value (a reference, a type, a relative span). */
    boolean translates(String table, String column) {
        return facts && (FactTables.nodeRowColumns(table).contains(column) || FactTables.typeColumns(table).contains(column)
            || table.equals("nodes") && nodes().relativeSpans() && (column.equals("span_start") || column.equals("span_end")));
    }

    /** Cell ({@code table}, {@code column}, {@code row}) of this state, for people. */
    String cell(String table, String column, int row) {
        if (facts && table.equals("nodes") && nodes().relativeSpans()) {
            if (column.equals("span_start")) {
                return String.valueOf(nodes().start(row));
            }
            if (column.equals("span_end")) {
                return String.valueOf(nodes().end(row));
            }
        }
        return value(table, column, v.column(table, column).get(row));
    }

    /** A value of column {@code column} of {@code table}, read in this state, for people. */
    String value(String table, String column, Object value) {
        if (!facts) {
            return Cells.show(value);
        }
        if (FactTables.nodeRowColumns(table).contains(column)) {
            if (value instanceof Integer r) {
                return node(r);
            }
            if (value instanceof int[] rows) {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < rows.length; i++) {
                    sb.append(i == 0 ? "" : ", ").append(node(rows[i]));
                }
                return sb.append(']').toString();
            }
        }
        if (FactTables.typeColumns(table).contains(column) && value instanceof String id) {
            return id.isEmpty() ? "(none)" : typeName(id);
        }
        return Cells.show(value);
    }

    /** Node row {@code r} as its key ("none" for -1). */
    String node(int r) {
        if (r < 0) {
            return "none";
        }
        return r < v.rowCount("nodes") ? nodes().key(r) : "row " + r + " (not in this state)";
    }

    /** The descriptor of type id {@code id} (the id itself if this state has no such type). */
    String typeName(String id) {
        if (typeNames == null) {
            typeNames = new HashMap<>();
            ColumnSlice k = v.column("types", "key");
            ColumnSlice d = v.column("types", "descriptor");
            for (int r = 0; r < v.rowCount("types"); r++) {
                typeNames.put(k.getSymbol(r), d.getSymbol(r));
            }
        }
        return typeNames.getOrDefault(id, id);
    }
}
