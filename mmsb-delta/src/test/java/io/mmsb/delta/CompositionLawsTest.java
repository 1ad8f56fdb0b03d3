package io.mmsb.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.testing.LeakCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.arrow.memory.RootAllocator;

/**
 * The laws of delta composition: associativity, and applying {@code a ∘ b} equals applying
 * {@code a} then {@code b}. The result is canonical: its rectangles never overlap, and two
 * adjacent rectangles of a table never share the same column set.
 */
class CompositionLawsTest {

    private static List<Model.Write> randomWrites(Random rnd, Model base, int n) {
        List<Model.Write> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Model.Write w = base.randomWrite(rnd, out);
            out.add(w);
        }
        return out;
    }

    private static Delta delta(Deltas f, Model.Write w, long epoch) {
        return Model.build(f.builder(w.table(), w.start(), w.end(), epoch, w.columns().toArray(String[]::new)), w);
    }

    @Property(tries = 80)
    void composeIsAssociativeAndEqualsSequentialApplication(@ForAll long seed) {
        Random rnd = new Random(seed);
        RootAllocator root = LeakCheck.newRoot();
        Model base = new Model();
        List<Model.Write> wa = randomWrites(rnd, base, 1 + rnd.nextInt(2));
        List<Model.Write> wb = randomWrites(rnd, base, 1 + rnd.nextInt(2));
        List<Model.Write> wc = randomWrites(rnd, base, 1 + rnd.nextInt(2));
        try (Deltas f = Deltas.create(root)) {
            List<Delta> a = wa.stream().map(w -> delta(f, w, 1)).toList();
            List<Delta> b = wb.stream().map(w -> delta(f, w, 1)).toList();
            List<Delta> c = wc.stream().map(w -> delta(f, w, 1)).toList();
            try (DeltaSet ab = f.compose(a, b); DeltaSet bc = f.compose(b, c);
                 DeltaSet abC = f.compose(ab.deltas(), c); DeltaSet aBC = f.compose(a, bc.deltas())) {
                assertCanonical(ab);
                assertCanonical(abC);
                assertEquals(describe(abC), describe(aBC), "(a∘b)∘c must equal a∘(b∘c)");
                // applying a∘b equals applying a then b; all appends start at row 0 here so each set is valid alone
                String sequential = applyAll(root, List.of(a, b));
                String composed = applyAll(root, List.of(ab.deltas()));
                assertEquals(sequential, composed, "apply(a∘b) must equal apply(a); apply(b)");
            } finally {
                a.forEach(Delta::close);
                b.forEach(Delta::close);
                c.forEach(Delta::close);
            }
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    /** Applies each group of deltas as one commit (relabelled to the store's epochs), returns the final hash. */
    private static String applyAll(RootAllocator root, List<List<Delta>> groups) {
        try (Deltas f = Deltas.create(root); Store s = Store.inMemory(StoreOptions.of(Model.SCHEMA, root))) {
            for (List<Delta> g : groups) {
                List<Delta> relabelled = new ArrayList<>();
                try {
                    for (Delta d : g) {
                        List<String> cols = d.columns().stream().map(ColumnDef::name).toList();
                        relabelled.add(Model.copy(f.builder(d.table(), d.rowStart(), d.rowEnd(), s.nextEpoch(), cols.toArray(String[]::new)),
                            cols, d::column, d.rowStart(), d.rowEnd()));
                    }
                    s.commit(relabelled.toArray(Delta[]::new));
                } finally {
                    relabelled.forEach(Delta::close);
                }
            }
            return s.stateHash(s.lastEpoch());
        }
    }

    private static void assertCanonical(DeltaSet set) {
        List<Change> rects = new ArrayList<>();
        for (Delta d : set.deltas()) {
            rects.add(new Change(d.table().name(), d.columns().stream().map(ColumnDef::name).toList(), d.rowStart(), d.rowEnd()));
        }
        Model.cells(rects); // throws if two rectangles share a cell
        for (int i = 1; i < rects.size(); i++) {
            Change p = rects.get(i - 1);
            Change q = rects.get(i);
            if (p.table().equals(q.table()) && p.rowEnd() == q.rowStart()) {
                assertNotEquals(p.columns(), q.columns(), "adjacent rectangles with one column set should have been merged: " + rects);
            }
        }
    }

    private static String describe(DeltaSet set) {
        StringBuilder sb = new StringBuilder();
        for (Delta d : set.deltas()) {
            sb.append(d.table().name()).append(d.columns().stream().map(ColumnDef::name).toList()).append('[').append(d.rowStart()).append(',').append(d.rowEnd()).append(")@").append(d.epoch()).append(':');
            for (ColumnDef c : d.columns()) {
                ColumnSlice s = d.column(c.name());
                for (int r = d.rowStart(); r < d.rowEnd(); r++) {
                    sb.append(Model.show(s.get(r))).append(',');
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
