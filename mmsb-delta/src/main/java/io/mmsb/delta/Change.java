package io.mmsb.delta;

import java.util.List;

/**
 * A rectangle of cells that differ between two epochs: {@code columns} x rows
 * {@code [rowStart, rowEnd)} of one table. Rows that exist at the later epoch only count as
 * changed in every column.
 */
public record Change(String table, List<String> columns, int rowStart, int rowEnd) {
    public Change {
        columns = List.copyOf(columns);
    }
}
