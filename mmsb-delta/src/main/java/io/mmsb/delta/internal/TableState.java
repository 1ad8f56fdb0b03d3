package io.mmsb.delta.internal;

import io.mmsb.core.Mmsb;
import io.mmsb.core.TableDef;
import java.util.Arrays;

/**
 * The pages of one table at one epoch: for each column, which page holds each 64-row chunk.
 * Chunk {@code c} covers rows {@code [64c, min(64c + 64, rowCount))} and is read from
 * {@code chunks[column][c]} at page row {@code 64c}.
 *
 * <p>Thread rules: a state is either the writer's working state (mutated only under the commit
 * lock) or a frozen copy handed to views and keyframes (never mutated again). Ownership: refers
 * to pages owned by commits.
 */
public final class TableState {
    private final TableDef table;
    private int rowCount;
    private Page[][] chunks;
    /** Writer only: the arrays of the last freeze, shared by the next one for columns not written since. */
    private Page[][] lastFrozen;
    private boolean[] dirty;

    public TableState(TableDef table) {
        this.table = table;
        this.chunks = new Page[table.columns().size()][0];
        this.dirty = new boolean[chunks.length];
        java.util.Arrays.fill(dirty, true);
    }

    private TableState(TableDef table, int rowCount, Page[][] chunks) {
        this.table = table;
        this.rowCount = rowCount;
        this.chunks = chunks;
    }

    public TableDef table() {
        return table;
    }

    public int rowCount() {
        return rowCount;
    }

    /** The page holding {@code row} of the column at {@code position}. */
    public Page page(int position, int row) {
        return chunks[position][row / Mmsb.PAGE_ROWS];
    }

    public Page[] chunks(int position) {
        return chunks[position];
    }

    /**
     * A frozen copy (arrays trimmed to the chunk count). Columns not written since the previous
     * freeze share that freeze's array, so a keyframe costs only what changed since the last one.
     */
    public TableState freeze() {
        int n = chunkCount(rowCount);
        Page[][] copy = new Page[chunks.length][];
        for (int i = 0; i < chunks.length; i++) {
            boolean reusable = lastFrozen != null && !dirty[i] && lastFrozen[i].length == n;
            copy[i] = reusable ? lastFrozen[i] : Arrays.copyOf(chunks[i], n);
            dirty[i] = false;
        }
        lastFrozen = copy;
        return new TableState(table, rowCount, copy);
    }

    /** Points every chunk of the patch's envelope at the patch's pages. */
    public void apply(Patch p) {
        applyAndRemember(p, false);
    }

    /** {@link #apply}, returning how to undo it (the commit path, which may still fail). */
    public Runnable applyUndoably(Patch p) {
        return applyAndRemember(p, true);
    }

    private Runnable applyAndRemember(Patch p, boolean remember) {
        int first = p.envStart() / Mmsb.PAGE_ROWS;
        int end = chunkCount(p.envEnd());
        int oldRowCount = rowCount;
        Page[][] before = remember ? new Page[p.pages().length][] : null;
        for (int i = 0; i < p.pages().length; i++) {
            int pos = p.columnPositions()[i];
            if (chunks[pos].length < end) {
                chunks[pos] = Arrays.copyOf(chunks[pos], Math.max(end, chunks[pos].length * 2));
            }
            if (remember) {
                before[i] = Arrays.copyOfRange(chunks[pos], first, end);
            }
            if (dirty != null) {
                dirty[pos] = true;
            }
            Arrays.fill(chunks[pos], first, end, p.pages()[i]);
        }
        rowCount = Math.max(rowCount, p.rowCountAfter());
        if (!remember) {
            return null;
        }
        return () -> {
            for (int i = 0; i < before.length; i++) {
                System.arraycopy(before[i], 0, chunks[p.columnPositions()[i]], first, before[i].length);
            }
            rowCount = oldRowCount;
        };
    }

    public static int chunkCount(int rows) {
        return (rows + Mmsb.PAGE_ROWS - 1) / Mmsb.PAGE_ROWS;
    }
}
