package io.mmsb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verbs that read facts for people (issue 10 item 9, issue 12's blame) on two recorded javac
 * compilations ({@link CliRun#recordLibAndUse}: {@code Lib.size} int -> long, {@code Use.n} follows,
 * {@code Lib} gains {@code sizeAsLong} and {@code later}, whose lambda javac compiles to a method of
 * its own): a bounded log naming each epoch's compilation, unit and
 * stage; keys and type names instead of row numbers and type hashes; a missing row is exit 1 in
 * every verb; an added method listed once by {@code changes}; {@code blame}.
 */
class QueryVerbsTest extends CliRun {
    static final String FIELD = "p/Use.java::p.Use#n::";

    @TempDir
    Path tmp;
    Path store;

    @BeforeEach
    void record() throws Exception {
        store = tmp.resolve("store");
        recordLibAndUse(tmp, store, "    public static long sizeAsLong(String s) { return s.length(); }\n"
            + "    public static java.util.function.IntSupplier later() { return () -> 1; }\n"
            + "    public static int loop(int n) { int s = 0; for (int i = 0; i < n; i++) s += i; return s; }\n");
    }

    private Result ok(String... args) {
        Result r = mmsb(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    @Test
    void logIsBoundedAndNamesEachEpochsCompilationUnitAndStage() {
        Result all = ok("log", "--store", store.toString(), "--limit", "0");
        List<String> lines = all.out().lines().toList();
        long epochs = Long.parseLong(ok("sql", "--store", store.toString(), "--tsv", "SELECT max(last_epoch) FROM compilations").out().lines().toList().get(1));
        assertEquals(epochs, lines.size(), all.out());
        assertTrue(lines.get(0).matches("\\s+1  build-1\\s+p/Lib.java PARSE\\s+nodes \\d+ rows .*"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+\\d+  build-2\\s+p/Use.java ATTRIBUTION .*")), all.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+\\d+  build-1\\s+end of compilation .*compilations 1 row.*")), all.out());
        Result last3 = ok("log", "--store", store.toString(), "--limit", "3");
        List<String> l3 = last3.out().lines().toList();
        assertEquals(4, l3.size(), last3.out());
        assertTrue(l3.get(0).startsWith("(epochs 1 to " + (epochs - 3) + " not shown"), l3.get(0));
        assertEquals(lines.subList(lines.size() - 3, lines.size()), l3.subList(1, 4));
        Result cut = ok("log", "--store", store.toString(), "--rects", "--width", "140", "--from", "1", "--to", "2", "--limit", "0");
        for (String l : cut.out().lines().toList()) {
            assertTrue(l.length() <= 140, l.length() + ": " + l);
            assertTrue(l.contains(" more rectangles)") || l.contains(" characters)"), "the cut says what it left out: " + l);
        }
        assertEquals(2, cut.out().lines().count(), cut.out());
    }

    @Test
    void showDiffAndHistoryPrintKeysTypeNamesAndAbsoluteSpans() {
        Result show = ok("show", "--store", store.toString(), "--table", "nodes", "--key", FIELD);
        assertTrue(show.out().startsWith("nodes " + FIELD + " (row "), show.out());
        assertTrue(CliTest.line(show.out(), "parent").matches("\\s*parent\\s+p/Use.java::p.Use#::  \\(stored: \\d+\\)"), show.out());
        assertTrue(CliTest.line(show.out(), "type").matches("\\s*type\\s+long  \\(stored: \"T[0-9a-f]{16}\"\\)"), show.out());
        assertTrue(CliTest.line(show.out(), "operands").contains("[p/Use.java::p.Use#n::"), show.out());

        String v1End = ok("sql", "--store", store.toString(), "--tsv", "SELECT last_epoch FROM compilations WHERE id = 'build-1'")
            .out().lines().toList().get(1);
        Result diff = ok("diff", "--store", store.toString(), "--from", v1End, "--limit", "1000");
        assertTrue(diff.out().lines().anyMatch(l -> l.startsWith("  " + FIELD + "  ") && l.contains("type: int -> long")), diff.out());
        assertTrue(diff.out().lines().anyMatch(l -> l.startsWith("  p/Lib.java::p.Lib#size(String)::  ")
            && l.contains("type: (java.lang.String)int -> (java.lang.String)long")), diff.out());
        assertFalse(diff.out().matches("(?s).*type: [^ ]*\"T[0-9a-f]{16}\".*"), "no type hash: " + diff.out());
        assertFalse(diff.out().lines().anyMatch(l -> l.startsWith("  row ")), "fact rows are named by key: " + diff.out());

        Result history = ok("history", "--store", store.toString(), "--table", "nodes", "--key", FIELD);
        List<String> h = history.out().lines().toList();
        assertTrue(h.get(0).startsWith("nodes " + FIELD), history.out());
        assertTrue(h.stream().anyMatch(l -> l.matches("\\s+\\d+  build-1\\s+p/Use.java ATTRIBUTION\\s+type=int symbol=\"p.Use#n\"")), history.out());
        assertTrue(h.stream().anyMatch(l -> l.matches("\\s+\\d+  build-2\\s+p/Use.java ATTRIBUTION\\s+type=long")), history.out());
    }

    @Test
    void aMissingRowOrKeyIsExitOneWithOneLineInEveryVerbThatReadsAnEntity() {
        for (List<String> args : List.of(
                List.of("show", "--table", "nodes", "--row", "100000"),
                List.of("history", "--table", "nodes", "--row", "100000"),
                List.of("history", "--table", "nodes", "--row", "-1"),
                List.of("show", "--table", "nodes", "--key", "p/X.java::p.X#::"),
                List.of("history", "--table", "nodes", "--key", "p/X.java::p.X#::"),
                List.of("blame", "--key", "p/X.java::p.X#::"),
                List.of("phases", "--key", "p/X.java::p.X#::"))) {
            List<String> full = new java.util.ArrayList<>(args);
            full.addAll(List.of("--store", store.toString()));
            Result r = mmsb(full.toArray(String[]::new));
            assertEquals(Main.MMSB_ERROR, r.code(), args + ": " + r.out() + r.err());
            assertEquals(1, r.err().lines().count(), args + ": " + r.err());
            assertTrue(r.err().contains("does not exist") || r.err().contains("has key"), args + ": " + r.err());
            assertEquals("", r.out(), args.toString());
        }
    }

    @Test
    void changesListsAnAddedMethodOnceWithItsBytecode() {
        Result changes = ok("changes", "--store", store.toString());
        List<String> sizeAsLong = changes.out().lines().filter(l -> l.contains("sizeAsLong")).toList();
        assertEquals(1, sizeAsLong.size(), changes.out());
        assertTrue(sizeAsLong.get(0).matches("  p/Lib.java::p.Lib#sizeAsLong\\(String\\)  \\(\\+\\d+ -0 ~0 nodes, of which bytecode \\+\\d+ -0 ~0\\)"),
            sizeAsLong.get(0));
        // later()'s lambda is a bytecode method of its own (lambda$later$0): counted with later()
        assertTrue(changes.out().replace(System.lineSeparator(), "\n").matches("(?s).*\nadded \\(3\\):\n  p/Lib.java::p.Lib#later\\(\\)  \\(\\+\\d+ -0 ~0 nodes, of which bytecode \\+\\d+ -0 ~0\\)\n"
            + "  p/Lib.java::p.Lib#loop\\(int\\)  \\(\\+\\d+ -0 ~0 nodes, of which bytecode \\+\\d+ -0 ~0\\)\n"
            + "  p/Lib.java::p.Lib#sizeAsLong\\(String\\) .*"), changes.out());
        assertFalse(changes.out().contains("lambda$"), changes.out());
        // loop(int) has several basic blocks: the block rows its CFG edges refer to are no node facts, never "changed"
        // size's bytecode signature changed (I -> J): one changed member, not an added and a removed one
        assertTrue(changes.out().lines().anyMatch(l -> l.startsWith("  p/Lib.java::p.Lib#size(String)  (+") && l.contains("of which bytecode")),
            changes.out());
        assertFalse(changes.out().contains("(Ljava/lang/String;)"), "no member listed by its JVM descriptor: " + changes.out());
        assertFalse(changes.out().contains("removed ("), changes.out());
    }

    @Test
    void blameNamesTheCompilationAndStageThatLastChangedEachFact() {
        Result blame = ok("blame", "--store", store.toString(), "--key", FIELD);
        List<String> lines = blame.out().lines().toList();
        assertTrue(lines.get(0).startsWith("nodes " + FIELD + " (row "), blame.out());
        assertTrue(CliTest.line(blame.out(), "type").matches("\\s*type\\s+\\d+  build-2\\s+ATTRIBUTION\\s+long"), blame.out());
        assertTrue(CliTest.line(blame.out(), "symbol").matches("\\s*symbol\\s+\\d+  build-1\\s+ATTRIBUTION\\s+\"p.Use#n\""), blame.out());
        assertTrue(CliTest.line(blame.out(), "kind").matches("\\s*kind\\s+1?\\d  build-1\\s+PARSE\\s+\"VARIABLE\""), blame.out());
        // `long n` is one character longer than `int n`: build-2's parse moved the declaration's end
        assertTrue(CliTest.line(blame.out(), "span_end").matches("\\s*span_end\\s+\\d+  build-2\\s+PARSE\\s+\\d+"), blame.out());
        assertTrue(CliTest.line(blame.out(), "stage").contains("end of compilation"), blame.out());
        // as of build-1's end, the type was int, set by build-1's attribution
        String v1End = ok("sql", "--store", store.toString(), "--tsv", "SELECT last_epoch FROM compilations WHERE id = 'build-1'")
            .out().lines().toList().get(1);
        Result then = ok("blame", "--store", store.toString(), "--key", FIELD, "--epoch", v1End);
        assertTrue(CliTest.line(then.out(), "type").matches("\\s*type\\s+\\d+  build-1\\s+ATTRIBUTION\\s+int"), then.out());
        // a node moved with its member: its relative span is unchanged, its absolute start is not
        String call = "p/Use.java::p.Use#m::METHOD_INVOCATION[0]";
        Result history = ok("history", "--store", store.toString(), "--table", "nodes", "--key", call);
        assertFalse(history.out().contains("build-2"), "the relative cells stayed: " + history.out());
        Result moved = ok("blame", "--store", store.toString(), "--key", call);
        assertTrue(CliTest.line(moved.out(), "span_start").matches("\\s*span_start\\s+\\d+  build-2\\s+PARSE\\s+\\d+"), moved.out());
    }
}
