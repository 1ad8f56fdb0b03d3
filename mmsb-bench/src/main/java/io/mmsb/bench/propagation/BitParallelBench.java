package io.mmsb.bench.propagation;

import io.mmsb.propagation.DependencyGraph;
import io.mmsb.propagation.PropagationResult;
import io.mmsb.propagation.Propagator;
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
 * Reachability from 64 sources: one bit-parallel pass (64 sources in one long per node) against
 * 64 separate BFS runs of the same propagator, on the java.base class graph and a random graph.
 * Thread rules: JMH state, one thread. Ownership: allocates in setup, frees in teardown.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"}) // the MMSB flags come from BenchMain
public class BitParallelBench {
    @Param({"javaBase", "random100k"})
    public String graphName;

    RootAllocator root;
    DependencyGraph graph;
    Propagator propagator;
    int[] sources;

    @Setup(Level.Trial)
    public void setup() {
        Graphs.Edges e = graphName.equals("javaBase") ? Graphs.javaBase() : Graphs.random(100_000, 300_000, 5);
        root = new RootAllocator();
        graph = DependencyGraph.fromEdges(root, e.n(), e.src(), e.dst());
        propagator = Propagator.over(graph, root);
        sources = Graphs.sources(e.n(), 64, 6);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        propagator.close();
        graph.close();
        root.close();
    }

    @Benchmark
    public long bitParallel64Sources() {
        try (PropagationResult r = propagator.reachFromSources(sources)) {
            return r.bitCount();
        }
    }

    @Benchmark
    public long separateBfs64Sources() {
        long pairs = 0;
        for (int s : sources) {
            try (PropagationResult r = propagator.affected(s)) {
                pairs += r.size();
            }
        }
        return pairs;
    }
}
