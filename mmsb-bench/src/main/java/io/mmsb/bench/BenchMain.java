package io.mmsb.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks' entry point, the main class of {@code benchmarks.jar}: JMH's own command line
 * ({@code org.openjdk.jmh.Main}) with the JVM flags every MMSB process needs prepended to every
 * fork's options ({@code -jvmArgsPrepend}). The flags have one source, the property
 * {@code mmsb.jvm.flags} of the parent pom, filtered into the resource {@code jvm.flags} at build,
 * so the {@code @Fork} annotations give only what differs per benchmark (the heap). A command line
 * that gives {@code -jvmArgsPrepend} itself is passed through unchanged.
 *
 * <p>Thread rules: called once, on the main thread. Ownership: none.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        List<String> all = new ArrayList<>();
        if (!List.of(args).contains("-jvmArgsPrepend")) {
            all.add("-jvmArgsPrepend");
            all.add(flags());
        }
        all.addAll(List.of(args));
        org.openjdk.jmh.Main.main(all.toArray(String[]::new));
    }

    /** The flags, space-separated, as the build wrote them. */
    static String flags() {
        try (InputStream in = BenchMain.class.getResourceAsStream("jvm.flags")) {
            if (in == null) {
                throw new IllegalStateException("resource io/mmsb/bench/jvm.flags is missing: build mmsb-bench with Maven");
            }
            String flags = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (flags.contains("${")) {
                throw new IllegalStateException("resource io/mmsb/bench/jvm.flags was not filtered: " + flags);
            }
            return flags;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
