package io.mmsb.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.core.testing.LeakCheck;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import io.mmsb.hooks.Hooks;
import io.mmsb.hooks.IrNode;
import io.mmsb.hooks.NodeId;
import io.mmsb.hooks.Provenance;
import io.mmsb.hooks.Stage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Node paths kept after a base row ({@code path_base}): a node below another of its member stores
 * only the rest of its path; {@link StoredNodes} gives every row its whole id back, finds every
 * node by its id, and a second recording of the same facts finds every node again (writes no node).
 */
class StoredNodesTest {
    static final String SHA = "a".repeat(64);

    static IrNode node(NodeId id, Stage stage, String kind, NodeId parent, List<NodeId> operands) {
        return new IrNode(id, stage, kind, parent, operands, "", "", "", "", new Provenance(SHA, 0, 10));
    }

    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    private static final String U = "p/C.java";

    /** A member tree three levels deep, a node of another member hung below it, and a unit-level node. */
    private static List<IrNode> facts() {
        NodeId root = new NodeId(U, "", "");
        NodeId m = new NodeId(U, "p.C#m()", "");
        NodeId block = m.child("BLOCK[0]");
        NodeId stmt = block.child("STMT[1]");
        NodeId expr = stmt.child("EXPR[0]");
        NodeId other = new NodeId(U, "p.C#n()", "BLOCK[0]/STMT[0]"); // another member below m's tree: kept whole
        NodeId imp = new NodeId(U, "", "IMPORT[0]");
        NodeId impName = imp.child("NAME[0]");
        List<IrNode> out = new ArrayList<>();
        out.add(node(root, Stage.PARSE, "UNIT", NodeId.NONE, List.of(m, imp)));
        out.add(node(m, Stage.PARSE, "METHOD", root, List.of(block)));
        out.add(node(block, Stage.PARSE, "BLOCK", m, List.of(stmt)));
        out.add(node(stmt, Stage.PARSE, "STMT", block, List.of(expr, other)));
        out.add(node(expr, Stage.PARSE, "EXPR", stmt, List.of()));
        out.add(node(other, Stage.PARSE, "STMT", stmt, List.of()));
        out.add(node(imp, Stage.PARSE, "IMPORT", root, List.of(impName)));
        out.add(node(impName, Stage.PARSE, "NAME", imp, List.of()));
        return out;
    }

    private static void record(Store store, String id) {
        Hooks hooks = Hooks.create(new StoreSink(store), Hooks.Mode.STRICT);
        hooks.compilationBegin(id);
        hooks.unitBegin(U, SHA);
        hooks.afterParse(U, facts());
        hooks.unitEnd(U);
        hooks.compilationEnd();
    }

    @Test
    void aRecordingIsDurableWhenItsCompilationEnds(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        // a store that forces nothing by itself: the sink forces it once, at the end of the compilation
        try (Store store = Store.open(dir, StoreOptions.of(FactTables.SCHEMA, leaks.allocator()).withDurability(io.mmsb.delta.Durability.NONE))) {
            Hooks hooks = Hooks.create(new StoreSink(store), Hooks.Mode.STRICT, Hooks.Ordering.CALL_ORDER); // epochs as calls return
            hooks.compilationBegin("one");
            hooks.unitBegin(U, SHA);
            hooks.afterParse(U, facts());
            assertTrue(store.lastEpoch() > 0, "the parse stage was committed");
            assertTrue(store.durableEpoch() < store.lastEpoch(), "nothing forced during the compilation");
            hooks.unitEnd(U);
            hooks.compilationEnd();
            assertEquals(store.lastEpoch(), store.durableEpoch(), "every epoch of the recording forced when it ended");
        }
    }

    @Test
    void deepNodesKeepTheRestOfTheirPathAndReadBackWhole() {
        try (Store store = Store.inMemory(StoreOptions.of(FactTables.SCHEMA, leaks.allocator()))) {
            record(store, "one");
            StateView v = store.latest();
            StoredNodes nodes = StoredNodes.of(v);
            ColumnSlice path = v.column("nodes", "path");
            ColumnSlice base = v.column("nodes", "path_base");
            for (IrNode n : facts()) {
                int row = StoredNodes.find(v, n.id());
                assertEquals(n.id(), nodes.id(row), "row " + row);
                String p = n.id().path();
                boolean below = switch (p) {
                    case "BLOCK[0]/STMT[1]", "BLOCK[0]/STMT[1]/EXPR[0]", "IMPORT[0]/NAME[0]" -> true;
                    default -> false;
                };
                if (below) {
                    assertEquals(p.substring(p.lastIndexOf('/') + 1), path.getSymbol(row), "stored path of " + n.id());
                    int b = row - base.getInt(row);
                    assertEquals(p.substring(0, p.lastIndexOf('/')), nodes.id(b).path(), "base of " + n.id());
                } else {
                    assertEquals(p, path.getSymbol(row), "stored path of " + n.id());
                    assertEquals(0, base.getInt(row), "base of " + n.id());
                }
            }
            long before = store.lastEpoch();
            int rows = v.rowCount("nodes");
            record(store, "two");
            assertEquals(rows, store.latest().rowCount("nodes"), "the second recording found every node again");
            assertEquals(before + 1, store.lastEpoch(), "the second recording wrote its compilations row only");
        }
    }
}
