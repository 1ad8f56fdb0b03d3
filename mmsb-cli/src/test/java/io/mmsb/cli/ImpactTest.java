package io.mmsb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
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
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invalidation impact on two recorded versions of a small code base built so that each kind of
 * agreement and disagreement happens once: a return type that changes (its users' attributed
 * types and bytecode change: predicted, affected), an added overload that captures a call
 * (resolution changes: predicted, affected), an inlined constant whose value changes (bytecode
 * changes: predicted, as a constant's initializer is API), a constant folded from it in another
 * class (its users' bytecode changes: affected, predicted only at two hops), a second-hop user
 * whose facts stay the same (predicted only by the closure), a widened access (not binding), an
 * unrelated user, and classes whose code changed or that only moved comments.
 */
class ImpactTest {
    @TempDir
    Path tmp;

    static final String LIB_V1 = """
        package p;
        public class Lib {
            public static final String NAME = "alpha";
            public static int size(String s) { return s.length(); }
            public static int one() { return 1; }
            public static void log(Object o) { }
            protected static int w() { return 2; }
            static int v() { return 3; }
        }
        """;
    static final String LIB_V2 = """
        package p;
        public class Lib {
            public static final String NAME = "beta";
            public static long size(String s) { return s.length(); }
            public static int one() { return 1; }
            public static void log(Object o) { }
            public static void log(String s) { }
            public static int w() { return 2; }
            public static int v() { return 3; }
        }
        """;
    static final Map<String, String> SAME = Map.ofEntries(
        Map.entry("UseSize", "package p; public class UseSize { long n = Lib.size(\"abc\"); }"),
        Map.entry("UseName", "package p; public class UseName { String s() { return Lib.NAME; } }"),
        Map.entry("UseLog", "package p; public class UseLog { void f() { Lib.log(\"x\"); } }"),
        Map.entry("UseOne", "package p; public class UseOne { int m = Lib.one(); }"),
        Map.entry("Mid", "package p; public class Mid { public static long twice() { return 2 * Lib.size(\"ab\"); } }"),
        Map.entry("Top", "package p; public class Top { long t = Mid.twice(); }"),
        Map.entry("UseW", "package p; public class UseW { int w = Lib.w(); }"),
        Map.entry("Alias", "package p; public class Alias { public static final String NAME2 = Lib.NAME + \"!\"; }"),
        Map.entry("UseAlias", "package p; public class UseAlias { String s() { return Alias.NAME2; } }"),
        Map.entry("Base", "package p; public class Base { public int sample() { return 1; } }"),
        Map.entry("UseSub", "package p; public class UseSub { int x = new Sub().sample(); }"),
        Map.entry("UseV", "package p; public class UseV { int v = Lib.v(); }"));

    @Test
    void predictionAgainstRecordedGroundTruth() throws IOException {
        Path store = tmp.resolve("store");
        for (String v : List.of("v1", "v2")) {
            Path src = tmp.resolve(v + "/p");
            Files.createDirectories(src);
            List<String> args = new ArrayList<>(List.of("record", "--store", store.toString(), "--id", v, "--", "-d",
                tmp.resolve(v + "/classes").toString(), "-proc:none"));
            Files.writeString(src.resolve("Lib.java"), v.equals("v1") ? LIB_V1 : LIB_V2);
            args.add(src.resolve("Lib.java").toString());
            for (Map.Entry<String, String> c : SAME.entrySet()) {
                // v2 moves comments and layout only: the code is identical
                String text = v.equals("v1") ? c.getValue() : "// edited comment\n" + c.getValue().replace("{ ", "{\n    ");
                Files.writeString(src.resolve(c.getKey() + ".java"), text);
                args.add(src.resolve(c.getKey() + ".java").toString());
            }
            Files.writeString(src.resolve("Sub.java"), v.equals("v1") ? "package p; public class Sub extends Base { }"
                : "package p; public class Sub extends Base { @Override public int sample() { return 2; } }");
            args.add(src.resolve("Sub.java").toString());
            Files.writeString(src.resolve("Edited.java"), "package p; public class Edited { long k = Lib.size(\""
                + (v.equals("v1") ? "a" : "b") + "\"); }");
            args.add(src.resolve("Edited.java").toString());
            CliTest.Result r = CliTest.mmsb(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
        }

        Impact.Report report;
        try (RootAllocator root = new RootAllocator();
             Store s = Store.open(store, StoreOptions.existing(root))) {
            StateView v = s.latest();
            ColumnSlice last = v.column("compilations", "last_epoch");
            report = Impact.evaluate(s, root, "v1", last.getLong(0), "v2", last.getLong(1));
        } // closing the allocator fails on any leak

        assertTrue(report.codeChanged().containsAll(Set.of("p.Lib", "p.Edited", "p.Sub")), report.codeChanged().toString());
        assertEquals(Set.of("p.Alias", "p.Base", "p.Mid", "p.Top", "p.UseAlias", "p.UseLog", "p.UseName", "p.UseOne", "p.UseSize",
                "p.UseSub", "p.UseV", "p.UseW"),
            report.unchanged(),
            "comments and layout are not code");
        assertEquals(Set.of("p.Mid", "p.UseAlias", "p.UseLog", "p.UseName", "p.UseSize", "p.UseSub"), report.actual().keySet(),
            report.actual().toString());
        assertTrue(String.join(" ", report.actual().get("p.UseSub").examples()).contains("p.Base#sample() -> p.Sub#sample()")
            || String.join(" ", report.actual().get("p.UseSub").examples()).contains("\"p.Sub#sample()\""),
            "the call binds to the new override: " + report.actual().get("p.UseSub"));
        assertTrue(String.join(" ", report.actual().get("p.UseAlias").examples()).contains("beta!"),
            "a constant folded from the changed one: " + report.actual().get("p.UseAlias"));
        assertTrue(String.join(" ", report.actual().get("p.UseName").examples()).contains("beta"),
            "the inlined constant's new value is the difference: " + report.actual().get("p.UseName"));
        assertTrue(String.join(" ", report.actual().get("p.UseLog").examples()).contains("symbol"),
            "the call resolves to the new overload: " + report.actual().get("p.UseLog"));
        assertEquals(Map.of("API_ADDED", 2L, "API_CHANGED", 4L),
            report.apiChanges().values().stream().collect(java.util.stream.Collectors.groupingBy(x -> x, java.util.stream.Collectors.counting())),
            report.apiChanges().toString());

        assertTrue(report.before().signatures().get("p.Lib#NAME").contains(" = "), "a constant's value is API: " + report.before().signatures());
        assertEquals(Set.of("p.Alias", "p.Mid", "p.UseAlias", "p.UseLog", "p.UseName", "p.UseSize", "p.UseSub"), report.predictedWithin(1),
            "the inlined constant's users are predicted, and the users of NAME2, folded from it (Alias reads NAME too, but only into"
                + " its own constant: no code changes)");
        assertEquals(Set.of("p.Alias", "p.Mid", "p.Top", "p.UseAlias", "p.UseLog", "p.UseName", "p.UseSize", "p.UseSub"),
            report.predictedWithin(2),
            "a second hop only adds Top, which calls Mid");
        assertEquals(2, report.predicted().get("p.Top").hops());
        assertTrue(report.predicted().get("p.UseSize").cause().contains("p.Lib#size"), report.predicted().get("p.UseSize").toString());
        assertEquals(List.of(6, 7, 6), List.of(report.confusion(1)[0], report.confusion(1)[1], report.confusion(1)[2]));
        assertEquals(Set.of("p.Alias", "p.Mid", "p.UseLog", "p.UseName", "p.UseSize", "p.UseSub", "p.UseV", "p.UseW"), report.recordedInvalidated(),
            "the plugin (name hashing) also invalidates the users of w() and v(), whose access was only widened; it sees the"
                + " captured call because it runs after the new compilation and uses its bindings");
        assertTrue(!Impact.bindingRelevant("METHOD protected static ()int", "METHOD public static ()int")
            && !Impact.bindingRelevant("METHOD private static ()int", "METHOD static ()int")
            && Impact.bindingRelevant("CLASS private abstract", "CLASS abstract private static")
            && Impact.bindingRelevant("FIELD public static final int = 0123", "FIELD public static int")
            && !Impact.bindingRelevant("METHOD public ()int", "METHOD public final synchronized ()int")
            && Impact.bindingRelevant("METHOD public ()int", "METHOD public static ()int")
            && Impact.bindingRelevant("METHOD public ()int", "METHOD public ()long"));

        CliTest.Result out = CliTest.mmsb("impact", "--store", store.toString());
        assertEquals(0, out.code(), out.err());
        assertTrue(out.out().contains("within 1 use hop") && out.out().contains("0.86"), out.out());
        assertTrue(out.out().contains("p.Alias  (uses "), "the over-prediction is listed with its cause: " + out.out());
        assertTrue(out.out().contains("p.UseSize  (affected; ") && out.out().contains("1 hop(s): API_CHANGED p.Lib#size(java.lang.String)"),
            "each predicted class is listed with its causes: " + out.out());
        assertTrue(out.out().contains("p.Top  (facts identical; ") && out.out().contains("2 hop(s): API_CHANGED p.Lib#size(java.lang.String)"),
            "a cause two hops away: " + out.out());
        assertEquals(Map.of("p.Lib#size(java.lang.String)", 2), report.predicted().get("p.Top").causes(), "Top is reached by size() only");
        CliTest.Result all = CliTest.mmsb("impact", "--all", "--store", store.toString());
        assertEquals(0, all.code(), all.err());
        assertTrue(all.out().contains("v1 -> v2") && all.out().contains("totals over 1 pairs: 6 affected classes"), all.out());
        assertTrue(all.out().contains("affected but not predicted within 1 hop: 0"), all.out());
    }

    @Test
    void nodeKeysBelongToNamedClasses() {
        assertEquals("p.A", Impact.classOf("p/A.java::p.A#f(int)::BLOCK[0]"));
        assertEquals("p.A$Inner", Impact.classOf("p/A.java::p.A$Inner#::"));
        assertEquals("p.A", Impact.classOf("p/A.java::p.A$1#run()V::insn[3]"), "an anonymous class is part of its named class");
        assertEquals("p.A$Inner", Impact.classOf("p/A.java::p.A$Inner$2Local#g()V::insn[0]"), "so is a local class");
        assertEquals(null, Impact.classOf("p/A.java::::IMPORT[0]"));
        assertEquals("p.A", Impact.declaringClass("p.A#f(int)"));
        assertEquals("p.A$Inner", Impact.declaringClass("p.A$Inner"));
    }
}
