package io.mmsb.scalac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import io.mmsb.recorder.FactTables;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scala-maven-plugin example ({@code src/it/scala-maven-example}) built by Maven as this build
 * runs it (same Maven, same local repository, offline when this build is), once without MMSB and
 * once with {@code -Dmmsb.plugin} (the plugin as a class path: this module's classes and their
 * dependencies): both builds succeed, the class and TASTy files are byte-identical, and the store
 * holds the compilation's two units after every observed phase group.
 */
class ScalaMavenExampleTest {
    @TempDir Path tmp;

    @Test
    void theExampleBuildsWithTheMmsbPluginAndRecords() throws Exception {
        Path example = Path.of(System.getProperty("mmsb.example", "src/it/scala-maven-example"));
        Path plain = copy(example, tmp.resolve("plain"));
        Path recorded = copy(example, tmp.resolve("recorded"));
        Path store = tmp.resolve("store");

        maven(plain);
        maven(recorded, "-Dmmsb.plugin=" + pluginClassPath(), "-Dmmsb.store=" + store, "-Dmmsb.id=maven-example");

        Map<String, byte[]> a = Scalac.outputs(plain.resolve("target/classes"));
        Map<String, byte[]> b = Scalac.outputs(recorded.resolve("target/classes"));
        assertTrue(a.containsKey("demo/Shapes$.class") && a.containsKey("demo/Shapes.tasty"), "compiled: " + a.keySet());
        assertEquals(List.of(), Scalac.differences(a, b), "files that differ with the plugin");

        try (RootAllocator root = new RootAllocator();
             Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root).withReadOnly(true))) {
            StateView v = s.latest();
            assertEquals(2, v.rowCount("units"), "Main.scala and Shapes.scala");
            assertEquals(1, v.rowCount("compilations"));
            assertEquals("maven-example", v.column("compilations", "key").getSymbol(0));
            assertTrue(s.lastEpoch() >= 2 * 22, "each unit after every observed phase group: " + s.lastEpoch());
        }
    }

    /** This module's classes first (they hold plugin.properties), then their dependencies; no test or logging jars. */
    static String pluginClassPath() {
        List<String> cp = new ArrayList<>(List.of(Scalac.pluginDir().toString()));
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            boolean module = e.matches(".*[/\\\\]mmsb-(hooks-api|recorder|delta|core|javac)[/\\\\]target[/\\\\]classes"); // a reactor build
            if (module || name.matches("(mmsb-(hooks-api|recorder|delta|core|javac)|slf4j-api|arrow-memory-(core|unsafe)|agrona|jctools-core|aircompressor-v3)-.*\\.jar")
                    && !name.endsWith("-tests.jar")) {
                cp.add(e);
            }
        }
        return String.join(File.pathSeparator, cp);
    }

    private static void maven(Path project, String... properties) throws Exception {
        String home = System.getProperty("mmsb.mavenHome", "");
        String mvn = home.isEmpty() ? "mvn" : Path.of(home, "bin", "mvn").toString();
        List<String> cmd = new ArrayList<>(List.of(mvn, "-B", "-ntp", "-q", "compile"));
        if (System.getProperty("mmsb.mavenOffline", "").equals("offline=true")) cmd.add("-o"); // (a string: Maven hands over a Boolean otherwise)
        String repo = System.getProperty("mmsb.mavenRepo", "");
        if (!repo.isEmpty()) cmd.add("-Dmaven.repo.local=" + repo);
        cmd.addAll(List.of(properties));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        byte[] printed = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "Maven ends");
        String output = new String(printed, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "mvn " + String.join(" ", cmd) + " in " + project + ":\n" + output);
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return to;
    }
}
