package io.mmsb.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The set of tables a store holds. Table and column ids are stable: they are what the log
 * records, so a schema may gain tables and columns but never renumber them. Immutable; safe
 * from any thread.
 */
public final class Schema {
    private final List<TableDef> tables;
    private final Map<Integer, TableDef> byId;
    private final Map<String, TableDef> byName;

    private Schema(List<TableDef> tables) {
        Map<Integer, TableDef> ids = new LinkedHashMap<>();
        Map<String, TableDef> names = new LinkedHashMap<>();
        for (TableDef t : tables) {
            if (ids.putIfAbsent(t.id(), t) != null) {
                throw new SchemaException("table id " + t.id() + " is declared twice; expected unique ids");
            }
            if (names.putIfAbsent(t.name(), t) != null) {
                throw new SchemaException("table '" + t.name() + "' is declared twice; expected unique names");
            }
        }
        this.tables = List.copyOf(tables);
        this.byId = Collections.unmodifiableMap(ids);
        this.byName = Collections.unmodifiableMap(names);
    }

    public static Schema of(TableDef... tables) {
        return new Schema(List.of(tables));
    }

    public static Schema of(List<TableDef> tables) {
        return new Schema(tables);
    }

    public List<TableDef> tables() {
        return tables;
    }

    public TableDef table(int tableId) {
        TableDef t = byId.get(tableId);
        if (t == null) {
            throw new SchemaException("no table with id " + tableId + "; known ids: " + byId.keySet());
        }
        return t;
    }

    public TableDef table(String name) {
        TableDef t = byName.get(name);
        if (t == null) {
            throw new SchemaException("no table '" + name + "'; known tables: " + byName.keySet());
        }
        return t;
    }

    public boolean hasTable(int tableId) {
        return byId.containsKey(tableId);
    }

    /**
     * Checks that {@code newer} can read everything this schema wrote: every table and column
     * keeps its id, name and type. Throws {@link SchemaException} naming the first difference.
     */
    public void checkEvolvesTo(Schema newer) {
        for (TableDef t : tables) {
            if (!newer.hasTable(t.id())) {
                throw new SchemaException("table '" + t.name() + "' (id " + t.id() + ") is missing from the new schema; tables may be added, never removed");
            }
            TableDef n = newer.table(t.id());
            if (!n.name().equals(t.name())) {
                throw new SchemaException("table id " + t.id() + " was '" + t.name() + "' and is now '" + n.name() + "'; ids are stable");
            }
            for (ColumnDef c : t.columns()) {
                if (!n.hasColumn(c.id()) || !n.column(c.id()).equals(c)) {
                    throw new SchemaException("column " + c + " of table '" + t.name() + "' changed or vanished in the new schema; expected it unchanged");
                }
            }
        }
    }

    /** A new schema with these tables added. */
    public Schema with(TableDef... more) {
        List<TableDef> all = new ArrayList<>(tables);
        all.addAll(List.of(more));
        return new Schema(all);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema s && s.tables.equals(tables);
    }

    @Override
    public int hashCode() {
        return tables.hashCode();
    }

    @Override
    public String toString() {
        return "Schema" + tables;
    }
}
