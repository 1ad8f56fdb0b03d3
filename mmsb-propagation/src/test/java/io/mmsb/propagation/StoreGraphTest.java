package io.mmsb.propagation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mmsb.core.ColumnType;
import io.mmsb.core.Schema;
import io.mmsb.core.TableDef;
import io.mmsb.core.testing.LeakCheck;
import io.mmsb.delta.Delta;
import io.mmsb.delta.DeltaBuilder;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Graphs built from a store's edge tables as of an epoch, and results recorded back as columns. */
class StoreGraphTest {
    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    static final TableDef USES = TableDef.builder(1, "uses").column(1, "from", ColumnType.INT32).column(2, "to", ColumnType.INT32).build();
    static final TableDef CLASSES = TableDef.builder(2, "classes").column(1, "dependents", ColumnType.INT_LIST).build();
    static final TableDef AFFECTED = TableDef.builder(3, "affected").column(1, "node", ColumnType.INT32).column(2, "distance", ColumnType.INT64).build();

    @Test
    void edgesAsOfAnEpochDriveThePropagationAndTheResultIsACommittedColumn() {
        try (Store store = Store.inMemory(StoreOptions.of(Schema.of(USES, CLASSES, AFFECTED), leaks.allocator()))) {
            try (DeltaBuilder b = store.newDelta("uses", 0, 2, "from", "to"); Delta d = b.ints("from", new int[] {0, 1}).ints("to", new int[] {1, 2}).build()) {
                store.commit(d);
            }
            try (DeltaBuilder b = store.newDelta("uses", 2, 3, "from", "to"); Delta d = b.ints("from", new int[] {2}).ints("to", new int[] {3}).build()) {
                store.commit(d);
            }
            try (DependencyGraph then = DependencyGraph.fromEdgeTable(leaks.allocator(), store.stateAt(1), "uses", "from", "to", 4);
                 DependencyGraph now = DependencyGraph.fromEdgeTable(leaks.allocator(), store.stateAt(2), "uses", "from", "to", 4)) {
                assertArrayEquals(new int[] {0, 1, 2}, new Propagator(then).reach(0).nodes());
                PropagationResult dist = new Propagator(now).propagate(Semirings.TROPICAL, new int[] {0}, new long[] {0});
                assertArrayEquals(new long[] {0, 1, 2, 3}, dist.values());
                long epoch = dist.commitTo(store, "affected", 0, "node", "distance");
                assertEquals(3, epoch);
                assertEquals(3L, store.latest().column("affected", "distance").getLong(3));
            }
            try (DeltaBuilder b = store.newDelta("classes", 0, 3, "dependents"); Delta d = b.setIntList("dependents", 0, 1, 2).setIntList("dependents", 1, 2).build()) {
                store.commit(d);
            }
            try (DependencyGraph g = DependencyGraph.fromAdjacency(leaks.allocator(), store.latest(), "classes", "dependents")) {
                assertEquals(2, new Propagator(g).propagate(Semirings.COUNTING, new int[] {0}, new long[] {1}).valueOf(2, 0), "two paths 0->2 and 0->1->2");
            }
        }
    }
}
