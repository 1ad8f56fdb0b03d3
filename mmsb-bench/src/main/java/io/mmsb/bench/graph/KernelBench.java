package io.mmsb.bench.graph;

import io.mmsb.propagation.LongSemiring;
import io.mmsb.propagation.internal.Kernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * The combine kernel ({@code dst = dst ⊕ src} plus the change flag) over one off-heap value
 * column of 7,400 nodes (the java.base graph's node count, 59 KB: cache-resident, as a
 * fixpoint round over such a graph is), 64 passes per op: Vector API path against the scalar
 * path, per operator. Each op first copies a fresh dst (the same copy on both paths), so every
 * pass does the same work. On AVX2 (this machine) OR is native; 64-bit MIN and MAX have no AVX2
 * instruction and are emulated with compare and blend. (A 7.6 MB working set made both paths
 * memory-bound at about 1.0x.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx1g"})
public class KernelBench {
    static final int N = 7400;
    static final int PASSES = 64;

    @Param({"OR", "MIN", "MAX"})
    LongSemiring.Combine op;

    Arena arena;
    MemorySegment dst;
    MemorySegment src;
    MemorySegment fresh;

    @Setup(Level.Trial)
    public void columns() {
        arena = Arena.ofShared();
        dst = arena.allocate(ValueLayout.JAVA_LONG, N);
        src = arena.allocate(ValueLayout.JAVA_LONG, N);
        fresh = arena.allocate(ValueLayout.JAVA_LONG, N);
        Random rnd = new Random(3);
        for (long i = 0; i < N; i++) {
            src.setAtIndex(ValueLayout.JAVA_LONG, i, rnd.nextInt(1000));
            fresh.setAtIndex(ValueLayout.JAVA_LONG, i, rnd.nextInt(1000));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        arena.close();
    }

    private boolean run(Kernels k) {
        boolean changed = false;
        for (int pass = 0; pass < PASSES; pass++) {
            MemorySegment.copy(fresh, 0, dst, 0, N * 8L);
            changed |= k.combine(op, dst, src, N);
        }
        return changed;
    }

    @Benchmark
    public boolean vector() {
        return run(Kernels.vector());
    }

    @Benchmark
    public boolean scalar() {
        return run(Kernels.scalar());
    }
}
