package io.mmsb.bench.store;

import io.mmsb.delta.Durability;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Durable commit latency (sample mode: read the p0.50 line): a commit of 64 rows x 5 columns with
 * Durability.SYNC_EACH_COMMIT, against the anchor of a raw {@code FileChannel.write} plus
 * {@code force(false)} of the same number of bytes as the commit's log record, on the same file
 * system.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"}) // the MMSB flags come from BenchMain
public class DurableCommitBench {
    RootAllocator root;
    Path dir;
    Store store;
    BenchSupport.Rows rows;
    FileChannel raw;
    ByteBuffer record;

    @Setup(Level.Iteration)
    public void open() throws IOException {
        root = new RootAllocator();
        dir = BenchSupport.tempDir("mmsb-durable");
        rows = new BenchSupport.Rows(64, 6);
        store = Store.open(dir.resolve("store"), StoreOptions.of(BenchSupport.SCHEMA, root).withDurability(Durability.SYNC_EACH_COMMIT));
        BenchSupport.commitAll(store, 0, rows);
        long before = logBytes();
        BenchSupport.commitAll(store, 0, rows);
        record = ByteBuffer.allocateDirect((int) (logBytes() - before));
        raw = FileChannel.open(dir.resolve("raw.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private long logBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("store"))) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        store.close();
        raw.close();
        BenchSupport.delete(dir);
        root.close();
    }

    @Benchmark
    public long mmsbDurableCommit() {
        return BenchSupport.commitAll(store, 0, rows);
    }

    /** Anchor: append the same number of bytes and force them. */
    @Benchmark
    public int rawWriteForce() throws IOException {
        record.clear();
        int n = raw.write(record);
        raw.force(false);
        return n;
    }
}
