package io.mmsb.cli;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.TableDef;
import io.mmsb.delta.Filter;
import io.mmsb.delta.HistoryEntry;
import io.mmsb.delta.QueryException;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mmsb phases --table T --key K}: the per-phase view of one entity. For each recorded phase
 * (each epoch of the entity's unit), the entity's facts as that phase left them, the columns that
 * phase changed marked with {@code *}. A Scala 3 recording names its phases through the unit's
 * phase marker ({@code unit::::#phase}, written once per observed phase group); a javac
 * recording (no marker) lists the epochs that wrote the entity, named by the stage column. Each
 * line also names the compilation the epoch belongs to. Read-only, like every reading verb.
 */
@Command(name = "phases", description = "An entity's facts as each recorded phase left them (Scala 3: every observed phase group; javac: PARSE, ATTRIBUTION, LOWERING).")
final class PhasesVerb extends StoreVerbs.StoreVerb {
    /** The path of the per-unit phase marker written by mmsb-scalac. */
    static final String PHASE_MARKER = "#phase";

    @Option(names = "--table", defaultValue = "nodes", description = "table (default: ${DEFAULT-VALUE})") String table;
    @Option(names = "--key", required = true, description = "the entity's key (e.g. a node id unit::member::path)") String key;
    @Option(names = "--compilation", description = "only this recorded compilation") String compilation;
    @Option(names = "--all", description = "also list the phases that left the entity unchanged") boolean all;

    @Override
    int answer(Store s) {
        PrintWriter out = out();
        StateView last = s.latest();
        TableDef t = s.schema().table(table);
        int row = rowOf(last, t, key);
        Map<Long, String> phaseOf = new java.util.TreeMap<>();
        List<HistoryEntry> history = s.history(table, row);
        if (table.equals("nodes") && s.schema().tables().stream().anyMatch(x -> x.name().equals("stage_epochs"))) {
            // the epochs in which each stage (or named pass) changed something of the unit
            String unit = (String) last.column(table, "unit").get(row);
            io.mmsb.delta.ColumnSlice seUnit = last.column("stage_epochs", "unit");
            io.mmsb.delta.ColumnSlice seStage = last.column("stage_epochs", "stage");
            io.mmsb.delta.ColumnSlice sePass = last.column("stage_epochs", "pass");
            for (int r = 0; r < last.rowCount("stage_epochs"); r++) {
                if (!unit.equals(seUnit.getSymbol(r))) continue;
                String name = sePass.getSymbol(r).isEmpty() ? seStage.getSymbol(r) : sePass.getSymbol(r);
                for (HistoryEntry h : s.history("stage_epochs", r)) {
                    if (h.values().get("epoch") instanceof Number e) phaseOf.put(e.longValue(), name);
                }
            }
            // a Scala 3 unit's phase marker names the phase group where it changed
            int marker = io.mmsb.hooks.StoredNodes.find(last, new io.mmsb.hooks.NodeId(unit, "", PHASE_MARKER));
            if (marker >= 0) {
                for (HistoryEntry h : s.history("nodes", marker)) {
                    if (h.values().get("detail") instanceof String phase) phaseOf.put(h.epoch(), phase);
                }
            }
        }
        if (phaseOf.isEmpty()) {
            for (HistoryEntry h : history) {
                phaseOf.put(h.epoch(), "epoch " + h.epoch());
            }
        }
        Map<Long, String> compilations = compilationsByEpoch(s, last);
        List<Long> written = new ArrayList<>();
        for (HistoryEntry h : history) written.add(h.epoch());
        out.printf("%s %s (row %d): facts after each recorded phase%s%n", table, key, row,
            all ? "" : " that changed it (--all: every phase)");
        Object[] previous = null;
        int shown = 0;
        for (Map.Entry<Long, String> p : phaseOf.entrySet()) {
            long epoch = p.getKey();
            String comp = compilationOf(compilations, epoch);
            if (compilation != null && !compilation.equals(comp)) continue;
            StateView v = s.stateAt(epoch);
            if (row >= v.rowCount(table)) continue; // not created yet
            boolean changed = written.contains(epoch);
            if (!changed && !all) continue;
            Object[] cells = new Object[t.columns().size()];
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < cells.length; c++) {
                ColumnDef col = t.columns().get(c);
                if (col.name().equals("key")) continue;
                cells[c] = v.column(table, col.name()).get(row);
                boolean diff = previous == null || !sameCell(previous[c], cells[c]);
                sb.append(' ').append(diff && changed ? "*" : "").append(col.name()).append('=').append(show(v, col.name(), cells[c]));
            }
            out.printf("%6d  %-16s %-14s%s%n", epoch, p.getValue(), comp, changed ? sb : " (unchanged)");
            previous = cells;
            shown++;
        }
        if (shown == 0) out.println("  no recorded phase" + (compilation == null ? "" : " in compilation " + compilation));
        return 0;
    }

    private static boolean sameCell(Object a, Object b) {
        if (a instanceof int[] x && b instanceof int[] y) return java.util.Arrays.equals(x, y);
        return Objects.equals(a, b);
    }

    /** A type column shows its descriptor too. */
    private String show(StateView v, String column, Object cell) {
        if (table.equals("nodes") && column.equals("type") && cell instanceof String id && !id.isEmpty()) {
            int r = rowOrMinus(v, "types", id);
            if (r >= 0) return Cells.show(id) + "(" + v.column("types", "descriptor").get(r) + ")";
        }
        return Cells.show(cell);
    }

    private static int rowOf(StateView v, TableDef t, String key) {
        if (t.columns().stream().noneMatch(c -> c.name().equals("key"))) {
            throw new QueryException("table '" + t.name() + "' has no key column");
        }
        int r;
        if (t.name().equals("nodes")) { // node keys are stored in parts (unit, member, path)
            io.mmsb.hooks.NodeId id;
            try {
                id = io.mmsb.hooks.StoredNodes.parse(key);
            } catch (IllegalArgumentException e) {
                throw new QueryException("'" + key + "' is not a node key; expected unit::member::path");
            }
            r = io.mmsb.hooks.StoredNodes.find(v, id);
        } else {
            r = rowOrMinus(v, t.name(), key);
        }
        if (r < 0) throw new QueryException("no row of '" + t.name() + "' has key '" + key + "'");
        return r;
    }

    private static int rowOrMinus(StateView v, String table, String key) {
        int[] rows = v.select(table, Filter.symbols("key", key::equals));
        return rows.length == 0 ? -1 : rows[0];
    }

    /** first epoch -> compilation id, from the compilations table. */
    private static Map<Long, String> compilationsByEpoch(Store s, StateView v) {
        Map<Long, String> m = new java.util.TreeMap<>();
        if (s.schema().tables().stream().noneMatch(t -> t.name().equals("compilations"))) return m;
        for (int r = 0; r < v.rowCount("compilations"); r++) {
            m.put(((Number) v.column("compilations", "first_epoch").get(r)).longValue(), (String) v.column("compilations", "key").get(r));
        }
        return m;
    }

    private static String compilationOf(Map<Long, String> byFirst, long epoch) {
        String c = "";
        for (Map.Entry<Long, String> e : byFirst.entrySet()) {
            if (e.getKey() <= epoch) c = e.getValue();
        }
        return c;
    }
}
