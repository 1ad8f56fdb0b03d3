package io.mmsb.cli;

import io.mmsb.delta.Change;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.CommitInfo;
import io.mmsb.delta.Filter;
import io.mmsb.delta.HistoryEntry;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What each epoch of a recorded store was: the compilation it belongs to, and the unit and stage
 * that wrote it. The stage comes from {@code stage_epochs} (the row a stage rewrites in each epoch
 * where it changes something of a unit): a javac stage ({@code PARSE}, {@code ATTRIBUTION},
 * {@code LOWERING}), a named pass, or for a Scala 3 recording the phase group named by the unit's
 * phase marker ({@code unit::::#phase}); the last epoch of a compilation with no stage is its end
 * (the {@code stage} column and the {@code compilations} row), and a compilation that did not
 * finish shows as incomplete, its revert epoch as "revert". A store without these tables (the
 * demo's) names no epoch.
 *
 * <p>Thread rules: built and read on one verb's thread; immutable after {@link #of}.
 */
final class EpochNames {
    /** The path of the per-unit phase marker written by mmsb-scalac. */
    static final String PHASE_MARKER = "#phase";

    /** What wrote one epoch: a unit ("" for none or several) and a stage or phase ("" unknown). */
    record Name(String unit, String stage) {
        /** "unit stage", or the one that is known. */
        String label() {
            return unit.isEmpty() ? stage : stage.isEmpty() ? unit : unit + " " + stage;
        }
    }

    private final TreeMap<Long, String> compilationFrom = new TreeMap<>(); // first epoch -> id
    private final TreeMap<Long, Long> compilationTo = new TreeMap<>();     // first epoch -> last epoch
    private final Map<Long, Name> names = new TreeMap<>();

    private EpochNames() {}

    /** The names of every epoch of {@code s}, from its log and its latest state. */
    static EpochNames of(Store s) {
        EpochNames n = new EpochNames();
        StateView last = s.latest();
        if (FactText.has(last, "compilations", "first_epoch")) {
            for (int r = 0; r < last.rowCount("compilations"); r++) {
                long first = last.column("compilations", "first_epoch").getLong(r);
                n.compilationFrom.put(first, last.column("compilations", "key").getSymbol(r));
                n.compilationTo.put(first, last.column("compilations", "last_epoch").getLong(r));
            }
        }
        if (FactText.has(last, "incomplete_compilations", "reverted_epoch")) {
            for (int r = 0; r < last.rowCount("incomplete_compilations"); r++) {
                long first = last.column("incomplete_compilations", "first_epoch").getLong(r);
                long reverted = last.column("incomplete_compilations", "reverted_epoch").getLong(r);
                String id = last.column("incomplete_compilations", "key").getSymbol(r);
                n.compilationFrom.put(first, id + " (incomplete)");
                n.compilationTo.put(first, reverted);
                n.names.put(reverted, new Name("", "revert of " + id));
            }
        }
        if (FactText.has(last, "stage_epochs", "pass")) {
            ColumnSlice unit = last.column("stage_epochs", "unit");
            ColumnSlice stage = last.column("stage_epochs", "stage");
            ColumnSlice pass = last.column("stage_epochs", "pass");
            for (CommitInfo c : s.log()) {
                TreeSet<String> units = new TreeSet<>();
                TreeSet<String> stages = new TreeSet<>();
                for (Change w : c.writes()) {
                    if (!w.table().equals("stage_epochs")) continue;
                    for (int r = w.rowStart(); r < w.rowEnd() && r < last.rowCount("stage_epochs"); r++) {
                        units.add(unit.getSymbol(r));
                        stages.add(pass.getSymbol(r).isEmpty() ? stage.getSymbol(r) : pass.getSymbol(r));
                    }
                }
                if (!units.isEmpty()) {
                    n.names.putIfAbsent(c.epoch(), new Name(units.size() == 1 ? units.first() : units.size() + " units", String.join(",", stages)));
                }
            }
        }
        if (FactText.has(last, "nodes", "path") && FactText.has(last, "nodes", "member")) {
            // a Scala 3 unit's phase marker names the phase group of each epoch where it changed
            int[] markers = last.select("nodes", Filter.symbols("path", PHASE_MARKER::equals), Filter.symbols("member", String::isEmpty));
            for (int m : markers) {
                String unit = last.column("nodes", "unit").getSymbol(m);
                for (HistoryEntry h : s.history("nodes", m)) {
                    if (h.values().get("detail") instanceof String phase && !phase.isEmpty()) {
                        n.names.put(h.epoch(), new Name(unit, phase));
                    }
                }
            }
        }
        n.compilationTo.forEach((first, to) -> n.names.putIfAbsent(to, new Name("", "end of compilation")));
        return n;
    }

    /** The compilation epoch {@code e} belongs to ("" when none covers it). */
    String compilation(long e) {
        Map.Entry<Long, String> c = compilationFrom.floorEntry(e);
        return c == null || compilationTo.get(c.getKey()) < e ? "" : c.getValue();
    }

    /** What wrote epoch {@code e} (unknown parts are ""). */
    Name name(long e) {
        return names.getOrDefault(e, new Name("", ""));
    }

    /** The epochs in which a stage changed something of {@code unit}, in order, each with its stage or phase. */
    Map<Long, String> epochsOf(String unit) {
        Map<Long, String> out = new TreeMap<>();
        names.forEach((e, n) -> {
            if (n.unit().equals(unit)) out.put(e, n.stage());
        });
        return out;
    }

    /** Whether no epoch has a name (a store that is not a recording: the demo's). */
    boolean isEmpty() {
        return names.isEmpty() && compilationFrom.isEmpty();
    }
}
