package io.mmsb.delta.internal;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.mmsb.core.ColumnType;
import io.mmsb.core.Mmsb;
import io.mmsb.core.TableDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The two-level chunk map against a flat reference: random patches over many 4,096-row
 * segments, frozen copies taken between them, some patches undone. Every frozen copy must keep
 * exactly the chunks it had when it was taken (the working state copies a shared segment before
 * writing it), and the working state must match the reference after each step.
 */
class TableStateTest {
    private static final TableDef TABLE = TableDef.builder(1, "t")
        .column(1, "a", ColumnType.INT32).column(2, "b", ColumnType.INT64).build();

    @Property(tries = 200)
    void frozenCopiesNeverSeeLaterWrites(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int steps) {
        Random rnd = new Random(seed);
        TableState working = new TableState(TABLE);
        Page[][] reference = {new Page[0], new Page[0]};
        int rows = 0;
        List<TableState> frozen = new ArrayList<>();
        List<Page[][]> frozenReference = new ArrayList<>();
        List<Integer> frozenRows = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            int op = rnd.nextInt(4);
            if (op == 0) {
                frozen.add(working.freeze());
                frozenReference.add(new Page[][] {reference[0].clone(), reference[1].clone()});
                frozenRows.add(rows);
                continue;
            }
            int start = rnd.nextInt(rows + 1);
            int end = start + 1 + rnd.nextInt(rnd.nextBoolean() ? 100 : 20_000);
            int envStart = start / Mmsb.PAGE_ROWS * Mmsb.PAGE_ROWS;
            int envEnd = TableState.chunkCount(end) * Mmsb.PAGE_ROWS;
            int[] positions = rnd.nextBoolean() ? new int[] {0, 1} : new int[] {rnd.nextInt(2)};
            Page[] pages = new Page[positions.length];
            for (int i = 0; i < pages.length; i++) {
                pages[i] = new Page(TABLE.columns().get(positions[i]), envStart, envEnd - envStart, null, null, null, null, List.of());
            }
            Patch p = new Patch(TABLE, start, end, envStart, envEnd, Math.max(rows, end), positions, pages);
            Runnable undo = working.applyUndoably(p);
            if (op == 1) {
                undo.run(); // a commit that failed after applying
            } else {
                for (int i = 0; i < positions.length; i++) {
                    Page[] col = reference[positions[i]];
                    if (col.length < TableState.chunkCount(envEnd)) {
                        col = reference[positions[i]] = Arrays.copyOf(col, TableState.chunkCount(envEnd));
                    }
                    Arrays.fill(col, envStart / Mmsb.PAGE_ROWS, TableState.chunkCount(envEnd), pages[i]);
                }
                rows = Math.max(rows, end);
            }
            assertMatches(reference, rows, working);
        }
        for (int f = 0; f < frozen.size(); f++) {
            assertMatches(frozenReference.get(f), frozenRows.get(f), frozen.get(f));
        }
    }

    private static void assertMatches(Page[][] reference, int rows, TableState state) {
        for (int pos = 0; pos < 2; pos++) {
            int n = TableState.chunkCount(rows);
            Page[] flat = state.chunks(pos, n);
            for (int c = 0; c < n; c++) {
                Page expected = c < reference[pos].length ? reference[pos][c] : null;
                assertSame(expected, state.chunk(pos, c), "column " + pos + " chunk " + c);
                assertSame(expected, flat[c], "column " + pos + " chunk " + c + " (flat copy)");
            }
        }
    }
}
