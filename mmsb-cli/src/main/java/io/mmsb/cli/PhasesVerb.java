package io.mmsb.cli;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.TableDef;
import io.mmsb.delta.HistoryEntry;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mmsb phases --table T --key K}: the per-phase view of one entity. For each recorded phase
 * (each epoch of the entity's unit), the entity's facts as that phase left them, the columns that
 * phase changed marked with {@code *}. A Scala 3 recording names its phases through the unit's
 * phase marker ({@code unit::::#phase}, written once per observed phase group); a javac
 * recording (no marker) names them by stage ({@link EpochNames}). Each line also names the
 * compilation the epoch belongs to; cells are shown as {@code show} shows them ({@link FactText}).
 * Read-only, like every reading verb; thread rules: one verb run, one thread.
 */
@Command(name = "phases", description = "An entity's facts as each recorded phase left them (Scala 3: every observed phase group; javac: PARSE, ATTRIBUTION, LOWERING).")
final class PhasesVerb extends StoreVerbs.StoreVerb {
    @Option(names = "--table", defaultValue = "nodes", description = "table (default: ${DEFAULT-VALUE})") String table;
    @Option(names = "--key", required = true, description = "the entity's key (e.g. a node id unit::member::path)") String key;
    @Option(names = "--compilation", description = "only this recorded compilation") String compilation;
    @Option(names = "--all", description = "also list the phases that left the entity unchanged") boolean all;

    @Override
    int answer(Store s) {
        PrintWriter out = out();
        StateView last = s.latest();
        TableDef t = s.schema().table(table);
        int row = StoreVerbs.Show.rowOfKey(last, table, key);
        List<HistoryEntry> history = s.history(table, row);
        EpochNames names = EpochNames.of(s);
        // the epochs in which each stage (named pass, or Scala 3 phase group) changed something of the unit
        Map<Long, String> phaseOf = FactText.has(last, table, "unit") ? names.epochsOf(last.column(table, "unit").getSymbol(row)) : new TreeMap<>();
        if (phaseOf.isEmpty()) {
            phaseOf = new TreeMap<>();
            for (HistoryEntry h : history) {
                phaseOf.put(h.epoch(), "epoch " + h.epoch());
            }
        }
        List<Long> written = new ArrayList<>();
        for (HistoryEntry h : history) written.add(h.epoch());
        out.printf("%s %s (row %d): facts after each recorded phase%s%n", table, key, row,
            all ? "" : " that changed it (--all: every phase)");
        String[] previous = null;
        int shown = 0;
        for (Map.Entry<Long, String> p : phaseOf.entrySet()) {
            long epoch = p.getKey();
            String comp = names.compilation(epoch);
            if (compilation != null && !compilation.equals(comp)) continue;
            StateView v = s.stateAt(epoch);
            if (row >= v.rowCount(table)) continue; // not created yet
            boolean changed = written.contains(epoch);
            if (!changed && !all) continue;
            String[] cells = new String[t.columns().size()];
            StringBuilder sb = new StringBuilder();
            FactText text = new FactText(v); // references as keys, types by name, absolute spans
            for (int c = 0; c < cells.length; c++) {
                ColumnDef col = t.columns().get(c);
                if (col.name().equals("key")) continue;
                cells[c] = text.translates(table, col.name()) ? text.cell(table, col.name(), row) : Cells.show(v.column(table, col.name()).get(row));
                boolean diff = previous == null || !Objects.equals(previous[c], cells[c]);
                sb.append(' ').append(diff && changed ? "*" : "").append(col.name()).append('=').append(cells[c]);
            }
            out.printf("%6d  %-16s %-14s%s%n", epoch, p.getValue(), comp, changed ? sb : " (unchanged)");
            previous = cells;
            shown++;
        }
        if (shown == 0) out.println("  no recorded phase" + (compilation == null ? "" : " in compilation " + compilation));
        return 0;
    }
}
