package io.mmsb.javac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.hooks.Epoch;
import io.mmsb.hooks.Fact;
import io.mmsb.hooks.FactSink;
import io.mmsb.hooks.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Non-interference on a real library: commons-lang3's sources (fetched from Maven Central by the
 * build at generate-test-resources) compiled with and without the plugin give byte-identical
 * class files, every one of them.
 */
class NonInterferenceTest {
    @TempDir
    Path dir;

    /** Counts facts per stage without keeping them. */
    static final class CountingSink implements FactSink {
        final Map<Stage, Long> counts = new EnumMap<>(Stage.class);
        final java.security.MessageDigest digest;
        boolean ended;

        CountingSink() throws java.security.NoSuchAlgorithmException {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        }

        /** SHA-256 over the whole fact sequence (epochs and facts, in arrival order). */
        String sequenceHash() {
            return java.util.HexFormat.of().formatHex(digest.digest());
        }

        @Override public void begin(String c) {}
        @Override public void epoch(Epoch e, List<Fact> facts) {
            counts.merge(e.stage(), (long) facts.size(), Long::sum);
            digest.update(e.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (Fact f : facts) digest.update(f.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        @Override public void end(String c) { ended = true; }
        @Override public void abort(String c, String r) {}
    }

    private List<Path> unpackSources() throws IOException {
        Path libDir = Path.of(System.getProperty("mmsb.realLibraryDir", "target/real-library"));
        Path jar;
        try (var s = Files.list(libDir)) {
            jar = s.filter(p -> p.toString().endsWith("-sources.jar")).findFirst().orElseThrow();
        }
        List<Path> files = new ArrayList<>();
        Path src = dir.resolve("src");
        try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.isDirectory() || !e.getName().endsWith(".java") || e.getName().endsWith("module-info.java")) continue;
                Path p = src.resolve(e.getName()).normalize();
                if (!p.startsWith(src)) continue;
                Files.createDirectories(p.getParent());
                Files.copy(zip, p);
                files.add(p);
            }
        }
        files.sort(null);
        return files;
    }

    @Test
    void realLibraryClassFilesAreByteIdenticalWithAndWithoutThePlugin() throws Exception {
        List<Path> files = unpackSources();
        assertTrue(files.size() > 100, "a real library: " + files.size() + " files");
        List<String> options = List.of("-nowarn", "-Xlint:none", "-encoding", "UTF-8");
        long t0 = System.nanoTime();
        Javac.Result plain = Javac.compile(files, dir.resolve("plain"), null, options);
        long t1 = System.nanoTime();
        CountingSink sink = new CountingSink();
        // strict: any misuse of the hooks by the adapter on real code stops recording and fails below
        Javac.Result with = Javac.compile(files, dir.resolve("with"), sink, options, "mode=strict");
        long t2 = System.nanoTime();
        Javac.Result warm = Javac.compile(files, dir.resolve("plain-again"), null, options);
        long t3 = System.nanoTime();
        JavacPluginTest.assertSameClassFiles(plain.classFiles(), warm.classFiles());
        assertTrue(plain.success(), plain.diagnostics());
        assertTrue(with.success(), with.diagnostics());
        Map<String, byte[]> a = plain.classFiles();
        Map<String, byte[]> b = with.classFiles();
        JavacPluginTest.assertSameClassFiles(a, b);
        assertTrue(sink.ended, "the plugin recorded the whole compilation");
        for (Stage s : List.of(Stage.PARSE, Stage.ATTRIBUTION, Stage.LOWERING)) {
            assertTrue(sink.counts.getOrDefault(s, 0L) > 10_000, s + ": " + sink.counts);
        }
        // the deployment path: -Xplugin with the plugin found on the processor path (its own class loader)
        Path xplugin = dir.resolve("xplugin");
        Files.createDirectories(xplugin);
        List<String> args = new ArrayList<>(List.of("-d", xplugin.toString(), "-proc:none", "-processorpath",
                JavacPluginTest.pluginProcessorPath(), "-Xplugin:MMSB store=none classes=" + xplugin));
        args.addAll(options);
        files.forEach(f -> args.add(f.toString()));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, err, args.toArray(String[]::new)),
                err.toString());
        JavacPluginTest.assertSameClassFiles(a, new Javac.Result(true, "", xplugin).classFiles());
        CountingSink again = new CountingSink();
        assertTrue(Javac.compile(files, dir.resolve("with-again"), again, options, "mode=strict").success());
        assertEquals(sink.counts, again.counts);
        assertEquals(sink.sequenceHash(), again.sequenceHash(), "same compilation twice, same fact sequence");
        System.out.printf("non-interference: %d sources, %d class files identical; facts %s;"
                        + " javac (cold) %.1f s, with MMSB %.1f s, javac again (warm) %.1f s%n",
                files.size(), a.size(), sink.counts, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        assertEquals(a.size(), b.size());
    }
}
