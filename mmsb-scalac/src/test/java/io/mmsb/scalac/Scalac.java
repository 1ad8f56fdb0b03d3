package io.mmsb.scalac;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test harness: scalac 3.3.7 in-process (a new Driver, so a new ContextBase, per compilation). */
final class Scalac {
    private Scalac() {}

    /** The real libraries the build fetched: name, then the names of the libraries whose jars its class path needs. */
    static final Map<String, List<String>> LIBRARIES = Map.of(
        "sourcecode", List.of(),
        "geny", List.of(),
        "fansi", List.of("sourcecode_3"),
        "pprint", List.of("sourcecode_3", "fansi_3"));

    static Path libs() {
        return Path.of(System.getProperty("mmsb.scalaLibs", "target/scala-libs"));
    }

    static Path pluginDir() {
        return Path.of(System.getProperty("mmsb.pluginDir", "target/classes"));
    }

    /** scala3-library and scala-library, where the compiler's own copies are. */
    static String standardLibrary() {
        return jarOf(scala.Predef.class) + java.io.File.pathSeparator + jarOf(scala.Tuple.class);
    }

    private static String jarOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class path that compiles library {@code name}. */
    static String classpath(String name) {
        StringBuilder cp = new StringBuilder(standardLibrary());
        for (String dep : LIBRARIES.get(name)) {
            try (Stream<Path> s = Files.list(libs().resolve("jars"))) {
                for (Path j : s.filter(p -> p.getFileName().toString().startsWith(dep + "-")).sorted().toList()) {
                    cp.append(java.io.File.pathSeparator).append(j);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cp.toString();
    }

    static List<Path> sources(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".scala")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles; {@code pluginOptions} empty = without the plugin. Returns whether scalac reported no error. */
    static boolean compile(List<Path> sources, String classpath, Path out, String... pluginOptions) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("-classpath", classpath, "-d", out.toString(), "-color:never"));
        if (pluginOptions.length > 0) {
            args.add("-Xplugin:" + pluginDir());
            for (String o : pluginOptions) args.add("-P:mmsb:" + o);
        }
        for (Path s : sources) args.add(s.toString());
        dotty.tools.dotc.reporting.Reporter r = new dotty.tools.dotc.Driver().process(args.toArray(String[]::new));
        return !r.hasErrors();
    }

    /** Every output file (relative path -> bytes). */
    static Map<String, byte[]> outputs(Path dir) {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** The names of the files that differ (or exist on one side only). */
    static List<String> differences(Map<String, byte[]> a, Map<String, byte[]> b) {
        List<String> diff = new ArrayList<>();
        for (String k : a.keySet()) {
            if (!b.containsKey(k) || !java.util.Arrays.equals(a.get(k), b.get(k))) diff.add(k);
        }
        for (String k : b.keySet()) {
            if (!a.containsKey(k)) diff.add(k);
        }
        return diff;
    }
}
