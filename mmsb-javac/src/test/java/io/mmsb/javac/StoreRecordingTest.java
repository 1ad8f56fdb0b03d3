package io.mmsb.javac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.util.JavacTask;
import io.mmsb.delta.Change;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import io.mmsb.recorder.FactTables;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** javac with {@code -Xplugin:"MMSB store=DIR"} records into a real store: semantic deltas, deterministic epochs. */
class StoreRecordingTest {
    static final String V1 = """
        package p;
        public class Calc {
            public int twice(int x) { return x * 2; }
            public int abs(int x) { if (x < 0) { return -x; } return x; }
        }
        """;
    static final String V2 = V1.replace("return x * 2;", "return x + x;");

    static void compile(Path dir, String source, Path store, String id) throws IOException {
        Path src = dir.resolve("src/p/Calc.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path out = dir.resolve("classes");
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            JavacTask task = (JavacTask) javac.getTask(new StringWriter(), fm, null, List.of("-d", out.toString(), "-proc:none"), null,
                fm.getJavaFileObjectsFromPaths(List.of(src)));
            new MmsbPlugin().init(task, "store=" + store, "classes=" + out, "id=" + id, "mode=strict");
            assertTrue(task.call());
        }
    }

    /** Keys of the nodes in the rectangles of a diff. */
    static Set<String> changedKeys(Store s, long from, long to) {
        Set<String> keys = new HashSet<>();
        io.mmsb.recorder.StoredNodes nodes = io.mmsb.recorder.StoredNodes.of(s.stateAt(to));
        for (Change c : s.diff(from, to)) {
            if (c.table().equals("nodes")) {
                for (int r = c.rowStart(); r < c.rowEnd(); r++) {
                    keys.add(nodes.key(r));
                }
            }
        }
        return keys;
    }

    @Test
    void aRecompilationWritesOnlyWhatChangedAndRecordingIsDeterministic(@TempDir Path tmp) throws IOException {
        Path store = tmp.resolve("store");
        compile(tmp.resolve("v1"), V1, store, "v1");
        long afterFirst;
        try (RootAllocator root = new RootAllocator(); Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root))) {
            afterFirst = s.lastEpoch();
            StateView v = s.latest();
            assertTrue(afterFirst > 0);
            assertTrue(v.rowCount("nodes") > 20, "nodes recorded: " + v.rowCount("nodes"));
            assertTrue(v.rowCount("types") > 0 && v.rowCount("cfg_edges") > 0);
        }
        compile(tmp.resolve("v2"), V2, store, "v2");
        try (RootAllocator root = new RootAllocator(); Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root))) {
            Set<String> changed = changedKeys(s, afterFirst, s.lastEpoch());
            assertFalse(changed.isEmpty(), "the edit of twice() must show");
            assertTrue(changed.stream().anyMatch(k -> k.contains("twice")), changed.toString());
            assertTrue(changed.stream().noneMatch(k -> k.contains("abs(")), "abs() did not change, yet the diff names " + changed);
            // the multiplication node is gone from the recompiled unit: it is no longer present
            StateView v = s.latest();
            ColumnSlice kind = v.column("nodes", "kind");
            ColumnSlice present = v.column("nodes", "present");
            boolean multiplyGone = false;
            for (int r = 0; r < v.rowCount("nodes"); r++) {
                if (kind.getSymbol(r).equals("MULTIPLY") && !present.getBool(r)) {
                    multiplyGone = true;
                }
            }
            assertTrue(multiplyGone, "x * 2 was replaced: its node must be marked not present");
        }
        // the same compilations recorded again into a fresh store: the same epochs and hashes
        Path again = tmp.resolve("again");
        compile(tmp.resolve("w1"), V1, again, "v1");
        compile(tmp.resolve("w2"), V2, again, "v2");
        try (RootAllocator root = new RootAllocator();
             Store a = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root));
             Store b = Store.open(again, StoreOptions.of(FactTables.SCHEMA, root))) {
            assertEquals(a.lastEpoch(), b.lastEpoch());
            for (long e = 0; e <= a.lastEpoch(); e++) {
                assertEquals(a.stateHash(e), b.stateHash(e), "epoch " + e);
            }
        }
    }

    /** The bytes of every file of a store directory. */
    static long storeBytes(Path store) throws IOException {
        try (var files = Files.list(store)) {
            long n = 0;
            for (Path f : files.toList()) {
                n += Files.size(f);
            }
            return n;
        }
    }

    @Test
    void recordingTheSameCompilationAgainWritesNoFactsAndAtMost64KiB(@TempDir Path tmp) throws IOException {
        Path store = tmp.resolve("store");
        // with trees javac rewrites while attributing: a default constructor, an annotation's
        // argument (becomes value = ...), an anonymous class (gets its supertype as a clause)
        String source = Snippets.DEMO.replace("package demo;", "package p;").replace("class Demo", "class Calc")
            .replace("    public String greet(", """
                @SuppressWarnings("unused")
                public Runnable later() {
                    return new Runnable() { public void run() { count++; } };
                }

                public String greet(""");
        compile(tmp.resolve("v1"), source, store, "v1");
        long bytesBefore = storeBytes(store);
        long afterFirst;
        try (RootAllocator root = new RootAllocator(); Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root))) {
            afterFirst = s.lastEpoch();
        }
        compile(tmp.resolve("v1again"), source, store, "v1");
        long grown = storeBytes(store) - bytesBefore;
        try (RootAllocator root = new RootAllocator(); Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root))) {
            List<String> written = new java.util.ArrayList<>();
            for (io.mmsb.delta.CommitInfo c : s.log()) {
                if (c.epoch() > afterFirst) {
                    for (Change w : c.writes()) {
                        if (!w.table().equals("compilations")) {
                            written.add(c.epoch() + ": " + w);
                        }
                    }
                }
            }
            assertTrue(written.isEmpty(), "an unchanged compilation recorded again wrote facts: " + written);
            assertTrue(s.lastEpoch() > afterFirst, "the compilation itself is recorded");
            assertTrue(s.diff(afterFirst, s.lastEpoch()).stream().allMatch(c -> c.table().equals("compilations")));
        }
        assertTrue(grown <= 64 * 1024, "recording an unchanged compilation again added " + grown + " bytes");
        // this snippet's first recording is small (tens of KiB): the bound must also hold relative to it
        assertTrue(grown * 20 <= bytesBefore, "recording an unchanged compilation again added " + grown + " bytes to " + bytesBefore);
    }

    @Test
    void aLineInsertedAtTheTopRewritesOnlyTheMembersAnchorsAndAbsoluteSpansStayDerivable(@TempDir Path tmp) throws IOException {
        Path store = tmp.resolve("store");
        String source = Snippets.DEMO.replace("package demo;", "package p;").replace("class Demo", "class Calc");
        String header = "// a line inserted at the top\n";
        compile(tmp.resolve("v1"), source, store, "v1");
        long afterFirst;
        try (RootAllocator root = new RootAllocator(); Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root))) {
            afterFirst = s.lastEpoch();
        }
        compile(tmp.resolve("v2"), header + source, store, "v2");
        try (RootAllocator root = new RootAllocator(); Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root))) {
            StateView before = s.stateAt(afterFirst);
            StateView after = s.latest();
            io.mmsb.recorder.StoredNodes a = io.mmsb.recorder.StoredNodes.of(before);
            io.mmsb.recorder.StoredNodes b = io.mmsb.recorder.StoredNodes.of(after);
            int rows = after.rowCount("nodes");
            assertEquals(before.rowCount("nodes"), rows, "the same nodes");
            // every node moved down by the header, as absolute offsets derived from the relative cells
            int known = 0;
            for (int r = 0; r < rows; r++) {
                if (a.start(r) >= 0) {
                    known++;
                    assertEquals(a.start(r) + header.length(), b.start(r), "start of " + b.key(r));
                    assertEquals(a.end(r) < 0 ? -1 : a.end(r) + header.length(), b.end(r), "end of " + b.key(r));
                }
            }
            assertTrue(known > 50, "nodes with spans: " + known);
            // yet only one row per moved member (its anchor) was rewritten, not the nodes below it
            Set<String> groups = new HashSet<>();
            for (int r = 0; r < rows; r++) {
                String m = b.member(r);
                String path = b.id(r).path();
                groups.add(b.id(r).unit() + "::" + m + "::" + (m.isEmpty() ? path.replaceAll("/.*", "") : ""));
            }
            Set<String> rewritten = new HashSet<>();
            ColumnSlice anchor = after.column("nodes", "anchor");
            for (Change c : s.diff(afterFirst, s.lastEpoch())) {
                if (c.table().equals("nodes")) {
                    for (int r = c.rowStart(); r < c.rowEnd(); r++) {
                        rewritten.add(b.key(r));
                        assertEquals(-1, anchor.getInt(r), "only anchors keep absolute spans and move: " + b.key(r) + " " + c);
                    }
                }
            }
            assertFalse(rewritten.isEmpty());
            assertTrue(rewritten.size() <= groups.size(), rewritten.size() + " node rows rewritten for " + groups.size()
                + " members and unit-level groups (" + rows + " nodes): " + rewritten);
        }
    }

    @Test
    void nodeKeysAreStoredInPartsNotAsOneStringPerNode(@TempDir Path tmp) throws IOException {
        Path store = tmp.resolve("store");
        compile(tmp.resolve("v1"), V1, store, "v1");
        try (RootAllocator root = new RootAllocator(); Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root))) {
            StateView v = s.latest();
            io.mmsb.recorder.StoredNodes nodes = io.mmsb.recorder.StoredNodes.of(v);
            Set<String> members = new HashSet<>();
            for (int r = 0; r < v.rowCount("nodes"); r++) {
                String key = nodes.key(r);
                assertEquals(-1, s.dictionary().code(key), "a node key in the dictionary: " + key);
                assertEquals(r, io.mmsb.recorder.StoredNodes.find(v, nodes.id(r)), "found by its parts: " + key);
                members.add(nodes.member(r));
            }
            assertTrue(members.size() > 3 && v.rowCount("nodes") > 5 * members.size(), v.rowCount("nodes") + " nodes, members " + members);
            ColumnSlice edgeKeys = v.column("cfg_edges", "key");
            for (int r = 0; r < v.rowCount("cfg_edges"); r++) {
                assertFalse(edgeKeys.getSymbol(r).contains("::"), "an edge keyed by its nodes' ids: " + edgeKeys.getSymbol(r));
            }
            ColumnSlice blockKeys = v.column("blocks", "key");
            for (int r = 0; r < v.rowCount("blocks"); r++) {
                assertEquals("", blockKeys.getSymbol(r), "blocks are keyed by unit, member and path");
            }
            assertTrue(v.rowCount("cfg_edges") > 0 && v.rowCount("blocks") > 0);
        }
    }

    /** Compiles {@code files} (name -> source) into the store with the given build mode. */
    static void compileAll(Path dir, java.util.Map<String, String> files, Path store, String id, String build) throws IOException {
        List<Path> paths = new java.util.ArrayList<>();
        for (var f : files.entrySet()) {
            Path src = dir.resolve("src/p/" + f.getKey());
            Files.createDirectories(src.getParent());
            Files.writeString(src, f.getValue());
            paths.add(src);
        }
        Path out = dir.resolve("classes");
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            JavacTask task = (JavacTask) javac.getTask(new StringWriter(), fm, null, List.of("-d", out.toString(), "-proc:none"), null,
                fm.getJavaFileObjectsFromPaths(paths));
            new MmsbPlugin().init(task, "store=" + store, "classes=" + out, "id=" + id, "mode=strict", "build=" + build);
            assertTrue(task.call());
        }
    }

    /** Present nodes of a unit at the latest epoch. */
    static long presentNodes(Path store, String unit) {
        try (RootAllocator root = new RootAllocator(); Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root))) {
            StateView v = s.latest();
            ColumnSlice u = v.column("nodes", "unit");
            ColumnSlice present = v.column("nodes", "present");
            long n = 0;
            for (int r = 0; r < v.rowCount("nodes"); r++) {
                if (present.getBool(r) && u.getSymbol(r).equals(unit)) n++;
            }
            return n;
        }
    }

    @Test
    void aFullBuildRecordsTheClassesOfDeletedFilesAsGoneAnIncrementalOneDoesNot(@TempDir Path tmp) throws IOException {
        java.util.Map<String, String> both = java.util.Map.of("Calc.java", V1, "Old.java", "package p; class Old { int f() { return 1; } }");
        java.util.Map<String, String> calcOnly = java.util.Map.of("Calc.java", V1);
        for (String build : List.of("full", "incremental")) {
            Path store = tmp.resolve(build);
            compileAll(tmp.resolve(build + "1"), both, store, "v1", build);
            assertTrue(presentNodes(store, "p/Old.java") > 5);
            compileAll(tmp.resolve(build + "2"), calcOnly, store, "v2", build);
            assertTrue(presentNodes(store, "p/Calc.java") > 5);
            if (build.equals("full")) {
                assertEquals(0, presentNodes(store, "p/Old.java"), "Old.java is no longer part of the code base");
            } else {
                assertTrue(presentNodes(store, "p/Old.java") > 5, "an incremental build says nothing about units it did not compile");
            }
        }
    }

    /** Compiles V-source into the store with extra plugin arguments; the compilation itself must succeed. */
    static void compileWith(Path dir, String source, String store, String id, String... extra) throws IOException {
        Path src = dir.resolve("src/p/Calc.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path out = dir.resolve("classes");
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            JavacTask task = (JavacTask) javac.getTask(new StringWriter(), fm, null, List.of("-d", out.toString(), "-proc:none"), null,
                fm.getJavaFileObjectsFromPaths(List.of(src)));
            List<String> args = new java.util.ArrayList<>(List.of("store=" + store, "classes=" + out, "id=" + id));
            args.addAll(List.of(extra));
            new MmsbPlugin(Javac.SINKS).init(task, args.toArray(String[]::new));
            assertTrue(task.call());
        }
    }

    /** Ids of the compilations rows, and of the incomplete ones. */
    static List<String> keys(Store s, String table) {
        StateView v = s.latest();
        ColumnSlice k = v.column(table, "key");
        List<String> out = new java.util.ArrayList<>();
        for (int r = 0; r < v.rowCount(table); r++) {
            out.add(k.getSymbol(r));
        }
        return out;
    }

    /** What v1 -> v2 changed, as node keys, in a store where a broken recording may lie between them. */
    private static Set<String> v1ToV2(Path tmp, String name, java.util.function.Consumer<Path> between) throws IOException {
        Path store = tmp.resolve(name);
        compile(tmp.resolve(name + "-v1"), V1, store, "v1");
        between.accept(store);
        compile(tmp.resolve(name + "-v2"), V2, store, "v2");
        try (RootAllocator root = new RootAllocator(); Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root))) {
            StateView v = s.latest();
            ColumnSlice first = v.column("compilations", "first_epoch");
            ColumnSlice last = v.column("compilations", "last_epoch");
            List<String> ids = keys(s, "compilations");
            assertEquals(List.of("v1", "v2"), ids, "an incomplete recording never gets a compilations row");
            Set<String> changed = changedKeys(s, last.getLong(0), last.getLong(1));
            changed.removeIf(k -> k.startsWith("::")); // rows of a reverted recording: no identity
            assertTrue(first.getLong(1) > last.getLong(0));
            return changed;
        }
    }

    @Test
    void aRecordingThatFailsPartWayIsRevertedMarkedIncompleteAndNeverMixedIntoALaterDiff(@TempDir Path tmp) throws IOException {
        Set<String> clean = v1ToV2(tmp, "clean", store -> { });
        assertFalse(clean.isEmpty());
        String broken = V2.replace("return x;", "return x + 0 * 7;");
        Set<String> afterFailure = v1ToV2(tmp, "failed", store -> {
            try {
                // a wrong class directory: GENERATE fails inside the adapter after PARSE and ATTRIBUTION streamed in
                compileWith(tmp.resolve("failed-broken"), broken, store.toString(), "broken", "classes=" + tmp.resolve("nowhere"));
                try (RootAllocator root = new RootAllocator(); Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root))) {
                    assertEquals(List.of("broken"), keys(s, "incomplete_compilations"));
                    assertEquals(List.of("v1"), keys(s, "compilations"));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(clean, afterFailure, "the failed recording's facts are not in the v1 -> v2 diff");
    }

    @Test
    void aRecordingCutShortByADeadProcessIsRevertedByTheNextOne(@TempDir Path tmp) throws IOException {
        Set<String> clean = v1ToV2(tmp, "clean", store -> { });
        String broken = V2.replace("return x;", "return x + 0 * 7;");
        Set<String> afterCrash = v1ToV2(tmp, "crashed", store -> {
            // the process "dies": the sink commits what streams in and never hears the end (abort swallowed)
            String name = "crash-" + System.nanoTime();
            try (RootAllocator root = new RootAllocator(); Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root))) {
                io.mmsb.recorder.StoreSink inner = new io.mmsb.recorder.StoreSink(s);
                Javac.SINKS.register(name, new io.mmsb.hooks.FactSink() {
                    @Override public void begin(String c) { inner.begin(c); }
                    @Override public void epoch(io.mmsb.hooks.Epoch e, List<io.mmsb.hooks.Fact> f) { inner.epoch(e, f); }
                    @Override public void end(String c) { }
                    @Override public void abort(String c, String r) { }
                });
                compileWith(tmp.resolve("crashed-broken"), broken, name, "broken", "classes=" + tmp.resolve("nowhere"));
                assertTrue(s.lastEpoch() > 0);
                assertEquals(List.of("v1"), keys(s, "compilations"));
                assertEquals(List.of(), keys(s, "incomplete_compilations"), "nobody has noticed yet");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                Javac.SINKS.unregister(name);
            }
        });
        assertEquals(clean, afterCrash, "the unfinished recording's facts are not in the v1 -> v2 diff");
        try (RootAllocator root = new RootAllocator(); Store s = Store.open(tmp.resolve("crashed"), StoreOptions.of(FactTables.SCHEMA, root))) {
            List<String> incomplete = keys(s, "incomplete_compilations");
            assertEquals(1, incomplete.size());
            assertTrue(incomplete.get(0).startsWith("unfinished@"), incomplete.toString());
        }
    }
}
