package io.mmsb.bench.store;

import io.mmsb.delta.Durability;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Replay: opening a store from disk (recovery with every CRC32C verified, mapping, decoding and
 * replaying every commit) and closing it, for a log of about 150 MB (80 commits of 100k rows x
 * 5 columns, 224 MB decoded) in the page cache. Anchor: one-thread {@code MemorySegment.copy} of
 * the same number of bytes as the log. Bandwidth ratio = anchor time / replay time. A second
 * anchor, {@link #freshPagesCopy}, copies the decoded bytes into fresh off-heap memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"}) // the MMSB flags come from BenchMain
public class ReplayBench {
    static final int COMMITS = 80;
    RootAllocator root;
    Path dir;
    long logBytes;
    Arena arena;
    MemorySegment src;
    MemorySegment dst;

    @Setup(Level.Trial)
    public void write() throws IOException {
        root = new RootAllocator();
        dir = BenchSupport.tempDir("mmsb-replay");
        BenchSupport.Rows rows = new BenchSupport.Rows(100_000, 5);
        try (Store s = Store.open(dir, StoreOptions.of(BenchSupport.SCHEMA, root).withDurability(Durability.NONE))) {
            for (int i = 0; i < COMMITS; i++) {
                BenchSupport.commitAll(s, 0, rows);
            }
            s.sync();
        }
        try (Stream<Path> files = Files.list(dir)) {
            logBytes = files.mapToLong(f -> f.toFile().length()).sum();
        }
        arena = Arena.ofShared();
        src = arena.allocate(logBytes, 64);
        dst = arena.allocate(logBytes, 64);
        src.fill((byte) 7);
        System.out.println("# log bytes: " + logBytes);
    }

    @TearDown(Level.Trial)
    public void close() {
        arena.close();
        BenchSupport.delete(dir);
        root.close();
    }

    @Benchmark
    public long openAndReplay() {
        try (Store s = Store.open(dir, StoreOptions.of(BenchSupport.SCHEMA, root))) {
            return s.lastEpoch();
        }
    }

    /**
     * Second anchor, the floor of any replay that lays the state out in memory of its own: the
     * decoded state's bytes (80 x 100k rows of 4 + 8 + 8 + 4 + 4 bytes, 224 MB, one block per
     * column and commit as the store's pages) copied into freshly allocated, zero-filled
     * off-heap memory, freed at the end. On this VM the kernel's first touch of new memory
     * costs far more than the copy (docs/BENCHMARKS.md).
     */
    @Benchmark
    public long freshPagesCopy() {
        long sum = 0;
        try (Arena pages = Arena.ofShared()) {
            for (int c = 0; c < COMMITS; c++) {
                for (int width : new int[] {4, 8, 8, 4, 4}) {
                    MemorySegment page = pages.allocate(100_000L * width, 64);
                    MemorySegment.copy(src, 0, page, 0, page.byteSize());
                    sum += page.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
                }
            }
        }
        return sum;
    }

    /** Anchor: copy the same number of bytes once, one thread. */
    @Benchmark
    public MemorySegment memoryCopy() {
        MemorySegment.copy(src, 0, dst, 0, logBytes);
        return dst;
    }
}
