package io.mmsb.delta;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.ColumnType;
import io.mmsb.core.TableDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The deterministic history of the kill campaign ({@link KillCampaignTest}, {@link CampaignWriter}):
 * the writes of epoch {@code e} are a function of the seed, {@code e} and the row counts before
 * {@code e} only, so a writer restarted after a kill continues the same history from whatever
 * epoch recovery kept, and the test recomputes the expected state of every epoch. The expected
 * state is one mutable copy of the rows (the campaign checks epochs in ascending order), not
 * {@link Model}'s copy per epoch. Thread rules: one thread. Ownership: none (on-heap only).
 */
final class CampaignHistory {
    private final long seed;
    private final Map<String, List<Object[]>> rows = new HashMap<>();
    private long epoch;

    CampaignHistory(long seed) {
        this.seed = seed;
        for (TableDef t : Model.SCHEMA.tables()) {
            rows.put(t.name(), new ArrayList<>());
        }
    }

    /** The epoch whose state this history holds now (0 at first). */
    long epoch() {
        return epoch;
    }

    /** The writes of epoch {@code e} given the row counts of the state before it. */
    static List<Model.Write> writes(long seed, long e, int nodeRows, int blockRows) {
        Random rnd = new Random(seed * 0x9E3779B97F4A7C15L + e);
        List<Model.Write> out = new ArrayList<>();
        int nodes = nodeRows;
        int blocks = blockRows;
        int n = 1 + (rnd.nextInt(3) == 0 ? 1 : 0);
        for (int i = 0; i < n; i++) {
            boolean toBlocks = rnd.nextInt(4) == 0;
            TableDef t = toBlocks ? Model.BLOCKS : Model.NODES;
            int count = toBlocks ? blocks : nodes;
            int start = count == 0 || rnd.nextBoolean() ? count : rnd.nextInt(count + 1);
            int len = rnd.nextInt(16) == 0 ? 64 + rnd.nextInt(200) : 1 + rnd.nextInt(12);
            int end = start + len;
            List<String> cols = new ArrayList<>();
            for (ColumnDef c : t.columns()) {
                if (rnd.nextInt(3) != 0) {
                    cols.add(c.name());
                }
            }
            if (cols.isEmpty()) {
                cols.add(t.columns().get(rnd.nextInt(t.columns().size())).name());
            }
            Object[][] values = new Object[cols.size()][len];
            for (int c = 0; c < cols.size(); c++) {
                ColumnType type = t.column(cols.get(c)).type();
                for (int r = 0; r < len; r++) {
                    values[c][r] = Model.randomValue(rnd, type);
                }
            }
            out.add(new Model.Write(t, start, end, cols, values));
            if (toBlocks) {
                blocks = Math.max(blocks, end);
            } else {
                nodes = Math.max(nodes, end);
            }
        }
        return out;
    }

    /** Whether epoch {@code e} of a group-commit writer waits until it is durable (about one commit in three). */
    static boolean awaitsDurable(long seed, long e) {
        return new Random(seed * 31 + e).nextInt(3) == 0;
    }

    /** Advances the expected state by one epoch. */
    void advance() {
        long e = epoch + 1;
        for (Model.Write w : writes(seed, e, rows.get("nodes").size(), rows.get("blocks").size())) {
            List<Object[]> table = rows.get(w.table().name());
            List<ColumnDef> columns = w.table().columns();
            for (int r = w.start(); r < w.end(); r++) {
                if (r == table.size()) {
                    Object[] fresh = new Object[columns.size()];
                    for (int c = 0; c < columns.size(); c++) {
                        fresh[c] = Model.defaultValue(columns.get(c).type());
                    }
                    table.add(fresh);
                }
                for (int c = 0; c < w.columns().size(); c++) {
                    table.get(r)[columnIndex(w.table(), w.columns().get(c))] = w.values()[c][r - w.start()];
                }
            }
        }
        epoch = e;
    }

    private static int columnIndex(TableDef t, String column) {
        for (int c = 0; c < t.columns().size(); c++) {
            if (t.columns().get(c).name().equals(column)) {
                return c;
            }
        }
        throw new AssertionError(column);
    }

    /** The first difference between {@code view} and the expected state of {@link #epoch()}, or null if they are equal. */
    String mismatch(StateView view) {
        if (view.epoch() != epoch) {
            return "view of epoch " + view.epoch() + " checked against epoch " + epoch;
        }
        for (TableDef t : Model.SCHEMA.tables()) {
            List<Object[]> expected = rows.get(t.name());
            if (view.rowCount(t.name()) != expected.size()) {
                return "epoch " + epoch + " " + t.name() + ": " + view.rowCount(t.name()) + " rows, expected " + expected.size();
            }
            for (int c = 0; c < t.columns().size(); c++) {
                ColumnSlice slice = view.column(t.name(), t.columns().get(c).name());
                for (int r = 0; r < expected.size(); r++) {
                    Object actual = slice.get(r);
                    if (!Objects.deepEquals(expected.get(r)[c], actual)) {
                        return "epoch " + epoch + " " + t.name() + "/" + t.columns().get(c).name() + "/" + r + ": store has "
                            + Model.show(actual) + ", expected " + Model.show(expected.get(r)[c]);
                    }
                }
            }
        }
        return null;
    }
}
