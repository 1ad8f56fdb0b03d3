package io.mmsb.recorder;

import io.mmsb.core.TableDef;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.Filter;
import io.mmsb.delta.StateView;
import io.mmsb.hooks.NodeId;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Reads the {@code nodes} table of a view ({@link FactTables#NODES}) as queries need it: a row's
 * {@link NodeId} (from the {@code unit}, {@code member} and {@code path} columns; a store recorded
 * before they existed has the text form in {@code key}) and its absolute span, derived from the
 * relative one the store keeps.
 *
 * <p><b>Spans are stored relative to an anchor</b>, so that code moved inside a file rewrites one
 * row per moved member, not every node below it. Within one hooks epoch, the nodes of a member
 * ({@code unit}, {@code member}) share an anchor: the member's root node (path "") if the epoch
 * reports it, else the member's first node with a known start (bytecode has no root node: its
 * first instruction). Unit-level nodes ({@code member} "") are grouped by the first segment of
 * their path (an import, the package name), anchored the same way; the unit's root is absolute.
 * Cells: {@code anchor} is the anchor's row, or -1 when the span is absolute (an anchor, or a
 * node with no anchor); {@code span_start} is the start minus the anchor's absolute start (the
 * absolute start when {@code anchor} = -1; -1 = unknown, then {@code span_end} is the absolute end
 * as given); {@code span_end} is the length {@code end - start} (-1 = unknown end).
 *
 * <p>Thread rules: as safe as the view it reads (views are immutable); keeps column slices only.
 */
public final class StoredNodes {
    private static final int MAX_HOPS = 16;

    private final ColumnSlice key;
    private final ColumnSlice unit;
    private final ColumnSlice member;
    private final ColumnSlice path;
    private final ColumnSlice start;
    private final ColumnSlice end;
    private final ColumnSlice anchor;
    private final ColumnSlice pathBase;
    /** Whole paths of rows already resolved (rows whose path continues another's), filled on demand. */
    private String[] paths;

    private StoredNodes(StateView v) {
        TableDef t = v.schema().table("nodes");
        this.key = v.column("nodes", "key");
        this.unit = v.column("nodes", "unit");
        boolean parts = has(t, "member") && has(t, "path");
        this.member = parts ? v.column("nodes", "member") : null;
        this.path = parts ? v.column("nodes", "path") : null;
        this.start = v.column("nodes", "span_start");
        this.end = v.column("nodes", "span_end");
        this.anchor = has(t, "anchor") ? v.column("nodes", "anchor") : null;
        this.pathBase = parts && has(t, "path_base") ? v.column("nodes", "path_base") : null;
    }

    /** The nodes of {@code v}. */
    public static StoredNodes of(StateView v) {
        return new StoredNodes(v);
    }

    private static boolean has(TableDef t, String column) {
        return t.columns().stream().anyMatch(c -> c.name().equals(column));
    }

    /** The id of node row {@code row}. */
    public NodeId id(int row) {
        String k = key.getSymbol(row);
        if (!k.isEmpty() || member == null) {
            return NodeId.parse(k);
        }
        return new NodeId(unit.getSymbol(row), member.getSymbol(row), path(row));
    }

    /** The whole path of a row recorded in parts: its {@code path} cell, after its base row's path when it has one. */
    private String path(int row) {
        int d = pathBase == null ? 0 : pathBase.getInt(row);
        if (d == 0) {
            return path.getSymbol(row);
        }
        if (paths == null) {
            paths = new String[row + 1];
        } else if (row >= paths.length) {
            paths = Arrays.copyOf(paths, Math.max(row + 1, paths.length * 2));
        }
        String known = paths[row];
        if (known == null) {
            int base = row - d;
            if (base < 0 || base == row) {
                throw new IllegalStateException("node row " + row + " continues the path of row " + base + ", which does not exist");
            }
            String prefix = path(base);
            known = paths[row] = prefix.isEmpty() ? path.getSymbol(row) : prefix + "/" + path.getSymbol(row);
        }
        return known;
    }

    /** The text form {@code unit::member::path} of row {@code row}'s id. */
    public String key(int row) {
        return id(row).toString();
    }

    /** The member ("" at unit level) of row {@code row}. */
    public String member(int row) {
        return member != null && key.getSymbol(row).isEmpty() ? member.getSymbol(row) : id(row).member();
    }

    /** The absolute start offset of row {@code row}'s span (-1 unknown). */
    public long start(int row) {
        long s = start.getLong(row);
        int hops = 0;
        for (int r = row; anchor != null && anchor.getInt(r) >= 0 && hops < MAX_HOPS; hops++) {
            r = anchor.getInt(r);
            s += start.getLong(r);
        }
        return s;
    }

    /** The absolute end offset of row {@code row}'s span (-1 unknown). */
    public long end(int row) {
        long e = end.getLong(row);
        if (anchor == null) {
            return e;                       // recorded with absolute spans
        }
        if (anchor.getInt(row) < 0 && start.getLong(row) < 0) {
            return e;                       // unknown start: the end is kept absolute
        }
        return e < 0 ? -1 : start(row) + e;
    }

    /** Whether the store keeps spans relative (it has an {@code anchor} column). */
    public boolean relativeSpans() {
        return anchor != null;
    }

    /** The row of node {@code id} in {@code v}, or -1. */
    public static int find(StateView v, NodeId id) {
        TableDef t = v.schema().table("nodes");
        if (has(t, "member") && has(t, "path")) {
            // a path cell is the whole path or its last segments: the cells that can be this node's
            String p = id.path();
            Predicate<String> tail = cell -> p.equals(cell) || (p.endsWith(cell) && p.length() > cell.length()
                && p.charAt(p.length() - cell.length() - 1) == '/');
            int[] rows = v.select("nodes", Filter.symbols("member", id.member()::equals), Filter.symbols("path", tail),
                Filter.symbols("unit", id.unit()::equals), Filter.symbols("key", String::isEmpty));
            StoredNodes nodes = rows.length == 0 ? null : of(v);
            for (int r : rows) {
                if (nodes.id(r).path().equals(p)) {
                    return r;
                }
            }
        }
        String text = id.toString();
        int[] rows = v.select("nodes", Filter.symbols("key", text::equals));
        return rows.length == 0 ? -1 : rows[0];
    }
}
