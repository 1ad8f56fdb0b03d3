package io.mmsb.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table of semantic entities (IR nodes, blocks, symbols, types): rows are entities, columns
 * are typed attributes with stable ids. Immutable; safe from any thread.
 */
public final class TableDef {
    private final int id;
    private final String name;
    private final List<ColumnDef> columns;
    private final Map<Integer, ColumnDef> byId;
    private final Map<String, ColumnDef> byName;

    private TableDef(int id, String name, List<ColumnDef> columns) {
        if (id < 0 || id > 0xFFFF) {
            throw new SchemaException("table id " + id + " is out of range; expected 0..65535");
        }
        this.id = id;
        this.name = Objects.requireNonNull(name, "name");
        Map<Integer, ColumnDef> ids = new LinkedHashMap<>();
        Map<String, ColumnDef> names = new LinkedHashMap<>();
        for (ColumnDef c : columns) {
            if (ids.putIfAbsent(c.id(), c) != null) {
                throw new SchemaException("table '" + name + "' declares column id " + c.id() + " twice; expected unique ids");
            }
            if (names.putIfAbsent(c.name(), c) != null) {
                throw new SchemaException("table '" + name + "' declares column '" + c.name() + "' twice; expected unique names");
            }
        }
        if (columns.isEmpty()) {
            throw new SchemaException("table '" + name + "' has no columns; expected at least one");
        }
        this.columns = List.copyOf(columns);
        this.byId = Collections.unmodifiableMap(ids);
        this.byName = Collections.unmodifiableMap(names);
    }

    public static Builder builder(int id, String name) {
        return new Builder(id, name);
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** Columns in declaration order. */
    public List<ColumnDef> columns() {
        return columns;
    }

    /** The column with this id, or throws {@link SchemaException}. */
    public ColumnDef column(int columnId) {
        ColumnDef c = byId.get(columnId);
        if (c == null) {
            throw new SchemaException("table '" + name + "' has no column with id " + columnId + "; known ids: " + byId.keySet());
        }
        return c;
    }

    /** The column with this name, or throws {@link SchemaException}. */
    public ColumnDef column(String columnName) {
        ColumnDef c = byName.get(columnName);
        if (c == null) {
            throw new SchemaException("table '" + name + "' has no column '" + columnName + "'; known columns: " + byName.keySet());
        }
        return c;
    }

    public boolean hasColumn(int columnId) {
        return byId.containsKey(columnId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableDef t && t.id == id && t.name.equals(name) && t.columns.equals(columns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, columns);
    }

    @Override
    public String toString() {
        return "TableDef[" + id + " '" + name + "' " + columns + "]";
    }

    /** Builds a {@link TableDef}. Not thread-safe. */
    public static final class Builder {
        private final int id;
        private final String name;
        private final List<ColumnDef> columns = new ArrayList<>();

        private Builder(int id, String name) {
            this.id = id;
            this.name = name;
        }

        public Builder column(int columnId, String columnName, ColumnType type) {
            columns.add(new ColumnDef(columnId, columnName, type));
            return this;
        }

        public TableDef build() {
            return new TableDef(id, name, columns);
        }
    }
}
