package io.mmsb.bench.store;

import io.mmsb.core.ColumnType;
import io.mmsb.core.Schema;
import io.mmsb.core.TableDef;
import io.mmsb.delta.Delta;
import io.mmsb.delta.DeltaBuilder;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/** Shared data and helpers of the store benchmarks: one table of 5 columns, rows of fixed random values. */
final class BenchSupport {
    static final TableDef NODES = TableDef.builder(1, "nodes")
        .column(1, "opcode", ColumnType.INT32)
        .column(2, "width", ColumnType.INT64)
        .column(3, "weight", ColumnType.FLOAT64)
        .column(4, "type", ColumnType.INT32)
        .column(5, "block", ColumnType.INT32)
        .build();
    static final Schema SCHEMA = Schema.of(NODES);
    static final String[] COLUMNS = {"opcode", "width", "weight", "type", "block"};

    /** Column data: rows of five values. */
    static final class Rows {
        final int[] opcode;
        final long[] width;
        final double[] weight;
        final int[] type;
        final int[] block;

        Rows(int n, long seed) {
            Random rnd = new Random(seed);
            opcode = new int[n];
            width = new long[n];
            weight = new double[n];
            type = new int[n];
            block = new int[n];
            for (int i = 0; i < n; i++) {
                opcode[i] = rnd.nextInt(200);
                width[i] = rnd.nextLong();
                weight[i] = rnd.nextDouble();
                type[i] = rnd.nextInt(5000);
                block[i] = i / 16;
            }
        }

        int size() {
            return opcode.length;
        }
    }

    private BenchSupport() {}

    /** Writes rows {@code [start, start + rows.size())} of every column as one delta and commits it. */
    static long commitAll(Store store, int start, Rows rows) {
        try (DeltaBuilder b = store.newDelta("nodes", start, start + rows.size(), COLUMNS)) {
            b.ints("opcode", rows.opcode).longs("width", rows.width).doubles("weight", rows.weight).ints("type", rows.type).ints("block", rows.block);
            try (Delta d = b.build()) {
                return store.commit(d);
            }
        }
    }

    /** Patches rows {@code [start, start + values.length)} of one int column. */
    static long patchInts(Store store, String column, int start, int[] values) {
        try (DeltaBuilder b = store.newDelta("nodes", start, start + values.length, column)) {
            b.ints(column, values);
            try (Delta d = b.build()) {
                return store.commit(d);
            }
        }
    }

    /** Sums an INT32 column through its page runs (the fast scan path). */
    static long sumInts(StateView view, String column) {
        long sum = 0;
        for (StateView.Run run : view.runs("nodes", column)) {
            MemorySegment data = run.data();
            long n = data.byteSize() / 4;
            for (long i = 0; i < n; i++) {
                sum += data.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
            }
        }
        return sum;
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
