package io.mmsb.delta.internal;

import io.mmsb.core.Mmsb;
import io.mmsb.core.TableDef;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One table as of one epoch, for views: a frozen base state (a keyframe, or the writer's state
 * frozen at the last epoch) plus the patches committed after it, applied per column only when a
 * column is first read. A column no replayed patch touched shares the base's chunk array: a
 * scan of one column at an old epoch copies one chunk map at most, never the whole table.
 *
 * <p>Thread rules: immutable from the outside; the per-column cache is filled racily but
 * idempotently (two threads may compute the same array; either result is correct). Ownership:
 * refers to pages owned by the store's commits.
 */
final class TableView {
    private final TableState base;
    private final List<Patch> patches;
    private final int rowCount;
    private final AtomicReferenceArray<Page[]> columns;

    TableView(TableState base, List<Patch> patches) {
        this.base = base;
        this.patches = patches;
        int rows = base.rowCount();
        for (Patch p : patches) {
            rows = Math.max(rows, p.rowCountAfter());
        }
        this.rowCount = rows;
        this.columns = new AtomicReferenceArray<>(base.table().columns().size());
    }

    TableDef table() {
        return base.table();
    }

    int rowCount() {
        return rowCount;
    }

    /** The page holding {@code row} of the column at {@code position}. */
    Page page(int position, int row) {
        return chunk(position, row / Mmsb.PAGE_ROWS);
    }

    /** The page of chunk {@code c} of the column at {@code position}. */
    Page chunk(int position, int c) {
        Page[] replayed = replayed(position);
        return replayed == null ? base.chunk(position, c) : replayed[c];
    }

    /** The chunks of the column at {@code position} after this view's patches, or null if none touch it. */
    private Page[] replayed(int position) {
        if (patches.isEmpty()) {
            return null;
        }
        Page[] c = columns.get(position);
        if (c == null) {
            c = replay(position);
            columns.set(position, c);
        }
        return c == NONE ? null : c;
    }

    private static final Page[] NONE = new Page[0];

    private Page[] replay(int position) {
        Page[] out = null;
        for (Patch p : patches) {
            for (int i = 0; i < p.columnPositions().length; i++) {
                if (p.columnPositions()[i] != position) {
                    continue;
                }
                if (out == null) {
                    out = base.chunks(position, TableState.chunkCount(rowCount));
                }
                Arrays.fill(out, p.envStart() / Mmsb.PAGE_ROWS, TableState.chunkCount(p.envEnd()), p.pages()[i]);
            }
        }
        return out == null ? NONE : out;
    }
}
