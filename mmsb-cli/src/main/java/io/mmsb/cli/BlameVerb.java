package io.mmsb.cli;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.TableDef;
import io.mmsb.delta.HistoryEntry;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mmsb blame --key K}: for each fact (column) of one entity, its value at an epoch and the
 * epoch that last changed it, with that epoch's compilation and the stage, pass or Scala 3 phase
 * that wrote it ({@link EpochNames}). What a compiler author asks when a fact looks wrong: which
 * phase of which build made it so. A node's span is blamed as an absolute position: the store keeps
 * it relative to an anchor node, so a change of the anchor (the member moved) counts as a change.
 * Values are shown as {@code show} shows them (references as keys, types by name). Read-only, like
 * every reading verb; thread rules: one verb run, one thread.
 */
@Command(name = "blame", description = {"For each fact of an entity: its value, and the epoch, compilation and stage (or phase) that last changed it.",
    "Works on javac (PARSE, ATTRIBUTION, LOWERING) and Scala 3 recordings (every observed phase group)."})
final class BlameVerb extends StoreVerbs.StoreVerb {
    @Option(names = "--table", defaultValue = "nodes", description = "table (default: ${DEFAULT-VALUE})") String table;
    @Option(names = "--key", required = true, description = "the entity's key (e.g. a node id unit::member::path)") String key;
    @Option(names = "--epoch", description = "blame the facts as they were at this epoch (default: the last)") Long epoch;

    @Override
    int answer(Store s) {
        StateView v = s.stateAt(epochOr(s, epoch));
        TableDef t = s.schema().table(table);
        int row = StoreVerbs.Show.rowOfKey(v, table, key);
        StoreVerbs.checkRow(v, table, row);
        Map<String, Long> changedAt = new HashMap<>();
        for (HistoryEntry h : s.history(table, row)) {
            if (h.epoch() > v.epoch()) break;
            h.values().keySet().forEach(c -> changedAt.put(c, h.epoch()));
        }
        FactText text = new FactText(v);
        if (text.translates(table, "span_start")) {
            blameAbsoluteSpans(s, v, row, changedAt);
        }
        EpochNames names = EpochNames.of(s);
        String unit = FactText.has(v, table, "unit") ? v.column(table, "unit").getSymbol(row) : "";
        out().printf("%s %s (row %d) at epoch %d: each fact and the epoch that last changed it%n", table, text.key(table, row), row, v.epoch());
        out().printf("  %-12s %6s  %-12s %-28s %s%n", "fact", "epoch", "compilation", "changed by", "value");
        for (ColumnDef c : t.columns()) {
            if (c.name().equals("key") && "".equals(v.column(table, "key").get(row))) continue; // kept in parts: the header names it
            String value = text.translates(table, c.name()) ? text.cell(table, c.name(), row) : Cells.show(v.column(table, c.name()).get(row));
            Long e = changedAt.get(c.name());
            EpochNames.Name by = e == null ? new EpochNames.Name("", "") : names.name(e);
            String who = by.unit().equals(unit) ? by.stage() : by.label();
            out().printf("  %-12s %6s  %-12s %-28s %s%n", c.name(), e == null ? "-" : e, e == null ? "" : names.compilation(e), who, value);
        }
        return 0;
    }

    /**
     * A node's absolute span changes when its own cells or those of its anchors do: the last epoch,
     * among those that wrote the row or a row of its anchor chain, after which the absolute span
     * differs from the one before.
     */
    private void blameAbsoluteSpans(Store s, StateView v, int row, Map<String, Long> changedAt) {
        TreeSet<Long> epochs = new TreeSet<>();
        int r = row;
        for (int hops = 0; r >= 0 && hops < 16; hops++) {
            for (HistoryEntry h : s.history("nodes", r)) {
                if (h.epoch() <= v.epoch()) epochs.add(h.epoch());
            }
            r = v.column("nodes", "anchor").getInt(r);
        }
        for (String col : new String[] {"span_start", "span_end"}) {
            String previous = null;
            for (long e : epochs) {
                StateView then = s.stateAt(e);
                if (row >= then.rowCount("nodes")) continue;
                String now = new FactText(then).cell("nodes", col, row);
                if (!now.equals(previous)) changedAt.put(col, e);
                previous = now;
            }
        }
    }
}
