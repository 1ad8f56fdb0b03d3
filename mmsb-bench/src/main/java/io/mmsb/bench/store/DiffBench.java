package io.mmsb.bench.store;

import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Diff of two epochs of a 100k rows x 5 columns table where 1% of the rows changed between them
 * (10 rectangles of 100 rows in 3 of the columns, spread over the table). MMSB: {@code
 * store.diff(1, 11)}. Anchor: materialise both versions (every cell of both states copied into
 * arrays) and compare them row by row, as a tool without deltas would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"}) // the MMSB flags come from BenchMain
public class DiffBench {
    static final int ROWS = 100_000;
    RootAllocator root;
    Store store;
    long from;
    long to;

    @Setup(Level.Trial)
    public void build() {
        root = new RootAllocator();
        store = Store.inMemory(StoreOptions.of(BenchSupport.SCHEMA, root));
        from = BenchSupport.commitAll(store, 0, new BenchSupport.Rows(ROWS, 3));
        Random rnd = new Random(4);
        for (int i = 0; i < 10; i++) {
            int start = i * (ROWS / 10) + rnd.nextInt(ROWS / 10 - 100);
            int[] values = new int[100];
            for (int r = 0; r < 100; r++) {
                values[r] = 1000 + rnd.nextInt(100);
            }
            to = BenchSupport.patchInts(store, new String[] {"opcode", "type", "block"}[i % 3], start, values);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
        root.close();
    }

    @Benchmark
    public int mmsbDiff() {
        return store.diff(from, to).size();
    }

    /** Anchor: copy both versions out in full, then compare every cell. */
    @Benchmark
    public int materializeAndCompare() {
        Materialized a = new Materialized(store.stateAt(from));
        Materialized b = new Materialized(store.stateAt(to));
        int changedRows = 0;
        for (int r = 0; r < ROWS; r++) {
            if (a.opcode[r] != b.opcode[r] || a.width[r] != b.width[r] || Double.compare(a.weight[r], b.weight[r]) != 0
                || a.type[r] != b.type[r] || a.block[r] != b.block[r]) {
                changedRows++;
            }
        }
        return changedRows;
    }

    /** Every cell of one state, copied out. */
    static final class Materialized {
        final int[] opcode = new int[ROWS];
        final long[] width = new long[ROWS];
        final double[] weight = new double[ROWS];
        final int[] type = new int[ROWS];
        final int[] block = new int[ROWS];

        Materialized(StateView v) {
            copyInts(v, "opcode", opcode);
            copyInts(v, "type", type);
            copyInts(v, "block", block);
            for (StateView.Run run : v.runs("nodes", "width")) {
                MemorySegment.copy(run.data(), ValueLayout.JAVA_LONG_UNALIGNED, 0, width, run.fromRow(), run.rows());
            }
            for (StateView.Run run : v.runs("nodes", "weight")) {
                MemorySegment.copy(run.data(), ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, weight, run.fromRow(), run.rows());
            }
        }

        private static void copyInts(StateView v, String column, int[] out) {
            for (StateView.Run run : v.runs("nodes", column)) {
                MemorySegment.copy(run.data(), ValueLayout.JAVA_INT_UNALIGNED, 0, out, run.fromRow(), run.rows());
            }
        }
    }
}
