package io.mmsb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one runner of the CLI tests: runs {@code mmsb} in-process ({@link Main#run}) and keeps its
 * exit code, stdout and stderr; and the small javac code base several tests record. CLI test
 * classes extend it (so {@code CliTest.mmsb} and {@code CliTest.Result} still name these).
 * Stateless; thread rules: each call owns its writers.
 */
abstract class CliRun {
    /** What one run of the command left: exit code, stdout, stderr. */
    record Result(int code, String out, String err) {
    }

    static Result mmsb(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /** An Arrow IPC file read back: its schema and every row, dictionary-encoded strings decoded. */
    record ArrowFile(org.apache.arrow.vector.types.pojo.Schema schema, java.util.List<java.util.Map<String, Object>> rows) {
        java.util.List<Object> column(String name) {
            return rows.stream().map(r -> r.get(name)).toList();
        }
    }

    /** Reads an Arrow IPC file with Arrow's own reader (a fresh allocator, checked for leaks). */
    static ArrowFile readArrow(Path file) throws java.io.IOException {
        java.util.List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
        org.apache.arrow.vector.types.pojo.Schema schema;
        try (org.apache.arrow.memory.RootAllocator alloc = new org.apache.arrow.memory.RootAllocator();
             java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file);
             org.apache.arrow.vector.ipc.ArrowFileReader reader = new org.apache.arrow.vector.ipc.ArrowFileReader(ch, alloc)) {
            org.apache.arrow.vector.VectorSchemaRoot root = reader.getVectorSchemaRoot();
            schema = root.getSchema();
            while (reader.loadNextBatch()) {
                for (int i = 0; i < root.getRowCount(); i++) {
                    java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
                    for (org.apache.arrow.vector.FieldVector v : root.getFieldVectors()) {
                        Object cell = v.getObject(i);
                        org.apache.arrow.vector.types.pojo.DictionaryEncoding enc = v.getField().getDictionary();
                        if (enc != null) {
                            cell = reader.getDictionaryVectors().get(enc.getId()).getVector().getObject((Integer) cell);
                        }
                        row.put(v.getName(), cell instanceof org.apache.arrow.vector.util.Text t ? t.toString()
                                : cell instanceof java.util.List<?> l ? java.util.List.copyOf(l) : cell);
                    }
                    rows.add(row);
                }
            }
        }
        return new ArrowFile(schema, rows);
    }

    static final String LIB = """
            package p;
            public class Lib {
                public static int size(String s) { return s.length(); }
                public static int one() { return 1; }
            }
            """;
    static final String USE = """
            package p;
            class Use {
                int n = Lib.size("abc");
                int m = Lib.one();
                int k() { return Lib.size("x") + Lib.size("y"); }
            }
            """;

    /**
     * Records two compilations of {@code p.Lib} and {@code p.Use} into {@code store} with the default
     * ids build-1 and build-2: in the second, {@code Lib.size} returns long, its callers follow, and
     * {@code Lib} gains {@code addedInV2} (Java members, "" for none).
     */
    static void recordLibAndUse(Path tmp, Path store, String addedInV2) throws java.io.IOException {
        for (int v = 1; v <= 2; v++) {
            Path src = Files.createDirectories(tmp.resolve("v" + v + "/p"));
            Files.writeString(src.resolve("Lib.java"), v == 1 ? LIB
                    : LIB.replace("static int size", "static long size").replace("\n}\n", "\n" + addedInV2 + "}\n"));
            Files.writeString(src.resolve("Use.java"), v == 1 ? USE : USE.replace("int n =", "long n =")
                    .replace("return Lib.size(\"x\") + Lib.size(\"y\")", "return (int) (Lib.size(\"x\") + Lib.size(\"y\"))"));
            Result r = mmsb("record", "--store", store.toString(), "--", "-d", tmp.resolve("v" + v + "/classes").toString(),
                    "-proc:none", src.resolve("Lib.java").toString(), src.resolve("Use.java").toString());
            assertEquals(0, r.code(), r.err());
        }
    }
}
