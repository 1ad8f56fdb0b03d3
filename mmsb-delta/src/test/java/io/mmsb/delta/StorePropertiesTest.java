package io.mmsb.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mmsb.core.testing.LeakCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.RootAllocator;

/**
 * Random sequences of commits against the reference {@link Model}: every epoch's view, every
 * diff between epochs, every row's history and the state hashes must agree.
 */
class StorePropertiesTest {

    @Property(tries = 60)
    void everyQueryAgreesWithTheModel(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int epochs,
                                      @ForAll @IntRange(min = 1, max = 8) int keyframeInterval) {
        Random rnd = new Random(seed);
        RootAllocator root = LeakCheck.newRoot();
        Model model = new Model();
        try (Store store = Store.inMemory(StoreOptions.of(Model.SCHEMA, root).withKeyframeInterval(keyframeInterval))) {
            for (int e = 0; e < epochs; e++) {
                List<Model.Write> writes = new ArrayList<>();
                int n = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(3) : 0);
                for (int i = 0; i < n; i++) {
                    writes.add(model.randomWrite(rnd, writes));
                }
                long epoch = Model.commit(store, writes);
                model.apply(writes);
                assertEquals(model.lastEpoch(), epoch);
            }
            for (long e = 0; e <= store.lastEpoch(); e++) {
                model.assertSame(store.stateAt(e));
            }
            for (int i = 0; i < 20; i++) {
                long a = rnd.nextInt((int) store.lastEpoch() + 1);
                long b = a + rnd.nextInt((int) (store.lastEpoch() - a) + 1);
                assertEquals(model.diff(a, b), Model.cells(store.diff(a, b)), "diff " + a + ".." + b);
            }
            for (String table : List.of("nodes", "blocks")) {
                int rows = model.rowCount(table);
                for (int i = 0; i < Math.min(rows, 10); i++) {
                    int row = rnd.nextInt(rows);
                    assertEquals(model.history(table, row), Model.show(store.history(table, row), Model.SCHEMA.table(table)),
                        "history of " + table + " row " + row);
                }
            }
            // the same history replayed into a fresh store, with another keyframe interval, hashes the same
            try (Store again = Store.inMemory(StoreOptions.of(Model.SCHEMA, root).withKeyframeInterval(keyframeInterval + 3))) {
                for (int e = 1; e < model.states.size(); e++) {
                    copyEpoch(store, again, e);
                }
                for (long e = 0; e <= store.lastEpoch(); e++) {
                    assertEquals(store.stateHash(e), again.stateHash(e), "hash at epoch " + e);
                }
            }
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    /** Re-commits what {@code from} wrote at {@code epoch} into {@code to}, through the public API. */
    static void copyEpoch(Store from, Store to, long epoch) {
        List<Delta> ds = new ArrayList<>();
        try {
            StateView v = from.stateAt(epoch);
            for (Change w : from.log().get((int) epoch - 1).writes()) {
                ds.add(Model.copy(to.newDelta(w.table(), w.rowStart(), w.rowEnd(), w.columns().toArray(String[]::new)), w.columns(),
                    col -> v.column(w.table(), col), w.rowStart(), w.rowEnd()));
            }
            to.commit(ds.toArray(Delta[]::new));
        } finally {
            ds.forEach(Delta::close);
        }
    }
}
