package io.mmsb.bench.propagation;

import io.mmsb.propagation.CausePropagation;
import io.mmsb.propagation.DependencyGraph;
import io.mmsb.propagation.KernelPath;
import io.mmsb.propagation.PropagationResult;
import io.mmsb.propagation.Propagator;
import io.mmsb.propagation.Semirings;
import java.util.Arrays;
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
 * Wide cause-set propagation (the causes of {@code mmsb impact}): 256 or 1024 causes, each seeded
 * at one class, propagated in one pass over the class dependency graph of a real library
 * (java.base, read from {@code jrt:/}), with the Vector API row kernels against the scalar ones
 * (the anchor: same algorithm, same result); and two anchors from the existing propagator: one
 * breadth-first (tropical) pass per cause, which gives the same hops, and 64-source bit-parallel
 * passes, which give reachability only. Thread rules: JMH state, one thread. Ownership:
 * allocates in setup, frees in teardown.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"}) // the MMSB flags come from BenchMain
public class CauseBench {
    @Param({"256", "1024"})
    public int causes;

    RootAllocator root;
    DependencyGraph graph;
    int[] seedNodes;
    int[] seedCauses;
    Propagator propagator;

    @Setup(Level.Trial)
    public void setup() {
        Graphs.Edges e = Graphs.javaBase();
        root = new RootAllocator();
        graph = DependencyGraph.fromEdges(root, e.n(), e.src(), e.dst());
        seedNodes = Graphs.sources(e.n(), causes, 7);
        seedCauses = new int[seedNodes.length];
        for (int i = 0; i < seedCauses.length; i++) {
            seedCauses[i] = i;
        }
        propagator = Propagator.over(graph, root);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        propagator.close();
        graph.close();
        root.close();
    }

    private long run(KernelPath path) {
        try (CausePropagation p = CausePropagation.run(graph, root, causes, seedNodes, seedCauses, path)) {
            return p.levels();
        }
    }

    @Benchmark
    public long vectorRows() {
        return run(KernelPath.VECTOR);
    }

    @Benchmark
    public long scalarRows() {
        return run(KernelPath.SCALAR);
    }

    @Benchmark
    public long tropicalPassPerCause() {
        long pairs = 0;
        for (int s : seedNodes) {
            try (PropagationResult r = propagator.propagate(Semirings.TROPICAL, new int[] {s})) {
                pairs += r.size();
            }
        }
        return pairs;
    }

    @Benchmark
    public long bitParallel64PerPass() {
        long pairs = 0;
        for (int from = 0; from < seedNodes.length; from += 64) {
            try (PropagationResult r = propagator.reachFromSources(Arrays.copyOfRange(seedNodes, from, Math.min(seedNodes.length, from + 64)))) {
                pairs += r.bitCount();
            }
        }
        return pairs;
    }
}
