package io.mmsb.delta.internal;

import io.mmsb.core.Mmsb;
import io.mmsb.core.TableDef;
import java.util.Arrays;

/**
 * The pages of one table at one epoch: for each column, which page holds each 64-row chunk,
 * kept as a two-level map (segments of {@value #SEGMENT} chunk references) so that a freeze
 * copies only the segment tables, and a write after it copies only the segments it touches.
 * Chunk {@code c} covers rows {@code [64c, min(64c + 64, rowCount))} and is read from
 * {@link #chunk chunk(column, c)} at page row {@code 64c}.
 *
 * <p>Thread rules: a state is either the writer's working state (mutated only under the commit
 * lock) or a frozen copy handed to views and keyframes (never mutated again). Ownership: refers
 * to pages owned by commits; a segment array is shared between a frozen copy and the working
 * state until the working state writes into it, when the working state copies it first.
 */
public final class TableState {
    /** Chunk references per segment (4,096 rows). */
    static final int SEGMENT = 64;
    private static final Page[][] NO_SEGMENTS = new Page[0][];

    private final TableDef table;
    private int rowCount;
    /** {@code segments[column][s][i]}: the page of chunk {@code s * SEGMENT + i}. */
    private final Page[][][] segments;
    /** Working state only: {@code owned[column][s]} the working state may write segment s in place. */
    private final boolean[][] owned;
    /** Working state only: the segment tables of the last freeze, shared by the next one for columns not written since. */
    private Page[][][] lastFrozen;
    private boolean[] dirty;

    public TableState(TableDef table) {
        this.table = table;
        int n = table.columns().size();
        this.segments = new Page[n][][];
        this.owned = new boolean[n][];
        Arrays.fill(segments, NO_SEGMENTS);
        Arrays.fill(owned, new boolean[0]);
        this.dirty = new boolean[n];
        Arrays.fill(dirty, true);
    }

    private TableState(TableDef table, int rowCount, Page[][][] segments) {
        this.table = table;
        this.rowCount = rowCount;
        this.segments = segments;
        this.owned = null;
    }

    public TableDef table() {
        return table;
    }

    public int rowCount() {
        return rowCount;
    }

    /** The page holding {@code row} of the column at {@code position}. */
    public Page page(int position, int row) {
        return chunk(position, row / Mmsb.PAGE_ROWS);
    }

    /** The page of chunk {@code c} of the column at {@code position} (null past the written chunks). */
    public Page chunk(int position, int c) {
        Page[][] s = segments[position];
        int seg = c / SEGMENT;
        return seg < s.length && s[seg] != null ? s[seg][c % SEGMENT] : null;
    }

    /** The chunks {@code [0, n)} of the column at {@code position} as one new array. */
    public Page[] chunks(int position, int n) {
        Page[] out = new Page[n];
        Page[][] s = segments[position];
        for (int seg = 0; seg < s.length && seg * SEGMENT < n; seg++) {
            if (s[seg] != null) {
                System.arraycopy(s[seg], 0, out, seg * SEGMENT, Math.min(SEGMENT, n - seg * SEGMENT));
            }
        }
        return out;
    }

    /**
     * A frozen copy. It copies each column's segment table only (one reference per 4,096 rows),
     * and not even that for columns not written since the previous freeze; the segments
     * themselves are shared until the working state next writes into them.
     */
    public TableState freeze() {
        Page[][][] copy = new Page[segments.length][][];
        for (int i = 0; i < segments.length; i++) {
            boolean reusable = lastFrozen != null && !dirty[i];
            if (reusable) {
                copy[i] = lastFrozen[i];
            } else {
                copy[i] = segments[i].clone();
                Arrays.fill(owned[i], false);
            }
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
            if (remember) {
                Page[] b = before[i] = new Page[end - first];
                for (int c = first; c < end; c++) {
                    b[c - first] = chunk(pos, c);
                }
            }
            dirty[pos] = true;
            fill(pos, first, end, p.pages()[i]);
        }
        rowCount = Math.max(rowCount, p.rowCountAfter());
        if (!remember) {
            return null;
        }
        return () -> {
            for (int i = 0; i < before.length; i++) {
                int pos = p.columnPositions()[i];
                for (int c = first; c < end; c++) {
                    writable(pos, c / SEGMENT)[c % SEGMENT] = before[i][c - first];
                }
            }
            rowCount = oldRowCount;
        };
    }

    /** Chunks {@code [from, to)} of the column at {@code position} read from {@code page}. */
    private void fill(int position, int from, int to, Page page) {
        int c = from;
        while (c < to) {
            int seg = c / SEGMENT;
            int segEnd = Math.min(to, (seg + 1) * SEGMENT);
            Arrays.fill(writable(position, seg), c % SEGMENT, c % SEGMENT + (segEnd - c), page);
            c = segEnd;
        }
    }

    /** Segment {@code seg} of a column, copied first if a frozen state shares it. */
    private Page[] writable(int position, int seg) {
        Page[][] s = segments[position];
        if (seg >= s.length) {
            int n = Math.max(seg + 1, s.length * 2);
            s = segments[position] = Arrays.copyOf(s, n);
            owned[position] = Arrays.copyOf(owned[position], n);
        }
        if (!owned[position][seg]) {
            s[seg] = s[seg] == null ? new Page[SEGMENT] : s[seg].clone();
            owned[position][seg] = true;
        }
        return s[seg];
    }

    public static int chunkCount(int rows) {
        return (rows + Mmsb.PAGE_ROWS - 1) / Mmsb.PAGE_ROWS;
    }
}
