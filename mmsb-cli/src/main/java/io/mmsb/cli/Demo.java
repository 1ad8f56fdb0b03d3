package io.mmsb.cli;

import io.mmsb.core.ColumnType;
import io.mmsb.core.Schema;
import io.mmsb.core.TableDef;
import io.mmsb.delta.Change;
import io.mmsb.delta.CommitInfo;
import io.mmsb.delta.Delta;
import io.mmsb.delta.DeltaBuilder;
import io.mmsb.delta.Durability;
import io.mmsb.delta.Filter;
import io.mmsb.delta.HistoryEntry;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.RootAllocator;

/**
 * The end-to-end example: a small compiler pipeline (lowering to SSA, type inference, one
 * optimisation pass) records its facts into the embedded store in a directory, then the store
 * is queried (log, diff, history, time travel, hash), closed, reopened from disk, and checked to
 * give the same hashes. Used by the README's first command until the javac adapter is the main
 * job. Not thread-safe; a tool.
 */
public final class Demo {
    /** IR nodes of the toy compiler: one row per SSA value. */
    static final TableDef NODES = TableDef.builder(1, "ir_nodes")
        .column(1, "opcode", ColumnType.SYMBOL)
        .column(2, "operands", ColumnType.INT_LIST)
        .column(3, "type", ColumnType.SYMBOL)
        .column(4, "const", ColumnType.INT64)
        .column(5, "block", ColumnType.INT32)
        .build();
    static final Schema SCHEMA = Schema.of(NODES);

    private Demo() {}

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "mmsb-store");
        run(dir, System.out);
    }

    static void run(Path dir, PrintStream out) {
        try (RootAllocator root = new RootAllocator()) {
            String hashAfterOpt;
            long optEpoch;
            try (Store store = Store.open(dir, StoreOptions.of(SCHEMA, root).withDurability(Durability.SYNC_EACH_COMMIT))) {
                long base = store.latest().rowCount("ir_nodes");
                out.printf("MMSB store at %s (recovery: %s), last epoch %d%n", dir.toAbsolutePath(), store.recovery().outcome(), store.lastEpoch());
                // 1. after lowering / SSA creation: x = 6; y = 7; z = x * y; return z
                long lowered = commit(store, store.newDelta("ir_nodes", (int) base, (int) base + 4, "opcode", "operands", "type", "const", "block"), b -> {
                    int r = (int) base;
                    b.setSymbol("opcode", r, "const").setLong("const", r, 6);
                    b.setSymbol("opcode", r + 1, "const").setLong("const", r + 1, 7);
                    b.setSymbol("opcode", r + 2, "mul").setIntList("operands", r + 2, r, r + 1);
                    b.setSymbol("opcode", r + 3, "ret").setIntList("operands", r + 3, r + 2);
                    for (int i = 0; i < 4; i++) {
                        b.setSymbol("type", r + i, "?").setInt("block", r + i, 0);
                    }
                });
                // 2. after type inference: every value is an int
                long typed = commit(store, store.newDelta("ir_nodes", (int) base, (int) base + 3, "type"), b -> {
                    for (int i = 0; i < 3; i++) {
                        b.setSymbol("type", (int) base + i, "int");
                    }
                });
                // 3. after constant folding: z = 42, its operands dropped
                optEpoch = commit(store, store.newDelta("ir_nodes", (int) base + 2, (int) base + 3, "opcode", "operands", "const"), b ->
                    b.setSymbol("opcode", (int) base + 2, "const").setIntList("operands", (int) base + 2).setLong("const", (int) base + 2, 42));

                out.println("\n== log (epoch: what it wrote)");
                for (CommitInfo c : store.log()) {
                    out.printf("  %d: %s%n", c.epoch(), c.writes());
                }
                out.printf("%n== diff %d -> %d (what constant folding changed)%n", typed, optEpoch);
                for (Change c : store.diff(typed, optEpoch)) {
                    out.printf("  %s rows [%d, %d) columns %s%n", c.table(), c.rowStart(), c.rowEnd(), c.columns());
                }
                out.printf("%n== history of node %d%n", base + 2);
                for (HistoryEntry h : store.history("ir_nodes", (int) base + 2)) {
                    out.printf("  epoch %d: %s%n", h.epoch(), show(h));
                }
                StateView before = store.stateAt(lowered);
                StateView after = store.latest();
                out.printf("%n== time travel: node %d opcode at epoch %d = %s, at epoch %d = %s%n", base + 2, lowered,
                    before.column("ir_nodes", "opcode").getSymbol((int) base + 2), after.epoch(), after.column("ir_nodes", "opcode").getSymbol((int) base + 2));
                int[] consts = after.select("ir_nodes", Filter.symbols("opcode", "const"::equals), Filter.longs("const", v -> v > 10));
                out.printf("== query at epoch %d: const nodes with value > 10: %s%n", after.epoch(), Arrays.toString(consts));
                hashAfterOpt = store.stateHash(optEpoch);
                out.printf("== state hash at epoch %d: %s%n", optEpoch, hashAfterOpt);
            }
            try (Store reopened = Store.open(dir, StoreOptions.of(SCHEMA, root))) {
                String replayed = reopened.stateHash(optEpoch);
                out.printf("%n== reopened from disk (recovery: %s): %d epochs, hash at epoch %d %s%n", reopened.recovery().outcome(),
                    reopened.lastEpoch(), optEpoch, replayed.equals(hashAfterOpt) ? "identical" : "DIFFERENT: " + replayed);
                if (!replayed.equals(hashAfterOpt)) {
                    throw new IllegalStateException("replay from disk gave another state hash");
                }
            }
        }
    }

    private static String show(HistoryEntry h) {
        StringBuilder sb = new StringBuilder();
        h.values().forEach((k, v) -> sb.append(k).append('=').append(v instanceof int[] a ? Arrays.toString(a) : v).append(' '));
        return sb.toString().trim();
    }

    private static long commit(Store store, DeltaBuilder builder, Consumer<DeltaBuilder> fill) {
        try (builder) {
            fill.accept(builder);
            try (Delta d = builder.build()) {
                return store.commit(d);
            }
        }
    }
}
