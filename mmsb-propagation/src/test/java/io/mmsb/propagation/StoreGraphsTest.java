package io.mmsb.propagation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
class StoreGraphsTest {
    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    static final TableDef USES = TableDef.builder(1, "uses").column(1, "from", ColumnType.INT32).column(2, "to", ColumnType.INT32).build();
    static final TableDef CLASSES = TableDef.builder(2, "classes").column(1, "dependents", ColumnType.INT_LIST).build();
    static final TableDef AFFECTED = TableDef.builder(3, "affected").column(1, "node", ColumnType.INT32).column(2, "distance", ColumnType.INT64).build();

    private static void commitEdges(Store store, int start, int[] from, int[] to) {
        try (DeltaBuilder b = store.newDelta("uses", start, start + from.length, "from", "to"); Delta d = b.ints("from", from).ints("to", to).build()) {
            store.commit(d);
        }
    }

    @Test
    void edgesAsOfAnEpochDriveThePropagationAndTheResultIsACommittedColumn() {
        try (Store store = Store.inMemory(StoreOptions.of(Schema.of(USES, CLASSES, AFFECTED), leaks.allocator()))) {
            commitEdges(store, 0, new int[] {0, 1}, new int[] {1, 2});
            commitEdges(store, 2, new int[] {2}, new int[] {3});
            try (DependencyGraph then = StoreGraphs.fromEdgeTable(leaks.allocator(), store.stateAt(1), "uses", "from", "to", 4);
                 DependencyGraph now = StoreGraphs.fromEdgeTable(leaks.allocator(), store.stateAt(2), "uses", "from", "to", 4);
                 Propagator pThen = Propagator.over(then, leaks.allocator());
                 Propagator pNow = Propagator.over(now, leaks.allocator());
                 PropagationResult reachedThen = pThen.affected(0);
                 PropagationResult dist = pNow.propagate(Semirings.TROPICAL, 0)) {
                assertArrayEquals(new int[] {0, 1, 2}, reachedThen.idsArray(), "as of epoch 1 the edge 2 -> 3 did not exist");
                assertArrayEquals(new long[] {0, 1, 2, 3}, dist.valuesArray());
                assertEquals(3, StoreGraphs.commit(dist, store, "affected", 0, "node", "distance"));
                assertEquals(3L, store.latest().column("affected", "distance").getLong(3));
            }
            try (DeltaBuilder b = store.newDelta("classes", 0, 3, "dependents");
                 Delta d = b.setIntList("dependents", 0, 1, 2).setIntList("dependents", 1, 2).build()) {
                store.commit(d);
            }
            try (DependencyGraph g = StoreGraphs.fromAdjacency(leaks.allocator(), store.latest(), "classes", "dependents");
                 Propagator p = Propagator.over(g, leaks.allocator());
                 PropagationResult paths = p.propagate(Semirings.COUNTING, 0)) {
                assertEquals(2, paths.valueOf(2), "two paths: 0 -> 2 and 0 -> 1 -> 2");
            }
            assertThrows(PropagationException.class, () -> StoreGraphs.fromEdgeTable(leaks.allocator(), store.latest(), "affected", "node", "distance", 4));
        }
    }
}
