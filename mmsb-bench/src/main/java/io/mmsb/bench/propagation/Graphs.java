package io.mmsb.bench.propagation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Benchmark inputs as plain edge lists: a seeded random graph and a real class-level dependency
 * graph of the JDK's {@code java.base} (read from {@code jrt:/} with {@code java.lang.classfile}).
 * An edge {@code B -> A} means class A references class B, so a change of B reaches A.
 * Thread rules: immutable records. Ownership: none.
 */
public final class Graphs {
    private Graphs() {}

    /** Nodes {@code [0, n)} and edges {@code src[i] -> dst[i]}, with optional names. */
    public record Edges(int n, int[] src, int[] dst, List<String> names) {}

    /** {@code n} nodes, {@code m} edges with uniform random endpoints (seeded). */
    public static Edges random(int n, int m, long seed) {
        Random r = new Random(seed);
        int[] s = new int[m];
        int[] d = new int[m];
        for (int i = 0; i < m; i++) {
            s[i] = r.nextInt(n);
            d[i] = r.nextInt(n);
        }
        return new Edges(n, s, d, List.of());
    }

    /** Class-level dependency graph of {@code java.base}: one node per class, deduplicated edges in file order. */
    public static Edges javaBase() {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        Path root = jrt.getPath("/modules/java.base");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".class") && !p.endsWith("module-info.class")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> ids = new HashMap<>();
        List<String> names = new ArrayList<>();
        List<ClassModel> models = new ArrayList<>();
        for (Path p : files) {
            try {
                ClassModel m = ClassFile.of().parse(Files.readAllBytes(p));
                ids.put(m.thisClass().asInternalName(), names.size());
                names.add(m.thisClass().asInternalName());
                models.add(m);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<int[]> edges = new ArrayList<>();
        for (int a = 0; a < models.size(); a++) {
            Set<Integer> refs = new LinkedHashSet<>();
            for (PoolEntry entry : models.get(a).constantPool()) {
                if (entry instanceof ClassEntry c) {
                    Integer b = ids.get(c.asInternalName());
                    if (b != null && b != a) {
                        refs.add(b);
                    }
                }
            }
            for (int b : refs) {
                edges.add(new int[] {b, a});
            }
        }
        int[] s = new int[edges.size()];
        int[] d = new int[edges.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = edges.get(i)[0];
            d[i] = edges.get(i)[1];
        }
        return new Edges(names.size(), s, d, names);
    }

    /** {@code k} distinct node ids chosen with a seed. */
    public static int[] sources(int n, int k, long seed) {
        Random r = new Random(seed);
        return r.ints(0, n).distinct().limit(Math.min(k, n)).toArray();
    }
}
