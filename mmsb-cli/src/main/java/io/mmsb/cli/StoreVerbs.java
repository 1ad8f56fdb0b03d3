package io.mmsb.cli;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.TableDef;
import io.mmsb.delta.Change;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.CommitInfo;
import io.mmsb.delta.HistoryEntry;
import io.mmsb.delta.QueryException;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The verbs that read a store. Each opens it (recovery in strict mode: reading never changes it), answers, closes. */
final class StoreVerbs {
    private StoreVerbs() {}

    /** Options and plumbing shared by every verb that reads a store. */
    abstract static class StoreVerb implements Callable<Integer> {
        @Option(names = "--store", defaultValue = "mmsb-store", description = "store directory (default: ${DEFAULT-VALUE})")
        Path store;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        @Override
        public Integer call() {
            if (!Files.isDirectory(store) || Cli.isEmptyFolder(store)) {
                err().println("mmsb " + spec.name() + ": no store at " + store.toAbsolutePath() + " (give --store DIR, or run mmsb demo / mmsb record first)");
                return Main.USAGE;
            }
            try (RootAllocator root = new RootAllocator();
                 Store s = Store.open(store, StoreOptions.existing(root).withStrictRecovery(true).withReadOnly(true))) {
                return answer(s);
            }
        }

        abstract int answer(Store s);

        static long epochOr(Store s, Long epoch) {
            return epoch == null ? s.lastEpoch() : epoch;
        }
    }

    @Command(name = "log", description = "One line per epoch: what it wrote.")
    static final class Log extends StoreVerb {
        @Override
        int answer(Store s) {
            for (CommitInfo c : s.log()) {
                StringBuilder sb = new StringBuilder();
                for (Change w : c.writes()) {
                    sb.append(sb.isEmpty() ? "" : "; ").append(rect(w));
                }
                out().printf("%6d  %s%s%n", c.epoch(), sb, c.newSymbols() > 0 ? "  (+" + c.newSymbols() + " symbols)" : "");
            }
            return 0;
        }
    }

    static String rect(Change w) {
        return w.table() + " rows [" + w.rowStart() + ", " + w.rowEnd() + ") " + String.join(",", w.columns());
    }

    @Command(name = "show", description = "An entity's facts (one row of a table) at an epoch.")
    static final class Show extends StoreVerb {
        @Option(names = "--table", required = true, description = "the table (mmsb stats lists them)") String table;
        @CommandLine.ArgGroup(multiplicity = "1") Entity entity;
        @Option(names = "--epoch", description = "epoch (default: the last)") Long epoch;
        @Option(names = "--stage", description = "the facts as this stage (PARSE, ATTRIBUTION, LOWERING, ...) last left them, at or before the epoch")
        String stage;

        /** Which entity: a row number, or the value of the table's key column. */
        static final class Entity {
            @Option(names = "--row", required = true, description = "the entity's row number") Integer row;
            @Option(names = "--key", required = true, description = "the entity's key (e.g. a node id unit::member::path)") String key;
        }

        @Override
        int answer(Store s) {
            StateView v = s.stateAt(epochOr(s, epoch));
            TableDef t = s.schema().table(table);
            int row = entity.row != null ? entity.row : byKey(v, entity.key);
            if (row < 0 || row >= v.rowCount(table)) {
                throw new QueryException("row " + row + " of '" + table + "' does not exist at epoch " + v.epoch() + " (it has " + v.rowCount(table) + " rows)");
            }
            if (stage != null) {
                v = s.stateAt(stageEpoch(s, row, v.epoch()));
            }
            out().printf("%s row %d at epoch %d%s%n", table, row, v.epoch(), stage == null ? "" : " (as stage " + stage + " left it)");
            for (ColumnDef c : t.columns()) {
                out().printf("  %-16s %s%n", c.name(), Cells.show(v.column(table, c.name()).get(row)));
            }
            return 0;
        }

        private int byKey(StateView v, String key) {
            if (v.schema().table(table).columns().stream().noneMatch(c -> c.name().equals("key"))) {
                throw new QueryException("table '" + table + "' has no key column; give --row");
            }
            int[] rows = v.select(table, io.mmsb.delta.Filter.symbols("key", key::equals));
            if (rows.length == 0) {
                throw new QueryException("no row of '" + table + "' has key '" + key + "' at epoch " + v.epoch());
            }
            return rows[0];
        }

        /** The last epoch at or before {@code until} whose write left the row's stage column at {@link #stage}. */
        private long stageEpoch(Store s, int row, long until) {
            if (s.schema().table(table).columns().stream().noneMatch(c -> c.name().equals("stage"))) {
                throw new QueryException("table '" + table + "' has no stage column; --stage applies to nodes");
            }
            String current = null;
            long found = -1;
            StringBuilder seen = new StringBuilder();
            for (HistoryEntry h : s.history(table, row)) {
                if (h.epoch() > until) {
                    break;
                }
                if (h.values().containsKey("stage")) {
                    current = (String) h.values().get("stage");
                    seen.append(seen.isEmpty() ? "" : ", ").append(current).append(" at ").append(h.epoch());
                }
                if (stage.equalsIgnoreCase(current)) {
                    found = h.epoch();
                }
            }
            if (found < 0) {
                throw new QueryException("row " + row + " of '" + table + "' was never written by stage " + stage + " up to epoch " + until
                    + " (its stages: " + (seen.isEmpty() ? "none" : seen) + ")");
            }
            return found;
        }
    }

    @Command(name = "diff", description = "The facts that changed between two epochs, old -> new.")
    static final class Diff extends StoreVerb {
        @Option(names = "--from", required = true, description = "earlier epoch") long from;
        @Option(names = "--to", description = "epoch (default: the last)") Long to;
        @Option(names = "--limit", defaultValue = "20", description = "rows shown per rectangle (default: ${DEFAULT-VALUE})") int limit;
        @Option(names = "--count", description = "print only the number of cells that changed") boolean count;

        @Override
        int answer(Store s) {
            long t = epochOr(s, to);
            StateView a = s.stateAt(from);
            StateView b = s.stateAt(t);
            List<Change> changes = s.diff(from, t);
            if (count) {
                out().println(changes.stream().mapToLong(c -> (long) c.columns().size() * (c.rowEnd() - c.rowStart())).sum());
                return 0;
            }
            out().printf("%d rectangle(s) changed from epoch %d to %d%n", changes.size(), from, t);
            for (Change c : changes) {
                out().println(rect(c));
                for (int r = c.rowStart(); r < Math.min(c.rowEnd(), c.rowStart() + limit); r++) {
                    StringBuilder sb = new StringBuilder();
                    for (String col : c.columns()) {
                        ColumnSlice after = b.column(c.table(), col);
                        String old = r < a.rowCount(c.table()) ? Cells.show(a.column(c.table(), col).get(r)) : "(new)";
                        sb.append("  ").append(col).append(": ").append(old).append(" -> ").append(Cells.show(after.get(r)));
                    }
                    out().printf("  row %d%s%n", r, sb);
                }
                if (c.rowEnd() - c.rowStart() > limit) {
                    out().printf("  ... %d more rows (--limit)%n", c.rowEnd() - c.rowStart() - limit);
                }
            }
            return 0;
        }
    }

    @Command(name = "history", description = "Every epoch at which an entity (a row) changed, with its new values.")
    static final class History extends StoreVerb {
        @Option(names = "--table", required = true, description = "the table (mmsb stats lists them)") String table;
        @Option(names = "--row", required = true, description = "the entity's row number") int row;

        @Override
        int answer(Store s) {
            List<HistoryEntry> h = s.history(table, row);
            if (h.isEmpty()) {
                out().printf("%s row %d was never written%n", table, row);
            }
            for (HistoryEntry e : h) {
                StringBuilder sb = new StringBuilder();
                e.values().forEach((k, v) -> sb.append(' ').append(k).append('=').append(Cells.show(v)));
                out().printf("%6d %s%n", e.epoch(), sb);
            }
            return 0;
        }
    }

    @Command(name = "verify", description = "Check every checksum, replay every epoch, print the final hash; exit 3 on any damage.")
    static final class Verify extends StoreVerb {
        @Option(names = "--all-epochs", description = "also assemble and hash every epoch's state") boolean all;

        @Override
        int answer(Store s) {
            long last = s.lastEpoch();
            if (all) {
                Progress p = new Progress(err(), "hashing epochs", last);
                for (long e = 0; e <= last; e++) {
                    s.stateHash(e);
                    p.step(e);
                }
                p.done();
            }
            String hash = s.stateHash(last);
            if (s.recovery().outcome() != io.mmsb.delta.RecoveryReport.Outcome.CLEAN) {
                err().println("mmsb verify: the store is damaged (verify changed nothing; opening it for writing repairs it): " + s.recovery().detail());
                out().printf("intact: %d epochs verified and replayed before the damage; state hash at epoch %d: %s%n", last, last, hash);
                return Main.DAMAGED;
            }
            out().printf("ok: %d epochs, every record verified (CRC32C) and replayed; state hash at epoch %d: %s%n", last, last, hash);
            return 0;
        }
    }

    @Command(name = "hash", description = "The content hash (SHA-256) of the state at an epoch.")
    static final class Hash extends StoreVerb {
        @Option(names = "--epoch", description = "epoch (default: the last)") Long epoch;

        @Override
        int answer(Store s) {
            out().println(s.stateHash(epochOr(s, epoch)));
            return 0;
        }
    }

    @Command(name = "dump", description = "Every row of every table at an epoch as text: one line per row, the table, the row and every cell, tab-separated (lists comma-separated).")
    static final class Dump extends StoreVerb {
        @Option(names = "--epoch", description = "epoch (default: the last)") Long epoch;

        @Override
        int answer(Store s) {
            StateView v = s.stateAt(epochOr(s, epoch));
            PrintWriter w = out();
            StringBuilder line = new StringBuilder(256);
            for (TableDef t : s.schema().tables()) {
                List<io.mmsb.delta.ColumnSlice> cols = t.columns().stream().map(c -> v.column(t.name(), c.name())).toList();
                for (int r = 0; r < v.rowCount(t.name()); r++) {
                    line.setLength(0);
                    line.append(t.name()).append('\t').append(r);
                    for (io.mmsb.delta.ColumnSlice c : cols) {
                        line.append('\t');
                        Object cell = c.get(r);
                        if (cell instanceof int[] list) {
                            for (int i = 0; i < list.length; i++) {
                                line.append(i == 0 ? "" : ",").append(list[i]);
                            }
                        } else {
                            line.append(cell);
                        }
                    }
                    w.append(line).append('\n');
                }
            }
            w.flush();
            return 0;
        }
    }

    @Command(name = "stats", description = "Tables, rows, epochs, symbols and log size.")
    static final class Stats extends StoreVerb {
        @Override
        int answer(Store s) {
            StateView v = s.latest();
            out().printf("epochs: %d%nsymbols: %d%nlog bytes: %d%n", s.lastEpoch(), s.dictionary().size(), logBytes(store));
            for (TableDef t : s.schema().tables()) {
                out().printf("table %-20s %10d rows  columns %s%n", t.name(), v.rowCount(t.name()),
                    Arrays.toString(t.columns().stream().map(c -> c.name() + ":" + c.type()).toArray()));
            }
            return 0;
        }

        private static long logBytes(Path dir) {
            try (var files = Files.list(dir)) {
                return files.mapToLong(f -> f.toFile().length()).sum();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** A progress line on stderr for long work, at most every half second. */
    static final class Progress {
        private final PrintWriter err;
        private final String what;
        private final long total;
        private long lastPrint = System.nanoTime();

        Progress(PrintWriter err, String what, long total) {
            this.err = err;
            this.what = what;
            this.total = total;
        }

        void step(long done) {
            long now = System.nanoTime();
            if (now - lastPrint > 500_000_000L && Cli.INTERACTIVE) { // a terminal only: \r lines would garble a pipe
                err.printf("\r%s: %d/%d", what, done, total);
                err.flush();
                lastPrint = now;
            }
        }

        void done() {
            err.printf("%s%s: %d/%d done%n", Cli.INTERACTIVE ? "\r" : "", what, total, total);
        }
    }
}
