package io.mmsb.bench.store;

import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full scan of a 100k-row column as of epoch N, in a store of 100,001 epochs where each epoch
 * after the first patches 1% of the rows (one contiguous 1000-row rectangle at a random offset)
 * of the scanned column. Measured: {@code stateAt(N)} (nearest keyframe plus replay of at most
 * 31 commits with the default keyframe interval) plus the scan. Anchor: the scan of the latest state (its view is cached by the
 * store, so the anchor is the scan alone).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"}) // the MMSB flags come from BenchMain
public class ScanAtEpochBench {
    static final int ROWS = 100_000;
    static final int EPOCHS = 100_000;

    @Param({"1", "1000", "100000"})
    long epoch;

    RootAllocator root;
    Store store;

    @Setup(Level.Trial)
    public void build() {
        root = new RootAllocator();
        store = Store.inMemory(StoreOptions.of(BenchSupport.SCHEMA, root));
        BenchSupport.commitAll(store, 0, new BenchSupport.Rows(ROWS, 1));
        Random rnd = new Random(2);
        int[] patch = new int[ROWS / 100];
        for (int e = 0; e < EPOCHS; e++) {
            for (int i = 0; i < patch.length; i++) {
                patch[i] = rnd.nextInt(200);
            }
            BenchSupport.patchInts(store, "opcode", rnd.nextInt(ROWS - patch.length), patch);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
        root.close();
    }

    /** stateAt(N) plus a full scan (sum) of the patched column. */
    @Benchmark
    public long scanAtEpoch() {
        return BenchSupport.sumInts(store.stateAt(epoch), "opcode");
    }

    /** Anchor: the same scan of the latest state. */
    @Benchmark
    public long scanLatest() {
        return BenchSupport.sumInts(store.latest(), "opcode");
    }
}
