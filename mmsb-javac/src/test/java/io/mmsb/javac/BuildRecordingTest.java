package io.mmsb.javac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import io.mmsb.recorder.FactTables;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as build tools run it (issue 10): javac with the plugin found on a processor path of
 * its own (a class loader of its own, no SLF4J provider, as in Maven), recording into a store
 * directory, reporting through javac's diagnostics.
 */
class BuildRecordingTest {
    private static final String MODULE = "module demo.mod {\n    exports demo;\n}\n";

    @TempDir
    Path dir;

    record Run(int rc, String diagnostics, String stderr) {
        List<String> mmsbLines() {
            return Arrays.stream(diagnostics.split("\\R")).filter(l -> l.contains("MMSB") || l.contains("SLF4J")
                    || l.contains("mmsb")).toList();
        }
    }

    /** javac (in-process, the plugin on its own processor path) over the files under {@code src}. */
    private Run javac(Path src, Path out, String pluginArgs, String... extra) throws Exception {
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-processorpath", processorPath(),
                "-Xplugin:MMSB " + pluginArgs));
        args.addAll(List.of(extra));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().forEach(args::add);
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int rc;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            rc = ToolProvider.getSystemJavaCompiler().run(null, null, diagnostics, args.toArray(String[]::new));
        } finally {
            System.setErr(saved);
        }
        return new Run(rc, diagnostics.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }

    /** The plugin's runtime class path without any SLF4J provider (what a Maven user's annotationProcessorPaths hold). */
    static String processorPath() throws Exception {
        String file = System.getProperty("mmsb.pluginClasspathFile");
        assertTrue(file != null && Files.isRegularFile(Path.of(file)), "built by the pom: " + file);
        String deps = Files.readString(Path.of(file)).strip();
        String classes = Path.of(MmsbPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        return classes + File.pathSeparator + deps;
    }

    private Path sources(String name, boolean modular, String demo) throws Exception {
        Path src = dir.resolve(name).resolve("src");
        Javac.write(src.getParent(), modular ? Map.of("module-info.java", MODULE, "demo/Demo.java", demo)
                : Map.of("demo/Demo.java", demo));
        return src;
    }

    private static List<String> compilations(Path store) {
        try (RootAllocator root = new RootAllocator();
             Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root))) {
            StateView v = s.latest();
            String t = FactTables.COMPILATIONS.name();
            ColumnSlice key = v.column(t, "key");
            List<String> ids = new ArrayList<>();
            for (int r = 0; r < v.rowCount(t); r++) ids.add(key.getSymbol(r));
            return ids;
        }
    }

    private static String hash(Path store) {
        try (RootAllocator root = new RootAllocator();
             Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root))) {
            return s.stateHash(s.lastEpoch());
        }
    }

    @Test
    void aModularProjectRecordsItsModuleInfoToo() throws Exception {
        Path src = sources("modular", true, Snippets.DEMO);
        Path out = dir.resolve("modular/out");
        Path store = dir.resolve("modular/store");
        Run r = javac(src, out, "store=" + store + " classes=" + out);
        assertEquals(0, r.rc(), r.toString());
        assertTrue(Files.isRegularFile(out.resolve("module-info.class")));
        assertEquals(1, r.mmsbLines().size(), r.toString());
        assertTrue(r.mmsbLines().getFirst().matches("Note: MMSB: recorded build-1 \\(2 units, " + facts(r) + " facts, \\+[0-9,]+ KB\\) in "
                + Pattern.quote(store.toString())), r.toString());
        assertEquals(List.of("build-1"), compilations(store));
    }

    private static String facts(Run r) {
        var m = Pattern.compile("\\(2 units, ([0-9,]+) facts").matcher(r.diagnostics());
        assertTrue(m.find(), r.toString());
        assertFalse(m.group(1).equals("0"), r.toString());
        return m.group(1);
    }

    @Test
    void defaultIdsNumberTheBuildsOfAStoreDeterministicallyAndNeverOverwriteOne() throws Exception {
        List<String> hashes = new ArrayList<>();
        for (String copy : List.of("a", "b")) {
            Path src = sources("ids-" + copy, false, Snippets.DEMO);
            Path out = dir.resolve("ids-" + copy + "/out");
            Path store = dir.resolve("ids-" + copy + "/store");
            for (int build = 1; build <= 2; build++) {
                if (build == 2) Files.writeString(src.resolve("demo/Demo.java"), Snippets.DEMO.replace("n++;", "n += 2;"));
                Run r = javac(src, out, "store=" + store + " classes=" + out);
                assertEquals(0, r.rc(), r.toString());
                assertTrue(r.diagnostics().contains("Note: MMSB: recorded build-" + build + " (1 unit,"), r.toString());
                // a body edit is no API change; the first build has nothing to compare with
                assertEquals(build == 2, r.diagnostics().contains(" facts, 0 API members changed, +"), r.toString());
            }
            assertEquals(List.of("build-1", "build-2"), compilations(store));
            hashes.add(hash(store));
        }
        assertEquals(hashes.get(0), hashes.get(1), "the same builds give the same store");
    }

    @Test
    void aFailedRecordingIsOneWarningWithItsCauseAndNoStackTrace() throws Exception {
        Path src = sources("fail", false, Snippets.DEMO);
        Path out = dir.resolve("fail/out");
        Path store = dir.resolve("fail/store");
        // test-compile with the main class directory: the class files are not where classes= says
        Run r = javac(src, out, "store=" + store + " classes=" + dir.resolve("fail/elsewhere"));
        assertEquals(0, r.rc(), r.toString());
        List<String> lines = r.mmsbLines();
        assertEquals(1, lines.size(), r.toString());
        assertTrue(lines.getFirst().startsWith("warning: MMSB: not recorded build-1: class file of demo.Demo not found"), r.toString());
        assertTrue(lines.getFirst().contains("must be javac's -d"), r.toString());
        assertFalse((r.diagnostics() + r.stderr()).contains("\tat "), "no stack trace: " + r);
        Run note = javac(src, out, "store=" + store + " classes=" + dir.resolve("fail/elsewhere") + " failure=note");
        assertTrue(note.diagnostics().startsWith("Note: MMSB: not recorded"), note.toString());
    }

    @Test
    void aBuildWhoseStoreIsLockedCompilesAndSaysSoInOneLine() throws Exception {
        Path src = sources("locked", false, Snippets.DEMO);
        Path out = dir.resolve("locked/out");
        Path store = dir.resolve("locked/store");
        try (RootAllocator root = new RootAllocator();
             Store writer = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root))) {
            Run r = javac(src, out, "store=" + store + " classes=" + out);
            assertEquals(0, r.rc(), r.toString());
            List<String> lines = r.mmsbLines();
            assertEquals(1, lines.size(), r.toString());
            assertTrue(lines.getFirst().startsWith("warning: MMSB: not recorded this compilation: "), r.toString());
            assertFalse((r.diagnostics() + r.stderr()).contains("\tat "), "no stack trace: " + r);
            assertEquals(0, writer.lastEpoch());
        }
    }

    @Test
    void aSeparateJavacWithoutAnSlf4jProviderPrintsOnlyTheNote() throws Exception {
        // a javac process of its own: in this JVM the test class path (with slf4j-simple) is the
        // processor class loader's parent
        Path src = sources("quiet", false, Snippets.DEMO);
        Path out = dir.resolve("quiet/out");
        Path store = dir.resolve("quiet/store");
        assertFalse(processorPath().contains("slf4j-simple"), "no provider on the path");
        Path javac = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("javac");
        List<String> cmd = new ArrayList<>(List.of(javac.toString(), "-J--sun-misc-unsafe-memory-access=allow",
                "-J-Darrow.allocation.manager.type=Unsafe", "-d", out.toString(), "-processorpath", processorPath(),
                "-Xplugin:MMSB store=" + store + " classes=" + out, src.resolve("demo/Demo.java").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.strip().matches("Note: MMSB: recorded build-1 \\(1 unit, [0-9,]+ facts, \\+[0-9,]+ KB\\) in \\S+"), "[" + output + "]");
    }
}
