package io.mmsb.core;

import java.util.Objects;

/**
 * A column of a table: a stable id (never reused within a table), a name and a type.
 * Immutable; safe from any thread.
 */
public record ColumnDef(int id, String name, ColumnType type) {
    public ColumnDef {
        if (id < 0 || id > 0xFFFF) {
            throw new SchemaException("column id " + id + " is out of range; expected 0..65535");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new SchemaException("column " + id + " has a blank name; expected a non-blank name");
        }
    }
}
