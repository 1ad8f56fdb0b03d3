package io.mmsb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The seeded mutations of library code used to measure {@code mmsb impact}: each kind, determinism, and that the result compiles. */
class MutationsTest {
    static final Map<String, String> LIB = Map.of(
        "p/Lib.java", """
            package p;
            public class Lib {
                public static final int LIMIT = 10;
                public static final String NAME = "n";
                private int count;
                public static int size(Object o) { return o == null ? 0 : 1; }
                private int twice(int x) { return 2 * x; }
                private static int half(int x) { return x / 2; }
                public int run() { return twice(count) + half(count) + size("x"); }
                class Helper { int h() { return 1; } }
                int useHelper() { return new Helper().h(); }
            }
            """,
        "p/Base.java", """
            package p;
            public class Base { public int value() { return 1; } protected String label(int i) { return "b" + i; } }
            """,
        "p/Sub.java", """
            package p;
            public class Sub extends Base { }
            """,
        "p/Use.java", """
            package p;
            public class Use { int g() { return Lib.LIMIT + Lib.size("s") + new Sub().value(); } }
            """);

    @Property(tries = 12)
    void mutationsAreDeterministicAndCompile(@ForAll @IntRange(min = 0, max = 1000) int seed) {
        List<Mutations.Mutation> a = Mutations.mutate(LIB, seed, 3, List.of());
        List<Mutations.Mutation> b = Mutations.mutate(LIB, seed, 3, List.of());
        assertEquals(a, b, "same seed, same mutations");
        assertEquals(Set.of("p/Lib.java", "p/Sub.java"), a.stream().map(Mutations.Mutation::file).collect(Collectors.toSet()),
            "the two files with candidates take one mutation each: " + a);
        assertEquals(a.size(), a.stream().map(Mutations.Mutation::file).distinct().count(), "one mutation per file");
        Map<String, String> mutated = Mutations.apply(LIB, a);
        assertTrue(Mutations.compiles(mutated, List.of()), mutated.toString());
        assertEquals(LIB.get("p/Use.java"), mutated.get("p/Use.java"), "the caller is never edited");
    }

    @org.junit.jupiter.api.Test
    void everyKindHasCandidatesAndTheUnsafeOnesAreLeftOut() {
        List<Mutations.Mutation> all = Mutations.candidates(LIB, List.of());
        Set<String> kinds = all.stream().map(Mutations.Mutation::kind).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("access_widened", "constant_unfinal", "constant_value", "method_made_static", "nested_made_static",
            "overload_added", "override_added"), kinds, all.toString());
        Set<String> what = all.stream().map(m -> m.kind() + " " + m.what()).collect(Collectors.toSet());
        assertTrue(what.contains("method_made_static p.Lib#twice(int)"), what.toString());
        assertTrue(what.contains("nested_made_static p.Lib.Helper"), what.toString());
        assertTrue(what.contains("override_added p.Sub#value()") && what.contains("override_added p.Sub#label(int)"), what.toString());
        assertFalse(what.contains("method_made_static p.Lib#run()"), "run() is public and uses the instance");
        Set<String> used = all.stream().filter(Mutations.Mutation::usedElsewhere).map(m -> m.kind() + " " + m.what())
            .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(used.contains("constant_value p.Lib#LIMIT") && used.contains("override_added p.Sub#value()")
            && used.contains("overload_added p.Lib#size(java.lang.String)"), "Use reads LIMIT, calls size and Sub's value(): " + used);
        assertFalse(used.contains("constant_value p.Lib#NAME") || used.contains("override_added p.Sub#label(int)")
            || used.contains("method_made_static p.Lib#twice(int)"), "nobody else uses NAME, label or twice: " + used);
        assertTrue(used.contains("nested_made_static p.Lib.Helper"), "Lib creates its Helper: " + used);
        for (Mutations.Mutation m : Mutations.mutate(LIB, 7, 5, List.of(), true)) {
            assertTrue(m.usedElsewhere(), m.toString());
        }
        for (Mutations.Mutation m : all) {
            assertTrue(Mutations.compiles(Mutations.apply(LIB, List.of(m)), List.of()), m.toString());
        }
        assertFalse(Mutations.compiles(Map.of("p/X.java", "package p; class X { int f() { return y; } }"), List.of()),
            "the compile check sees errors");
    }
}
