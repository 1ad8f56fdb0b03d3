package io.mmsb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import io.mmsb.impact.Impact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall of {@code mmsb impact} on the corpus of API edits ({@link ImpactCorpus}): both versions of
 * every case are recorded as two compilations, the ground truth each case pins is what MMSB
 * recorded, and every affected class must be predicted within one use hop.
 */
class ImpactCorpusTest {
    @TempDir
    static Path tmp;

    static Impact.Report report;

    @BeforeAll
    static void recordBothVersions() throws IOException {
        Path store = tmp.resolve("store");
        for (String v : List.of("before", "after")) {
            List<String> args = new ArrayList<>(List.of("record", "--store", store.toString(), "--id", v, "--", "-d",
                tmp.resolve(v + "-classes").toString(), "-proc:none", "-nowarn", "-Xlint:none"));
            for (ImpactCorpus.Case c : ImpactCorpus.CASES) {
                Map<String, String> files = new java.util.TreeMap<>(c.same());
                files.putAll(v.equals("before") ? c.before() : c.after());
                for (Map.Entry<String, String> f : files.entrySet()) {
                    Path p = tmp.resolve(v).resolve(f.getKey());
                    Files.createDirectories(p.getParent());
                    Files.writeString(p, f.getValue());
                    args.add(p.toString());
                }
            }
            CliTest.Result r = CliTest.mmsb(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err() + r.out());
        }
        try (RootAllocator root = new RootAllocator();
             Store s = Store.open(store, StoreOptions.existing(root))) {
            ColumnSlice last = s.latest().column("compilations", "last_epoch");
            report = Impact.evaluate(s, root, "before", last.getLong(0), "after", last.getLong(1));
        } // closing the allocator fails on any leak
    }

    private static Set<String> of(Set<String> classes, ImpactCorpus.Case c) {
        Set<String> out = new TreeSet<>();
        for (String cls : classes) {
            if (cls.startsWith(c.pkg() + ".")) {
                out.add(cls);
            }
        }
        return out;
    }

    @Test
    void theGroundTruthOfEveryCaseIsWhatItPins() {
        List<String> wrong = new ArrayList<>();
        for (ImpactCorpus.Case c : ImpactCorpus.CASES) {
            Set<String> actual = of(report.actual().keySet(), c);
            if (!actual.equals(c.affected())) {
                wrong.add(c.name() + ": recorded " + actual + ", pinned " + c.affected() + "; code changed " + of(report.codeChanged(), c)
                    + ", code identical " + of(report.unchanged(), c));
            }
        }
        assertEquals(List.of(), wrong, "the recorded ground truth differs from the corpus");
    }

    @Test
    void everyAffectedClassIsPredictedWithinOneHop() {
        List<String> missed = new ArrayList<>();
        Set<String> hop1 = report.predictedWithin(1);
        for (ImpactCorpus.Case c : ImpactCorpus.CASES) {
            for (String cls : of(report.actual().keySet(), c)) {
                if (!hop1.contains(cls)) {
                    Impact.Prediction p = report.predicted().get(cls);
                    missed.add(c.name() + ": " + cls + (p == null ? " (unreachable)" : " (at " + p.hops() + " hops)"));
                }
            }
        }
        assertEquals(List.of(), missed, "recall must be 1.00 at one hop");
    }

    @Test
    void casesWithoutEffectsPredictNothingWhereNoBindingChanged() {
        // the precision side: a change that provably binds nothing differently predicts nothing
        List<String> over = new ArrayList<>();
        for (String name : List.of("overload_not_capturing", "enum_constant_added", "sealed_added", "method_made_final", "access_widened",
                "private_made_public", "annotation_default", "override_added_supertype_receiver", "access_widened_other_arguments",
                "package_method_made_public", "constructor_added_other_arguments", "protected_made_public",
                "annotation_element_name")) {
            ImpactCorpus.Case c = ImpactCorpus.CASES.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            assertTrue(c.affected().isEmpty(), name);
            Set<String> p = of(report.predictedWithin(1), c);
            if (!p.isEmpty()) {
                over.add(name + ": " + p);
            }
        }
        assertEquals(List.of(), over, "predicted although no binding changed");
    }

    /** {true positives, predicted, actual} of a prediction over the corpus's packages. */
    private static int[] score(Set<String> predicted) {
        int tp = 0;
        int p = 0;
        int a = 0;
        for (ImpactCorpus.Case c : ImpactCorpus.CASES) {
            Set<String> actual = of(report.actual().keySet(), c);
            Set<String> pred = of(predicted, c);
            a += actual.size();
            p += pred.size();
            for (String x : pred) {
                if (actual.contains(x)) {
                    tp++;
                }
            }
        }
        return new int[] {tp, p, a};
    }

    @Test
    void mmsbIsAtLeastAsPreciseAsBothBaselinesAtFullRecall() {
        int[] mmsb = score(report.predictedWithin(1));
        int[] zinc = score(report.nameHashing());
        int[] gradle = score(report.classDependents());
        System.out.printf("corpus (%d cases, %d affected classes): predicted/hits%n  MMSB hop 1: %d/%d%n  name hashing (Zinc): %d/%d%n"
            + "  class dependents (Gradle): %d/%d%n", ImpactCorpus.CASES.size(), mmsb[2], mmsb[1], mmsb[0], zinc[1], zinc[0], gradle[1], gradle[0]);
        assertEquals(mmsb[2], mmsb[0], "MMSB's recall is 1.00");
        Set<String> missedByBoth = new TreeSet<>(report.actual().keySet());
        missedByBoth.removeAll(report.nameHashing());
        missedByBoth.removeAll(report.classDependents());
        System.out.println("  missed by both baselines: " + missedByBoth);
        Set<String> falsePositives = new TreeSet<>(report.predictedWithin(1));
        falsePositives.removeAll(report.actual().keySet());
        System.out.println("  MMSB's false positives at one hop: " + falsePositives);
        assertEquals(Set.of("k.constant_chain.Use", "k.override_added_subtype_receiver.Use"), missedByBoth,
            "one round of either rule misses a constant folded from a changed constant and a call through a subclass of the class"
                + " that gained an override (the real tools recompile in rounds)");
        assertTrue((double) mmsb[0] / mmsb[1] >= (double) gradle[0] / gradle[1], "MMSB " + mmsb[0] + "/" + mmsb[1]
            + " vs Gradle " + gradle[0] + "/" + gradle[1]);
        assertTrue((double) mmsb[0] / mmsb[1] >= (double) zinc[0] / zinc[1], "MMSB " + mmsb[0] + "/" + mmsb[1]
            + " vs Zinc " + zinc[0] + "/" + zinc[1]);
    }
}
