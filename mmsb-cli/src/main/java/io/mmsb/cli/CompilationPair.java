package io.mmsb.cli;

import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.QueryException;
import io.mmsb.delta.StateView;

/**
 * Two recorded compilations a verb compares, by name and the epoch each ended at. Immutable.
 *
 * @param from the earlier compilation's name
 * @param fromEpoch the last epoch of its facts
 * @param to the later compilation's name
 * @param toEpoch the last epoch of its facts
 */
record CompilationPair(String from, long fromEpoch, String to, long toEpoch) {

    /**
     * The pair named by {@code --from} / {@code --to} (either may be null: {@code to} defaults to
     * the last compilation, {@code from} to the one recorded before {@code to}).
     *
     * @throws QueryException when the store has too few compilations or a name is unknown
     */
    static CompilationPair of(StateView latest, String from, String to, String verb) {
        int n = latest.rowCount("compilations");
        ColumnSlice names = latest.column("compilations", "key");
        int toRow = to == null ? n - 1 : find(names, n, to);
        int fromRow = from == null ? toRow - 1 : find(names, n, from);
        if (fromRow < 0 || toRow < 0) {
            throw new QueryException("the store has " + n + " recorded compilation(s) and none before '" + (toRow < 0 ? "(none)"
                : names.getSymbol(toRow)) + "'; " + verb + " compares two (record another, or give --from and --to)");
        }
        ColumnSlice last = latest.column("compilations", "last_epoch");
        return new CompilationPair(names.getSymbol(fromRow), last.getLong(fromRow), names.getSymbol(toRow), last.getLong(toRow));
    }

    private static int find(ColumnSlice names, int n, String name) {
        for (int r = 0; r < n; r++) {
            if (names.getSymbol(r).equals(name)) {
                return r;
            }
        }
        throw new QueryException("no recorded compilation '" + name + "'");
    }
}
