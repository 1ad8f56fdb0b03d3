package io.mmsb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mmsb command on the demo store: every verb's output, exit codes, damage, and the Arrow export read back. */
class CliTest extends CliRun {
    @TempDir
    Path tmp;
    Path store;


    @BeforeEach
    void demo() {
        store = tmp.resolve("store");
        Result r = mmsb("demo", "--store", store.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("hash at epoch 3 identical"), r.out());
    }

    @Test
    void dumpPrintsEveryRowAsTextAndDiffCountsTheChangedCells() {
        Result dump = mmsb("dump", "--store", store.toString());
        assertEquals(0, dump.code(), dump.err());
        java.util.List<String> rows = dump.out().lines().filter(l -> l.startsWith("ir_nodes\t")).toList();
        assertEquals(4, rows.size(), dump.out());
        // table, row, then one cell per column: the constant folding left row 2 a const of 42
        String row2 = rows.get(2);
        assertTrue(row2.startsWith("ir_nodes\t2\tconst\t"), row2);
        assertTrue(java.util.Arrays.asList(row2.split("\t", -1)).contains("42"), row2);
        Result atOne = mmsb("dump", "--store", store.toString(), "--epoch", "1");
        assertTrue(atOne.out().lines().anyMatch(l -> l.startsWith("ir_nodes\t2\tmul\t")), atOne.out());
        Result count = mmsb("diff", "--store", store.toString(), "--from", "2", "--to", "3", "--count");
        assertEquals(0, count.code(), count.err());
        Result diff = mmsb("diff", "--store", store.toString(), "--from", "2", "--to", "3", "--limit", "1000");
        long cells = diff.out().lines().filter(l -> l.startsWith("  row ")).mapToLong(l -> l.split(" -> ", -1).length - 1).sum();
        assertEquals(cells, Long.parseLong(count.out().trim()), diff.out());
        assertTrue(cells > 0);
        assertTrue(mmsb("stats", "--store", store.toString()).out().contains("decoded pages: "));
    }

    @Test
    void logDiffHistoryShowHashStats() {
        Result log = mmsb("log", "--store", store.toString(), "--rects");
        assertEquals(3, log.out().lines().count(), log.out());
        assertTrue(log.out().contains("ir_nodes rows [2, 3) opcode,operands,const"), log.out());
        Result summary = mmsb("log", "--store", store.toString());
        assertTrue(summary.out().lines().anyMatch(l -> l.matches("\\s+3\\s+ir_nodes 1 row \\(3 cells\\)")), summary.out());
        Result diff = mmsb("diff", "--store", store.toString(), "--from", "2", "--to", "3");
        assertTrue(diff.out().contains("opcode: \"mul\" -> \"const\"") && diff.out().contains("const: 0 -> 42"), diff.out());
        Result history = mmsb("history", "--store", store.toString(), "--table", "ir_nodes", "--row", "2");
        assertEquals(4, history.out().lines().count(), history.out()); // a heading, then three epochs
        Result show = mmsb("show", "--store", store.toString(), "--table", "ir_nodes", "--row", "2", "--epoch", "1");
        assertTrue(show.out().contains("\"mul\"") && show.out().contains("\"?\""), show.out());
        Result h1 = mmsb("hash", "--store", store.toString());
        Result h2 = mmsb("hash", "--store", store.toString(), "--epoch", "3");
        assertEquals(h1.out(), h2.out());
        assertEquals(64, h1.out().trim().length());
        assertTrue(mmsb("stats", "--store", store.toString()).out().contains("4 rows"));
    }

    @Test
    void exportIsAnArrowFileThatReadsBack() throws IOException {
        Path out = tmp.resolve("nodes.arrow");
        assertEquals(0, mmsb("export", "--store", store.toString(), "--table", "ir_nodes", "--out", out.toString()).code());
        ArrowFile f = readArrow(out);
        assertEquals(List.of("row", "opcode", "operands", "type", "const", "block"), f.schema().getFields().stream().map(x -> x.getName()).toList());
        List<String> rows = f.rows().stream().map(r -> r.get("opcode") + " " + r.get("operands") + " " + r.get("const")).toList();
        assertEquals(List.of("const [] 6", "const [] 7", "const [] 42", "ret [2] 0"), rows);
        assertEquals("ir_nodes", f.schema().getCustomMetadata().get("mmsb.table"));
        assertEquals("3", f.schema().getCustomMetadata().get("mmsb.epoch"));
    }

    @Test
    void damagedStoreUsageErrorsAndMissingStoreGetClearMessagesAndExitCodes() throws IOException {
        Path seg;
        try (var files = Files.list(store)) {
            seg = files.filter(f -> f.toString().endsWith(".tlog")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(seg);
        bytes[200] ^= 1;
        Files.write(seg, bytes);
        Result verify = mmsb("verify", "--store", store.toString());
        assertEquals(Main.DAMAGED, verify.code());
        assertTrue(verify.err().contains("the store is damaged") && verify.err().contains("CRC32C"), verify.err());
        assertFalse(verify.err().contains("\tat "), "no stack trace: " + verify.err());
        assertEquals(Main.USAGE, mmsb("bogus").code());
        assertEquals(Main.USAGE, mmsb().code());
        Result missing = mmsb("log", "--store", tmp.resolve("nothing").toString());
        assertEquals(Main.USAGE, missing.code());
        assertTrue(missing.err().contains("no store at"), missing.err());
    }

    /** The last segment of the demo store cut inside its last record, as a crash before the durable mark leaves it. */
    private Path tornStore() throws IOException {
        Path seg;
        try (var files = Files.list(store)) {
            seg = files.filter(f -> f.toString().endsWith(".tlog")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        Files.delete(store.resolve("tlog.durable"));
        byte[] bytes = Files.readAllBytes(seg);
        Files.write(seg, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        return seg;
    }

    private Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (var files = Files.list(store)) {
            for (Path p : files.toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private void assertUnchanged(Map<String, byte[]> before) throws IOException {
        Map<String, byte[]> after = files();
        assertEquals(before.keySet(), after.keySet(), "no file created, renamed or deleted");
        before.forEach((n, b) -> assertArrayEquals(b, after.get(n), n + " unchanged"));
    }

    @Test
    void verifyOfATornTailReportsItChangesNothingAndASecondVerifySaysTheSame() throws IOException {
        tornStore();
        Map<String, byte[]> before = files();
        PrintStream systemErr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        Result first;
        Result second;
        try {
            System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8)); // what a logger would print
            first = mmsb("verify", "--store", store.toString());
            second = mmsb("verify", "--store", store.toString());
        } finally {
            System.setErr(systemErr);
        }
        assertEquals(Main.DAMAGED, first.code(), first.err());
        assertEquals(first, second, "the second verify gives the same answer");
        assertEquals(1, first.err().lines().count(), first.err());
        assertTrue(first.err().contains("incompletely written tail") && first.err().contains("changed nothing"), first.err());
        assertFalse(first.err().contains("never been acknowledged"), first.err());
        assertEquals("", logged.toString(StandardCharsets.UTF_8), "nothing else on stderr");
        assertUnchanged(before);
        for (String verb : List.of("log", "hash", "stats")) {
            assertEquals(0, mmsb(verb, "--store", store.toString()).code(), verb);
        }
        assertUnchanged(before);
    }

    @Test
    void verifyOfAForeignFileNamedLikeASegmentReportsItAndDeletesNothing() throws IOException {
        String next;
        try (var files = Files.list(store)) {
            long last = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tlog"))
                .mapToLong(n -> Long.parseLong(n.substring(0, 20))).max().orElseThrow();
            next = String.format("%020d.tlog", last + 1);
        }
        Files.writeString(store.resolve(next), "my notes\n");
        Map<String, byte[]> before = files();
        Result r = mmsb("verify", "--store", store.toString());
        assertEquals(Main.DAMAGED, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("MMSB did not write"), r.err());
        assertEquals(r, mmsb("verify", "--store", store.toString()));
        assertUnchanged(before);
    }

    @Test
    void theLauncherPrintsExactlyOneLineOnStderrForADamagedStore() throws Exception {
        tornStore();
        // bin/mmsb as installed, over the classes and dependencies of this test run
        Path home = tmp.resolve("home");
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("scripts"));
        Files.createDirectories(home.resolve("mmsb-cli/target"));
        Files.copy(repo.resolve("bin/mmsb"), home.resolve("bin/mmsb"));
        Files.copy(repo.resolve("scripts/env.sh"), home.resolve("scripts/env.sh"));
        Files.createSymbolicLink(home.resolve("mmsb-cli/target/classes"), repo.resolve("mmsb-cli/target/classes"));
        Files.writeString(home.resolve("mmsb-cli/target/classpath.txt"), System.getProperty("java.class.path"));
        Process p = new ProcessBuilder("bash", home.resolve("bin/mmsb").toString(), "verify", "--store", store.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(Main.DAMAGED, p.waitFor());
        assertEquals(1, err.lines().count(), "exactly one line on stderr, no JVM or logger warning: " + err);
        assertTrue(err.startsWith("mmsb verify: the store is damaged"), err);
    }

    @Test
    void queriesOutsideTheStoreAreClearErrors() {
        Result r = mmsb("diff", "--store", store.toString(), "--from", "9");
        assertEquals(Main.MMSB_ERROR, r.code());
        assertTrue(r.err().contains("epoch 9 is not committed"), r.err());
        Result t = mmsb("show", "--store", store.toString(), "--table", "nope", "--row", "0");
        assertEquals(Main.MMSB_ERROR, t.code());
        assertTrue(t.err().contains("no table 'nope'"), t.err());
    }

    @Test
    void recordTwoVersionsThenChangesNamesTheEditedMemberAndTheInvalidatedDependent() throws IOException {
        Path rec = tmp.resolve("rec");
        String lib = "package p; public class Lib { public static int size(String s) { return s.length(); } public static int one() { return 1; } }";
        String use = "package p; public class Use { int n = Lib.size(\"abc\"); int m = Lib.one(); }";
        for (String v : List.of("v1", "v2")) {
            Path src = tmp.resolve(v + "/p");
            Files.createDirectories(src);
            Files.writeString(src.resolve("Lib.java"), v.equals("v1") ? lib : lib.replace("public static int size(String s)", "public static long size(String s)"));
            Files.writeString(src.resolve("Use.java"), v.equals("v1") ? use : use.replace("int n =", "long n ="));
            Result r = mmsb("record", "--store", rec.toString(), "--id", v, "--", "-d", tmp.resolve(v + "/classes").toString(), "-proc:none",
                src.resolve("Lib.java").toString(), src.resolve("Use.java").toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("recorded as compilation '" + v + "'"), r.out());
        }
        Result changes = mmsb("changes", "--store", rec.toString());
        assertEquals(0, changes.code(), changes.err());
        assertTrue(changes.out().contains("from 'v1'") && changes.out().contains("to 'v2'"), changes.out());
        assertTrue(changes.out().contains("p.Lib#size"), changes.out());
        assertFalse(changes.out().contains("p.Lib#one"), "one() did not change: " + changes.out());
        assertTrue(changes.out().contains("-> p.Use"), "Use calls the changed size(): " + changes.out());
        Result first = mmsb("changes", "--store", rec.toString(), "--to", "v1");
        assertEquals(Main.MMSB_ERROR, first.code());
        assertTrue(first.err().contains("none before 'v1'"), first.err());
        Result noSuch = mmsb("impact", "--store", rec.toString(), "--from", "v0");
        assertTrue(noSuch.err().contains("no recorded compilation 'v0'"), noSuch.err());
        Result inv = mmsb("invalidations", "--store", rec.toString(), "--compilation", "v2");
        assertEquals(0, inv.code(), inv.err());
        assertTrue(inv.out().contains("p.Lib#size") && inv.out().contains("-> p.Use"), inv.out());
        // one entity by key, as each stage left it: v2's parse changed the field's declaration (int ->
        // long) but cannot know types, so its type is still v1's; v2's attribution resolved the new one
        String field = "p/Use.java::p.Use#n::";
        Result parsed = mmsb("show", "--store", rec.toString(), "--table", "nodes", "--key", field, "--stage", "PARSE");
        assertEquals(0, parsed.code(), parsed.err());
        assertTrue(parsed.out().contains("as stage PARSE left it"), parsed.out());
        long parseEpoch = Long.parseLong(parsed.out().replaceAll("(?s).*? at epoch (\\d+).*", "$1"));
        Result beforeParse = mmsb("show", "--store", rec.toString(), "--table", "nodes", "--key", field, "--epoch", String.valueOf(parseEpoch - 1));
        Result attributed = mmsb("show", "--store", rec.toString(), "--table", "nodes", "--key", field, "--stage", "ATTRIBUTION");
        assertTrue(attributed.out().contains("symbol           \"p.Use#n\""), attributed.out());
        assertEquals(line(beforeParse.out(), "type"), line(parsed.out(), "type"), "a parse leaves the type as it was");
        assertFalse(line(parsed.out(), "span_end").equals(line(beforeParse.out(), "span_end")), "the parse moved the declaration's end");
        assertFalse(line(attributed.out(), "type").equals(line(parsed.out(), "type")), "attribution typed n as long: " + attributed.out());
        Result never = mmsb("show", "--store", rec.toString(), "--table", "nodes", "--key", field, "--stage", "LOWERING");
        assertEquals(Main.MMSB_ERROR, never.code());
        assertTrue(never.err().contains("never written by stage LOWERING") && never.err().contains("PARSE at"), never.err());
        // the export has each node's key as text (built from unit, member, path) and absolute spans
        // (the store keeps them relative to the member): every tree node lies inside its parent
        Path exported = tmp.resolve("rec-nodes.arrow");
        assertEquals(0, mmsb("export", "--store", rec.toString(), "--table", "nodes", "--out", exported.toString()).code());
        ArrowFile nodesFile = readArrow(exported);
        List<String> keys = nodesFile.column("key").stream().map(String::valueOf).toList();
        List<Long> starts = nodesFile.column("span_start").stream().map(x -> (Long) x).toList();
        List<Long> ends = nodesFile.column("span_end").stream().map(x -> (Long) x).toList();
        List<Integer> parents = nodesFile.column("parent").stream().map(x -> (Integer) x).toList();
        List<String> stages = nodesFile.column("stage").stream().map(String::valueOf).toList();
        // issue 10 item 11: strings dictionary-encoded, every field non-nullable, metadata naming the
        // table, epoch, compilation and the row-id columns
        org.apache.arrow.vector.types.pojo.Schema schema = nodesFile.schema();
        for (org.apache.arrow.vector.types.pojo.Field fld : schema.getFields()) {
            assertFalse(fld.isNullable(), fld.getName() + " is declared non-nullable");
            fld.getChildren().forEach(child -> assertFalse(child.isNullable(), fld.getName() + "'s items"));
            assertEquals(List.of("key", "unit", "stage", "kind", "detail", "type", "symbol", "scope", "member", "path").contains(fld.getName()),
                fld.getDictionary() != null, fld.getName() + ": SYMBOL columns (only) are dictionary-encoded");
        }
        Map<String, String> meta = schema.getCustomMetadata();
        assertEquals("nodes", meta.get("mmsb.table"));
        assertEquals("v2", meta.get("mmsb.compilation"));
        assertEquals(mmsb("sql", "--store", rec.toString(), "--tsv", "SELECT max(last_epoch) FROM compilations").out().lines().toList().get(1),
            meta.get("mmsb.epoch"));
        assertEquals("row,parent,operands,anchor", meta.get("mmsb.row_id_columns"));
        assertEquals("absolute", meta.get("mmsb.spans"));
        assertEquals("nodes", schema.findField("parent").getMetadata().get("mmsb.row_of"));
        assertEquals("types", schema.findField("type").getMetadata().get("mmsb.key_of"));
        int n = keys.indexOf(field);
        assertTrue(n >= 0, "exported keys: " + keys.subList(0, Math.min(10, keys.size())));
        assertEquals(line(attributed.out(), "span_start").replaceAll("\\s*\\(.*", "").replaceAll(".* ", ""), String.valueOf(starts.get(n)));
        int nested = 0;
        for (int r = 0; r < keys.size(); r++) {
            int parent = parents.get(r);
            if (!stages.get(r).equals("LOWERING") && parent >= 0 && starts.get(r) >= 0 && starts.get(parent) >= 0 && ends.get(r) >= 0 && ends.get(parent) >= 0) {
                assertTrue(starts.get(parent) <= starts.get(r) && ends.get(r) <= ends.get(parent),
                    keys.get(r) + " [" + starts.get(r) + ", " + ends.get(r) + ") outside its parent " + keys.get(parent)
                        + " [" + starts.get(parent) + ", " + ends.get(parent) + ")");
                nested++;
            }
        }
        assertTrue(nested > 20, "tree nodes checked: " + nested);
        Result history = mmsb("history", "--store", rec.toString(), "--table", "nodes", "--key", field);
        assertEquals(0, history.code(), history.err());
        assertTrue(history.out().contains("member=\"p.Use#n\"") && history.out().contains("symbol=\"p.Use#n\""), history.out());
        Result unknown = mmsb("show", "--store", rec.toString(), "--table", "nodes", "--key", "nope");
        assertTrue(unknown.err().contains("no row of 'nodes' has key 'nope'"), unknown.err());
        Result noD = mmsb("record", "--store", rec.toString(), "--", "X.java");
        assertEquals(Main.USAGE, noD.code());
        assertTrue(noD.err().contains("-d DIR"), noD.err());
    }

    /** The line of {@code show} output for a column. */
    static String line(String show, String column) {
        return show.lines().filter(l -> l.trim().startsWith(column + " ")).findFirst().orElse("(no " + column + ")");
    }
}
