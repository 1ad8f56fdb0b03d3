package io.mmsb.cli;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.TableDef;
import io.mmsb.delta.Change;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.CommitInfo;
import io.mmsb.delta.Filter;
import io.mmsb.delta.HistoryEntry;
import io.mmsb.delta.QueryException;
import io.mmsb.delta.RecoveryReport;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import io.mmsb.hooks.NodeId;
import io.mmsb.recorder.StoredNodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    @Command(name = "log", description = {"One line per epoch: its compilation, the unit and stage (or phase) that wrote it, and a summary of what it wrote.",
        "Shows the last --limit epochs (of --from..--to); lines longer than --width are cut, saying how much was left out."})
    static final class Log extends StoreVerb {
        @Option(names = "--limit", defaultValue = "50", description = "at most this many epochs, the last ones (0: all; default: ${DEFAULT-VALUE})") int limit;
        @Option(names = "--from", description = "first epoch (default: 1)") Long from;
        @Option(names = "--to", description = "last epoch (default: the last)") Long to;
        @Option(names = "--width", defaultValue = "160", description = "longest line printed; a longer one is cut and says what it left out (0: no limit; default: ${DEFAULT-VALUE})") int width;
        @Option(names = "--rects", description = "list every rectangle written (table, rows, columns) instead of a per-table summary") boolean rects;

        @Override
        int answer(Store s) {
            long first = from == null ? 1 : Math.max(1, from);
            long last = to == null ? s.lastEpoch() : Math.min(to, s.lastEpoch());
            if (limit > 0 && last - first + 1 > limit) {
                out().printf("(epochs %d to %d not shown: %d of %d; --limit N, --from E or --to E show others)%n", first, last - limit,
                    last - limit - first + 1, last - first + 1);
                first = last - limit + 1;
            }
            EpochNames names = EpochNames.of(s);
            for (CommitInfo c : s.log()) {
                if (c.epoch() < first || c.epoch() > last) continue;
                List<String> parts = new ArrayList<>();
                if (rects) {
                    for (Change w : c.writes()) parts.add(rect(w));
                } else {
                    Map<String, long[]> perTable = new LinkedHashMap<>(); // table -> {rows, cells}
                    Map<String, BitSet> rows = new HashMap<>();
                    for (Change w : c.writes()) {
                        long[] t = perTable.computeIfAbsent(w.table(), x -> new long[2]);
                        rows.computeIfAbsent(w.table(), x -> new BitSet()).set(w.rowStart(), w.rowEnd());
                        t[1] += (long) (w.rowEnd() - w.rowStart()) * w.columns().size();
                    }
                    perTable.forEach((t, n) -> {
                        int r = rows.get(t).cardinality();
                        parts.add(t + " " + r + (r == 1 ? " row" : " rows") + (n[1] == r ? "" : " (" + n[1] + " cells)"));
                    });
                }
                EpochNames.Name n = names.name(c.epoch());
                String head = names.isEmpty() ? String.format("%6d  ", c.epoch())
                    : String.format("%6d  %-12s %-40s ", c.epoch(), names.compilation(c.epoch()), n.label());
                String tail = c.newSymbols() > 0 ? "  (+" + c.newSymbols() + " symbols)" : "";
                out().println(fit(head, parts, rects ? "; " : ", ", tail, width, rects ? "rectangles" : "tables"));
            }
            return 0;
        }

        /**
         * {@code head}, then as many whole {@code parts} as fit in {@code width} characters with what
         * follows them, then "... (+N more WHAT)" for the rest, then {@code tail}. When not even the
         * first part fits, it is cut and says how many characters it lost. Width 0: no limit.
         */
        static String fit(String head, List<String> parts, String sep, String tail, int width, String what) {
            String full = head + String.join(sep, parts) + tail;
            if (width <= 0 || full.length() <= width) {
                return full.stripTrailing();
            }
            StringBuilder sb = new StringBuilder(head);
            int kept = 0;
            for (; kept < parts.size(); kept++) {
                String next = (kept == 0 ? "" : sep) + parts.get(kept);
                int left = parts.size() - kept - 1;
                String more = left == 0 ? "" : " ... (+" + left + " more " + what + ")";
                if (sb.length() + next.length() + more.length() + tail.length() > width) {
                    break;
                }
                sb.append(next);
            }
            if (kept == 0) { // the first part alone is too long: cut it
                String p = parts.get(0);
                String more = parts.size() == 1 ? "" : " (+" + (parts.size() - 1) + " more " + what + ")";
                int keep = Math.max(0, width - sb.length() - tail.length() - more.length() - "... (+0000000 characters)".length());
                return sb.append(p, 0, keep).append("... (+").append(p.length() - keep).append(" characters)").append(more).append(tail).toString();
            }
            return sb.append(" ... (+").append(parts.size() - kept).append(" more ").append(what).append(')').append(tail).toString();
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
        @Option(names = "--stage", description = "the facts as this stage (PARSE, ATTRIBUTION, LOWERING, ...), named pass or Scala 3 phase (erasure, ...) last left them, at or before the epoch"
            + " (right after its last epoch for the row's unit; columns the stage does not know keep earlier values)")
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
            checkRow(v, table, row);
            if (stage != null) {
                v = s.stateAt(stageEpoch(s, v, row, v.epoch()));
            }
            FactText text = new FactText(v);
            String key = text.key(table, row);
            out().printf("%s %s at epoch %d%s%n", table, key == null ? "row " + row : key + " (row " + row + ")", v.epoch(),
                stage == null ? "" : " (as stage " + stage + " left it)");
            for (ColumnDef c : t.columns()) {
                Object cell = v.column(table, c.name()).get(row);
                String shown = Cells.show(cell);
                if (c.name().equals("key") && "".equals(cell) && text.key(table, row) != null && !text.key(table, row).isEmpty()) {
                    shown = Cells.show(text.key(table, row)) + "  (from unit, member, path)";
                } else if (text.translates(table, c.name())) {
                    // references as keys, types by name, absolute spans: the stored cell in brackets
                    shown = text.cell(table, c.name(), row) + "  (stored: " + shown + ")";
                }
                out().printf("  %-16s %s%n", c.name(), shown);
            }
            return 0;
        }

        private int byKey(StateView v, String key) {
            return rowOfKey(v, table, key);
        }

        /** The row of the entity with this key (nodes and blocks: {@code unit::member::path}, found by its parts). */
        static int rowOfKey(StateView v, String table, String key) {
            if (v.schema().table(table).columns().stream().noneMatch(c -> c.name().equals("key"))) {
                throw new QueryException("table '" + table + "' has no key column; give --row");
            }
            int found;
            NodeId id = NodeId.tryParse(key);
            if (table.equals("nodes") && id != null) {
                found = StoredNodes.find(v, id); // by unit, member, path
            } else if (table.equals("blocks") && id != null && v.schema().table(table).columns().stream().anyMatch(c -> c.name().equals("path"))) {
                int[] rows = v.select(table, Filter.symbols("path", id.path()::equals),
                    Filter.symbols("member", id.member()::equals), Filter.symbols("unit", id.unit()::equals));
                found = rows.length > 0 ? rows[0] : -1;
                if (found < 0) {
                    int[] legacy = v.select(table, Filter.symbols("key", key::equals));
                    found = legacy.length == 0 ? -1 : legacy[0];
                }
            } else {
                int[] rows = v.select(table, Filter.symbols("key", key::equals));
                found = rows.length == 0 ? -1 : rows[0];
            }
            if (found < 0) {
                throw new QueryException("no row of '" + table + "' has key '" + key + "' at epoch " + v.epoch());
            }
            return found;
        }

        /**
         * The last epoch at or before {@code until} in which stage {@link #stage} changed something of
         * the row's unit (the {@code stage_epochs} table): the state right after it is the row as that
         * stage left it. Columns a stage does not know (a parse knows no types) keep what an earlier
         * stage recorded. The row must have been written by that stage at least once.
         */
        private long stageEpoch(Store s, StateView v, int row, long until) {
            boolean hasUnit = s.schema().table(table).columns().stream().anyMatch(c -> c.name().equals("unit"));
            boolean hasStages = s.schema().tables().stream().anyMatch(t -> t.name().equals("stage_epochs"));
            if (!hasUnit || !hasStages) {
                throw new QueryException("table '" + table + "' has no unit column (or the store no stage_epochs); --stage applies to nodes, blocks and edges");
            }
            String unit = v.column(table, "unit").getSymbol(row);
            Map<Long, String> stageAt = new HashMap<>();
            Set<Long> ofStage = new HashSet<>();
            EpochNames names = EpochNames.of(s);
            long found = -1;
            StateView sv = s.stateAt(until);
            ColumnSlice seUnit = sv.column("stage_epochs", "unit");
            ColumnSlice seStage = sv.column("stage_epochs", "stage");
            ColumnSlice sePass = sv.column("stage_epochs", "pass");
            for (int r = 0; r < sv.rowCount("stage_epochs"); r++) {
                if (!seUnit.getSymbol(r).equals(unit)) {
                    continue;
                }
                String st = seStage.getSymbol(r);
                String pass = sePass.getSymbol(r);
                for (HistoryEntry h : s.history("stage_epochs", r)) {
                    if (h.epoch() <= until) {
                        String phase = names.name(h.epoch()).stage(); // a Scala 3 phase group, or the pass
                        stageAt.put(h.epoch(), st + (pass.isEmpty() ? "" : " " + pass) + (phase.equals(pass) || phase.equals(st) ? "" : " (" + phase + ")"));
                        // a stage (PARSE, ATTRIBUTION, LOWERING, OPTIMIZATION), a named pass or a phase
                        if (stage.equalsIgnoreCase(st) || stage.equalsIgnoreCase(pass) || stage.equalsIgnoreCase(phase)) {
                            ofStage.add(h.epoch());
                            found = Math.max(found, h.epoch());
                        }
                    }
                }
            }
            boolean written = false;
            StringBuilder seen = new StringBuilder();
            for (HistoryEntry h : s.history(table, row)) {
                if (h.epoch() > until) {
                    break;
                }
                String by = stageAt.getOrDefault(h.epoch(), "compilation end");
                seen.append(seen.isEmpty() ? "" : ", ").append(by).append(" at ").append(h.epoch());
                written |= ofStage.contains(h.epoch());
            }
            if (!written || found < 0) {
                throw new QueryException("row " + row + " of '" + table + "' was never written by stage " + stage + " up to epoch " + until
                    + " (written by: " + (seen.isEmpty() ? "none" : seen) + ")");
            }
            return found;
        }
    }

    @Command(name = "diff", description = {"The facts that changed between two epochs, old -> new.",
        "Each entity by its key; references to nodes as their keys, types by name, spans as absolute offsets."})
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
            FactText before = new FactText(a);
            FactText after = new FactText(b);
            for (Change c : changes) {
                out().println(rect(c));
                for (int r = c.rowStart(); r < Math.min(c.rowEnd(), c.rowStart() + limit); r++) {
                    StringBuilder sb = new StringBuilder();
                    boolean existed = r < a.rowCount(c.table());
                    for (String col : c.columns()) {
                        String old = existed ? before.cell(c.table(), col, r) : "(new)";
                        sb.append("  ").append(col).append(": ").append(old).append(" -> ").append(after.cell(c.table(), col, r));
                    }
                    String key = after.key(c.table(), r); // an entity by its key (references and types by name, spans absolute)
                    out().printf("  %s%s%n", key == null ? "row " + r : key, sb);
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
        @CommandLine.ArgGroup(multiplicity = "1") Show.Entity entity;

        @Override
        int answer(Store s) {
            StateView last = s.latest();
            int row = entity.row != null ? entity.row : Show.rowOfKey(last, table, entity.key);
            checkRow(last, table, row);
            EpochNames names = EpochNames.of(s);
            String key = new FactText(last).key(table, row);
            out().printf("%s %s: every epoch that changed it, with the new values%n", table, key == null ? "row " + row : key + " (row " + row + ")");
            for (HistoryEntry e : s.history(table, row)) {
                FactText then = new FactText(s.stateAt(e.epoch()));
                StringBuilder sb = new StringBuilder();
                e.values().forEach((k, v) -> {
                    if (k.equals("key") && "".equals(v) && key != null && !key.isEmpty()) return; // stored in parts: the header names it
                    sb.append(' ').append(k).append('=').append(then.translates(table, k) ? then.cell(table, k, row) : Cells.show(v));
                });
                out().printf("%6d  %-12s %-28s%s%n", e.epoch(), names.compilation(e.epoch()), names.name(e.epoch()).label(), sb);
            }
            return 0;
        }
    }

    /**
     * A row that is not in the table is an error (exit 1, one line), in every verb that reads one
     * entity: {@code show}, {@code history}, {@code phases}, {@code blame}.
     */
    static void checkRow(StateView v, String table, int row) {
        if (row < 0 || row >= v.rowCount(table)) {
            throw new QueryException("row " + row + " of '" + table + "' does not exist at epoch " + v.epoch() + " (it has " + v.rowCount(table) + " rows)");
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
            if (s.recovery().outcome() != RecoveryReport.Outcome.CLEAN) {
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
                List<ColumnSlice> cols = t.columns().stream().map(c -> v.column(t.name(), c.name())).toList();
                for (int r = 0; r < v.rowCount(t.name()); r++) {
                    line.setLength(0);
                    line.append(t.name()).append('\t').append(r);
                    for (ColumnSlice c : cols) {
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
            out().printf("epochs: %d%nsymbols: %d%nlog bytes: %d%ndecoded pages: %d bytes off-heap%n", s.lastEpoch(), s.dictionary().size(),
                logBytes(store), s.offHeapBytes());
            for (TableDef t : s.schema().tables()) {
                out().printf("table %-20s %10d rows  columns %s%n", t.name(), v.rowCount(t.name()),
                    Arrays.toString(t.columns().stream().map(c -> c.name() + ":" + c.type()).toArray()));
            }
            return 0;
        }

        private static long logBytes(Path dir) {
            try (var files = Files.list(dir)) {
                return files.mapToLong(f -> f.toFile().length()).sum();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
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
