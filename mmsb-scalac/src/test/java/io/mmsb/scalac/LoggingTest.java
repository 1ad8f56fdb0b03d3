package io.mmsb.scalac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scalac in a JVM of its own (SLF4J initialises once per class loader, so not in the test's JVM,
 * which has slf4j-simple), with no SLF4J provider anywhere, the plugin on {@code -Xplugin}: a
 * recording prints nothing at all (no "No SLF4J providers were found" lines), and a failure inside
 * MMSB prints one {@code [mmsb] WARN} line while the compilation still succeeds.
 */
class LoggingTest {
    @TempDir Path tmp;

    static final String SOURCE = """
        package demo
        object Hello:
          def greet(name: String): String = "hello " + name
        """;

    @Test
    void aRecordingPrintsNoSlf4jWarning() throws Exception {
        String output = scalac("store=" + tmp.resolve("store"));
        assertEquals("", output.strip(), "scalac's output with the plugin");
        assertTrue(Files.isDirectory(tmp.resolve("store")), "recorded");
    }

    @Test
    void aFailureInsideMmsbIsOneWarningLine() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("file"), "not a store");
        String output = scalac("store=" + notADirectory);
        assertFalse(output.contains("SLF4J"), output);
        assertTrue(output.startsWith("[mmsb] WARN "), output);
    }

    /** Compiles {@link #SOURCE} with the plugin in a new JVM; returns what it printed (exit 0 asserted). */
    private String scalac(String... pluginOptions) throws Exception {
        Path src = Files.writeString(Files.createDirectories(tmp.resolve("src")).resolve("Hello.scala"), SOURCE);
        Path out = Files.createDirectories(tmp.resolve("out"));
        List<String> compiler = new ArrayList<>();
        List<String> plugin = new ArrayList<>(List.of(Scalac.pluginDir().toString()));
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (name.matches("(scala3-(compiler|interfaces|library)_?3?|scala-library|tasty-core_3|scala-asm|compiler-interface|util-interface|jline-.*)-.*\\.jar")) {
                compiler.add(e);
            } else if (!name.matches("(slf4j-simple|junit|jqwik|opentest4j|apiguardian|surefire).*") && !name.endsWith("-tests.jar")
                    && !e.endsWith("test-classes") && !e.equals(Scalac.pluginDir().toString())) {
                plugin.add(e);
            }
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Darrow.allocation.manager.type=Unsafe",
            "-cp", String.join(File.pathSeparator, compiler), "dotty.tools.dotc.Main",
            "-classpath", Scalac.standardLibrary(), "-d", out.toString(), "-color:never",
            "-Xplugin:" + String.join(File.pathSeparator, plugin)));
        for (String o : pluginOptions) cmd.add("-P:mmsb:" + o);
        cmd.add(src.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] printed = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "scalac ends");
        String output = new String(printed, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertTrue(Files.exists(out.resolve("demo/Hello.class")), "compiled");
        return output;
    }
}
