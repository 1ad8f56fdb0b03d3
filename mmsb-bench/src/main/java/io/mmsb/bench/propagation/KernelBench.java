package io.mmsb.bench.propagation;

import io.mmsb.propagation.DenseColumn;
import io.mmsb.propagation.DependencyGraph;
import io.mmsb.propagation.KernelPath;
import io.mmsb.propagation.PropagationResult;
import io.mmsb.propagation.Propagator;
import io.mmsb.propagation.Semirings;
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
 * Vector API kernels against the scalar path on the same data, in one run: min-plus and
 * saturating-counting combine over dense off-heap columns (one value per node of the graph),
 * reductions, and the graph traversal itself (gather-bound: it does not use the dense kernels,
 * so both paths run the same scalar code; it is there to show that).
 * Thread rules: JMH state, one thread. Ownership: allocates in setup, frees in teardown.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"}) // the MMSB flags come from BenchMain
public class KernelBench {
    /** Column length: 2^16 (fits in L2: compute-bound) and 2^20 (8 MiB a column: memory-bound). */
    @Param({"65536", "1048576"})
    public int n;

    RootAllocator root;
    DenseColumn vDst, vSrc, sDst, sSrc, vCount, vCountSrc, sCount, sCountSrc;
    DependencyGraph graph;
    Propagator vectorProp, scalarProp;
    int[] seeds;

    @Setup(Level.Trial)
    public void setup() {
        root = new RootAllocator();
        vDst = column(KernelPath.VECTOR, Semirings.TROPICAL, 1);
        vSrc = column(KernelPath.VECTOR, Semirings.TROPICAL, 2);
        sDst = column(KernelPath.SCALAR, Semirings.TROPICAL, 1);
        sSrc = column(KernelPath.SCALAR, Semirings.TROPICAL, 2);
        vCount = column(KernelPath.VECTOR, Semirings.COUNTING, 3);
        vCountSrc = column(KernelPath.VECTOR, Semirings.COUNTING, 4);
        sCount = column(KernelPath.SCALAR, Semirings.COUNTING, 3);
        sCountSrc = column(KernelPath.SCALAR, Semirings.COUNTING, 4);
        Graphs.Edges e = Graphs.random(n, 3 * n, 11);
        graph = DependencyGraph.fromEdges(root, e.n(), e.src(), e.dst());
        vectorProp = Propagator.over(graph, root, KernelPath.VECTOR);
        scalarProp = Propagator.over(graph, root, KernelPath.SCALAR);
        seeds = Graphs.sources(n, 4, 12);
    }

    private DenseColumn column(KernelPath path, Semirings s, long seed) {
        DenseColumn c = DenseColumn.filled(root, s, n, path);
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            c.set(i, r.nextInt(16) == 0 ? s.zeroLong() : r.nextInt(1_000_000));
        }
        return c;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (DenseColumn c : new DenseColumn[] {vDst, vSrc, sDst, sSrc, vCount, vCountSrc, sCount, sCountSrc}) {
            c.close();
        }
        vectorProp.close();
        scalarProp.close();
        graph.close();
        root.close();
    }

    @Benchmark
    public Object minPlusCombineVector() {
        return vDst.combine(vSrc, 3);
    }

    @Benchmark
    public Object minPlusCombineScalar() {
        return sDst.combine(sSrc, 3);
    }

    @Benchmark
    public Object countingCombineVector() {
        return vCount.combine(vCountSrc, 1);
    }

    @Benchmark
    public Object countingCombineScalar() {
        return sCount.combine(sCountSrc, 1);
    }

    @Benchmark
    public long countAffectedVector() {
        return vSrc.countAffected();
    }

    @Benchmark
    public long countAffectedScalar() {
        return sSrc.countAffected();
    }

    @Benchmark
    public long popcountVector() {
        return vSrc.bitCount();
    }

    @Benchmark
    public long popcountScalar() {
        return sSrc.bitCount();
    }

    @Benchmark
    public int tropicalTraversalVectorProvider() {
        try (PropagationResult r = vectorProp.propagate(Semirings.TROPICAL, seeds)) {
            return r.size();
        }
    }

    @Benchmark
    public int tropicalTraversalScalarProvider() {
        try (PropagationResult r = scalarProp.propagate(Semirings.TROPICAL, seeds)) {
            return r.size();
        }
    }
}
