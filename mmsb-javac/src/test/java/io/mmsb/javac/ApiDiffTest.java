package io.mmsb.javac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.recorder.ApiDiff;
import io.mmsb.hooks.Fact;
import io.mmsb.hooks.InvalidationFact;
import io.mmsb.hooks.RecordingSink;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invalidation by API change, on facts recorded from real compilations of snippets. */
class ApiDiffTest {
    @TempDir
    Path dir;

    private int run;

    private static final String LIB = """
            package lib;
            public class Lib {
                public int size() { return 0; }
                public void add(String s) { }
                private int secret() { return 1; }
                public static final int MAX = 10;
            }
            """;
    private static final String SIZE_USER = """
            package app;
            public class SizeUser { int n(lib.Lib l) { return l.size(); } }
            """;
    private static final String ADD_USER = """
            package app;
            public class AddUser { void a(lib.Lib l) { l.add("x"); } }
            """;
    private static final String MAX_USER = """
            package app;
            public class MaxUser { int m() { return lib.Lib.MAX; } }
            """;
    private static final String BYSTANDER = """
            package app;
            public class Bystander { int k() { return 42; } }
            """;

    /** Facts of compiling everything (a full build). */
    private List<Fact> facts(String lib) throws Exception {
        return facts(lib, true);
    }

    /** Facts of compiling {@code lib}, with its users when {@code all} (else an incremental build of lib alone). */
    private List<Fact> facts(String lib, boolean all) throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("lib/Lib.java", lib);
        if (!all) return compile(sources);
        sources.put("app/SizeUser.java", SIZE_USER);
        sources.put("app/AddUser.java", ADD_USER);
        sources.put("app/MaxUser.java", MAX_USER);
        sources.put("app/Bystander.java", BYSTANDER);
        return compile(sources);
    }

    private List<Fact> compile(Map<String, String> sources) throws Exception {
        Path d = dir.resolve("run" + run++);
        RecordingSink sink = new RecordingSink();
        assertTrue(Javac.compile(Javac.write(d, sources), d.resolve("out"), sink, List.of(), "mode=strict").success());
        return sink.facts();
    }

    private List<String> invalidated(String v1, String v2) throws Exception {
        // the earlier compilation built everything; the current one recompiles only the changed unit
        return ApiDiff.invalidations(facts(v1), facts(v2, false)).stream()
                .map(i -> i.invalidated() + " <- " + i.reason()).toList();
    }

    @Test
    void noChangeNoInvalidation() throws Exception {
        assertEquals(List.of(), invalidated(LIB, LIB));
        assertEquals(List.of(), ApiDiff.invalidations(facts(LIB), facts(LIB)), "full rebuild, no change");
    }

    @Test
    void fullRebuildSeesTheSameChangeAsAnIncrementalOne() throws Exception {
        String v2 = LIB.replace("public int size() { return 0; }", "public Integer size() { return 0; }");
        assertEquals(List.of(new InvalidationFact("lib.Lib#size()", "app.SizeUser", "API_CHANGED lib.Lib#size()")),
                ApiDiff.invalidations(facts(LIB), facts(v2)));
    }

    @Test
    void changedReturnTypeInvalidatesOnlyItsCallers() throws Exception {
        assertEquals(List.of("app.SizeUser <- API_CHANGED lib.Lib#size()"),
                invalidated(LIB, LIB.replace("public int size() { return 0; }", "public Integer size() { return 0; }")));
    }

    @Test
    void privateAndBodyChangesInvalidateNothing() throws Exception {
        assertEquals(List.of(), invalidated(LIB, LIB.replace("return 1;", "return 2;")
                .replace("private int secret()", "private long secret()").replace("{ return 0; }", "{ return 7; }")));
    }

    @Test
    void addedOverloadInvalidatesUsersOfThatName() throws Exception {
        assertEquals(List.of("app.AddUser <- API_ADDED lib.Lib#add(java.lang.Object)"),
                invalidated(LIB, LIB.replace("public void add(String s) { }",
                        "public void add(String s) { }\n    public void add(Object o) { }")));
    }

    @Test
    void removedFieldAndVisibilityChangeAreApiChanges() throws Exception {
        List<InvalidationFact> out = ApiDiff.invalidations(facts(LIB),
                facts(LIB.replace("public static final int MAX", "static final int MAX"), false));
        assertEquals(List.of(new InvalidationFact("lib.Lib#MAX", "app.MaxUser", "API_REMOVED lib.Lib#MAX")), out);
    }

    @Test
    void thePluginEmitsInvalidationsAgainstTheStoresPreviousCompilation() throws Exception {
        String store = "api-history-" + System.nanoTime();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("lib/Lib.java", LIB);
        all.put("app/SizeUser.java", SIZE_USER);
        all.put("app/AddUser.java", ADD_USER);
        RecordingSink first = new RecordingSink();
        Path d1 = dir.resolve("h1");
        assertTrue(Javac.compileInStore(Javac.write(d1, all), d1.resolve("out"), first, store).success());
        assertEquals(List.of(), first.facts(io.mmsb.hooks.Stage.INVALIDATION), "nothing to diff against yet");
        RecordingSink second = new RecordingSink();
        Path d2 = dir.resolve("h2");
        String v2 = LIB.replace("public int size() { return 0; }", "public Integer size() { return 0; }");
        assertTrue(Javac.compileInStore(Javac.write(d2, Map.of("lib/Lib.java", v2)), d2.resolve("out"), second, store).success());
        assertEquals(List.of(new InvalidationFact("lib.Lib#size()", "app.SizeUser", "API_CHANGED lib.Lib#size()")),
                second.facts(io.mmsb.hooks.Stage.INVALIDATION));
    }

    @Test
    void changedSupertypeInvalidatesEveryUserOfTheType() throws Exception {
        assertEquals(List.of("app.AddUser <- API_CHANGED lib.Lib", "app.MaxUser <- API_CHANGED lib.Lib",
                        "app.SizeUser <- API_CHANGED lib.Lib"),
                invalidated(LIB, LIB.replace("public class Lib {", "public class Lib implements java.io.Serializable {")));
    }
}
