package io.mmsb.bench.graph;

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
import java.util.Set;
import java.util.stream.Stream;

/**
 * A real class-level dependency graph: every class of the JDK's {@code java.base} module (read
 * from the running JDK's {@code jrt:} file system with {@code java.lang.classfile}), with an edge
 * {@code D -> C} for every class D that class C references in its constant pool: a change of D
 * reaches C. Deterministic: classes sorted by name.
 */
final class RealGraph {
    final List<String> names;
    final int[] from;
    final int[] to;

    private RealGraph(List<String> names, int[] from, int[] to) {
        this.names = names;
        this.from = from;
        this.to = to;
    }

    static RealGraph javaBase() {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(jrt.getPath("/modules/java.base"))) {
            files = walk.filter(p -> p.toString().endsWith(".class") && !p.toString().endsWith("module-info.class")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Set<String>> refs = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            ClassModel cm;
            try {
                cm = ClassFile.of().parse(Files.readAllBytes(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String self = cm.thisClass().asInternalName();
            names.add(self);
            Set<String> out = new LinkedHashSet<>();
            for (PoolEntry pe : cm.constantPool()) {
                if (pe instanceof ClassEntry ce && !ce.asInternalName().equals(self) && !ce.asInternalName().startsWith("[")) {
                    out.add(ce.asInternalName());
                }
            }
            refs.put(self, out);
        }
        Map<String, Integer> id = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            id.put(names.get(i), i);
        }
        List<int[]> edges = new ArrayList<>();
        for (String c : names) {
            for (String d : refs.get(c)) {
                Integer di = id.get(d);
                if (di != null) {
                    edges.add(new int[] {di, id.get(c)});
                }
            }
        }
        int[] from = new int[edges.size()];
        int[] to = new int[edges.size()];
        for (int i = 0; i < edges.size(); i++) {
            from[i] = edges.get(i)[0];
            to[i] = edges.get(i)[1];
        }
        return new RealGraph(names, from, to);
    }

    int nodes() {
        return names.size();
    }
}
