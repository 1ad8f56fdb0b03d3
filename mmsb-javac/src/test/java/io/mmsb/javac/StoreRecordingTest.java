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
import io.mmsb.hooks.FactTables;
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
        io.mmsb.hooks.StoredNodes nodes = io.mmsb.hooks.StoredNodes.of(s.stateAt(to));
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
            io.mmsb.hooks.StoredNodes a = io.mmsb.hooks.StoredNodes.of(before);
            io.mmsb.hooks.StoredNodes b = io.mmsb.hooks.StoredNodes.of(after);
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
            io.mmsb.hooks.StoredNodes nodes = io.mmsb.hooks.StoredNodes.of(v);
            Set<String> members = new HashSet<>();
            for (int r = 0; r < v.rowCount("nodes"); r++) {
                String key = nodes.key(r);
                assertEquals(-1, s.dictionary().code(key), "a node key in the dictionary: " + key);
                assertEquals(r, io.mmsb.hooks.StoredNodes.find(v, nodes.id(r)), "found by its parts: " + key);
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
}
