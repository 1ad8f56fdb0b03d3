package io.mmsb.javac;

import com.sun.source.util.JavacTask;
import io.mmsb.hooks.FactSink;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Test harness: compiles sources in-process, with the MMSB plugin started through its own entry point. */
final class Javac {
    private static final AtomicInteger STORES = new AtomicInteger();

    record Result(boolean success, String diagnostics, Path classes) {
        /** Every class file under {@link #classes}, by relative path. */
        Map<String, byte[]> classFiles() {
            Map<String, byte[]> out = new TreeMap<>();
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    out.put(classes.relativize(p).toString(), Files.readAllBytes(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }
    }

    private Javac() {}

    /** The APIs of earlier compilations into test sinks, shared by every compilation of the test run. */
    static final io.mmsb.javac.internal.ApiHistory HISTORY = new io.mmsb.javac.internal.ApiHistory();
    /** The sinks of the tests' plugins, by store name. */
    static final SinkRegistry SINKS = new SinkRegistry();

    /** Writes {@code sources} (relative path → text) under {@code dir}/src and returns the files. */
    static List<Path> write(Path dir, Map<String, String> sources) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path p = dir.resolve("src").resolve(s.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, s.getValue());
            files.add(p);
        }
        return files;
    }

    /** Compiles with the plugin writing to {@code sink} under the given store name (strict mode). */
    static Result compileInStore(List<Path> files, Path out, FactSink sink, String store) throws IOException {
        SINKS.register(store, sink);
        try {
            return run(files, out, null, List.of("-Xlint:none"), store, "store=" + store, "classes=" + out,
                    "id=test", "mode=strict");
        } finally {
            SINKS.unregister(store);
        }
    }

    /**
     * Compiles {@code files} into {@code out}; when {@code sink} is non-null the MMSB plugin is
     * initialised on the task (its own entry point) with that sink and {@code pluginArgs} added.
     */
    static Result compile(List<Path> files, Path out, FactSink sink, List<String> options, String... pluginArgs)
            throws IOException {
        return run(files, out, sink, options, null, pluginArgs);
    }

    /** As above; with {@code fixedStore} non-null the plugin is started with exactly {@code pluginArgs}. */
    private static Result run(List<Path> files, Path out, FactSink sink, List<String> options, String fixedStore,
                                  String... pluginArgs) throws IOException {
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, java.nio.charset.StandardCharsets.UTF_8)) {
            List<String> opts = new ArrayList<>(List.of("-d", out.toString(), "-proc:none"));
            opts.addAll(options);
            JavacTask task = (JavacTask) javac.getTask(diagnostics, fm, null, opts, null, fm.getJavaFileObjectsFromPaths(files));
            String store = null;
            if (fixedStore != null) {
                new MmsbPlugin(HISTORY, SINKS).init(task, pluginArgs);
            } else if (sink != null) {
                store = "test-store-" + STORES.incrementAndGet();
                SINKS.register(store, sink);
                List<String> args = new ArrayList<>(List.of("store=" + store, "classes=" + out, "id=test"));
                args.addAll(List.of(pluginArgs));
                new MmsbPlugin(HISTORY, SINKS).init(task, args.toArray(String[]::new));
            }
            try {
                boolean ok = task.call();
                return new Result(ok, diagnostics.toString(), out);
            } finally {
                if (store != null) SINKS.unregister(store);
            }
        }
    }
}
