package io.mmsb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets (issue 10): default ids, help, messages for missing folders and stores. */
class NewUserTest extends CliRun {
    @TempDir
    Path tmp;


    @Test
    void recordWithoutIdNumbersTheCompilationsOfTheStoreSoTheSameBuildsGiveTheSameStore() throws Exception {
        String lib = "package p; public class Lib { public static int size(String s) { return s.length(); } }";
        List<String> hashes = new ArrayList<>();
        for (String copy : List.of("a", "b")) {
            Path store = tmp.resolve(copy + "/store");
            for (int build = 1; build <= 2; build++) {
                Path src = tmp.resolve(copy + "/src/p");
                Files.createDirectories(src);
                Files.writeString(src.resolve("Lib.java"), build == 1 ? lib : lib.replace("int size", "long size"));
                Result r = mmsb("record", "--store", store.toString(), "--", "-d", tmp.resolve(copy + "/classes").toString(),
                        "-proc:none", src.resolve("Lib.java").toString());
                assertEquals(0, r.code(), r.err());
                assertTrue(r.out().contains("recorded as compilation 'build-" + build + "'"), r.out());
                assertTrue(r.err().contains("Note: MMSB: recorded build-" + build + " (1 unit, "), r.err());
                assertEquals(build == 2, r.err().contains(" facts, 1 API member changed, +"), r.err()); // size: int -> long
            }
            Result h = mmsb("hash", "--store", store.toString());
            assertEquals(0, h.code(), h.err());
            hashes.add(h.out());
            Result changes = mmsb("changes", "--store", store.toString());
            assertEquals(0, changes.code(), changes.err());
            assertTrue(changes.out().contains("from 'build-1'") && changes.out().contains("p.Lib#size"), changes.out());
        }
        assertEquals(hashes.get(0), hashes.get(1));
        assertFalse(hashes.get(0).isBlank());
    }

    @Test
    void everyVerbHasHelpBothWaysAndEveryOptionADescription() {
        picocli.CommandLine cl = new picocli.CommandLine(Main.class);
        List<String> verbs = new ArrayList<>(cl.getSubcommands().keySet());
        assertTrue(verbs.contains("log") && verbs.size() > 10, verbs.toString());
        for (String verb : verbs) {
            Result dashHelp = mmsb(verb, "--help");
            assertEquals(0, dashHelp.code(), verb + ": " + dashHelp.err());
            assertTrue(dashHelp.out().startsWith("Usage: mmsb " + verb), verb + ": " + dashHelp.out());
            Result help = mmsb("help", verb);
            assertEquals(0, help.code(), verb + ": " + help.err());
            assertEquals(dashHelp.out(), help.out(), verb);
        }
        Cli.setUp(cl);
        for (picocli.CommandLine sub : cl.getSubcommands().values()) {
            for (picocli.CommandLine.Model.ArgSpec arg : sub.getCommandSpec().args()) {
                String d = String.join(" ", arg.description());
                assertFalse(d.isBlank(), sub.getCommandName() + " " + (arg instanceof picocli.CommandLine.Model.OptionSpec o
                        ? o.longestName() : arg.paramLabel()) + " has no description");
            }
        }
    }

    @Test
    void exportIntoAMissingFolderCreatesIt() {
        Path store = tmp.resolve("store");
        assertEquals(0, mmsb("demo", "--store", store.toString()).code());
        Path out = tmp.resolve("not/yet/there/nodes.arrow");
        Result r = mmsb("export", "--store", store.toString(), "--table", "ir_nodes", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(out));
        Path blocked = tmp.resolve("a-file");
        assertEquals(0, mmsb("export", "--store", store.toString(), "--table", "ir_nodes", "--out", blocked.toString()).code());
        Result why = mmsb("export", "--store", store.toString(), "--table", "ir_nodes", "--out", blocked.resolve("x.arrow").toString());
        assertEquals(Main.MMSB_ERROR, why.code());
        assertTrue(why.err().startsWith("mmsb export: ") && why.err().contains("cannot create the folder " + blocked)
                && why.err().strip().lines().count() == 1, why.err());
    }

    @Test
    void progressWrittenToAPipeIsWholeLines() {
        StringWriter buf = new StringWriter();
        StoreVerbs.Progress p = new StoreVerbs.Progress(new PrintWriter(buf, true), "exporting rows", 3);
        p.step(1);
        p.done();
        assertEquals("exporting rows: 3/3 done" + System.lineSeparator(), buf.toString());
    }

    @Test
    void statsOnAnEmptyFolderSaysThereIsNoStoreAndCreatesNothing() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        for (String verb : List.of("stats", "log", "verify", "hash")) {
            Result r = mmsb(verb, "--store", empty.toString());
            assertEquals(Main.USAGE, r.code(), verb + ": " + r.err());
            assertTrue(r.err().startsWith("mmsb " + verb + ": no store at "), r.err());
            try (var files = Files.list(empty)) {
                assertEquals(List.of(), files.toList(), verb + " left files behind");
            }
        }
    }

    @Test
    void theLauncherRunsTheRunnableJarOrSaysTheOneCommandThatBuildsIt() throws Exception {
        Path home = tmp.resolve("home");
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("scripts"));
        Files.copy(repo.resolve("bin/mmsb"), home.resolve("bin/mmsb"));
        Files.copy(repo.resolve("scripts/env.sh"), home.resolve("scripts/env.sh"));
        Process p = new ProcessBuilder("bash", home.resolve("bin/mmsb").toString(), "stats").start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(Main.USAGE, p.waitFor());
        assertTrue(err.matches("mmsb: not built yet; build it with: JAVA_HOME=\\S+ mvn -f \\S+/pom.xml -pl mmsb-cli -am package -DskipTests\\R"), err);
        // with only the runnable jar (what that command leaves; here a jar holding this run's class path)
        Path target = Files.createDirectories(home.resolve("mmsb-cli/target"));
        java.util.jar.Manifest mf = new java.util.jar.Manifest();
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, java.util.Arrays.stream(
                System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toUri().toString()).collect(java.util.stream.Collectors.joining(" ")));
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(target.resolve("mmsb-cli-0-all.jar")), mf)) {
            // the manifest's class path is the content
        }
        Process q = new ProcessBuilder("bash", home.resolve("bin/mmsb").toString(), "help", "stats").start();
        String out = new String(q.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String qerr = new String(q.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, q.waitFor(), qerr);
        assertTrue(out.startsWith("Usage: mmsb stats"), out + qerr);
    }
}
