package io.mmsb.bench.propagation;

import io.mmsb.propagation.DependencyGraph;
import io.mmsb.propagation.PropagationResult;
import io.mmsb.propagation.Propagator;
import io.mmsb.propagation.Semirings;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.jgrapht.Graph;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.builder.GraphTypeBuilder;
import org.jgrapht.traverse.BreadthFirstIterator;
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
 * MMSB propagation against JGraphT on the real class-level dependency graph of java.base:
 * reachability (what a change of a few classes affects) and single-source shortest dependency
 * distances. JGraphT runs on its default directed graph (jgrapht-core only; the CSR
 * {@code SparseIntDirectedGraph} lives in jgrapht-opt, which is not a dependency).
 * Thread rules: JMH state, one thread. Ownership: allocates in setup, frees in teardown.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"}) // the MMSB flags come from BenchMain
public class JGraphTBench {
    RootAllocator root;
    DependencyGraph graph;
    Propagator propagator;
    Graph<Integer, DefaultEdge> standard;
    int source;

    @Setup(Level.Trial)
    public void setup() {
        Graphs.Edges e = Graphs.javaBase();
        root = new RootAllocator();
        graph = DependencyGraph.fromEdges(root, e.n(), e.src(), e.dst());
        propagator = Propagator.over(graph, root);
        standard = GraphTypeBuilder.<Integer, DefaultEdge>directed().allowingMultipleEdges(false).allowingSelfLoops(true)
                .edgeClass(DefaultEdge.class).buildGraph();
        for (int v = 0; v < e.n(); v++) {
            standard.addVertex(v);
        }
        for (int i = 0; i < e.src().length; i++) {
            standard.addEdge(e.src()[i], e.dst()[i]);
        }
        // a widely used class: java/lang/Object reaches (almost) everything; pick a mid-level one
        source = e.names().indexOf("java/util/ArrayList");
        if (reachMmsb() != reachJGraphT()) {
            throw new IllegalStateException("MMSB and JGraphT disagree on reachability: " + reachMmsb() + " vs " + reachJGraphT());
        }
        try (PropagationResult r = propagator.propagate(Semirings.TROPICAL, source)) {
            var paths = new BFSShortestPath<>(standard).getPaths(source);
            for (int i = 0; i < r.size(); i++) {
                if (paths.getWeight(r.id(i)) != r.valueAt(i)) {
                    throw new IllegalStateException("MMSB and JGraphT disagree on the distance to node " + r.id(i));
                }
            }
            System.out.println("java.base graph: " + e.n() + " classes, " + e.src().length + " edges; from java/util/ArrayList "
                    + r.size() + " reached, max distance " + Arrays.stream(r.valuesArray()).max().orElse(0));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        propagator.close();
        graph.close();
        root.close();
    }

    @Benchmark
    public int reachMmsb() {
        try (PropagationResult r = propagator.affected(source)) {
            return r.size();
        }
    }

    @Benchmark
    public int reachJGraphT() {
        int c = 0;
        BreadthFirstIterator<Integer, DefaultEdge> it = new BreadthFirstIterator<>(standard, source);
        while (it.hasNext()) {
            it.next();
            c++;
        }
        return c;
    }

    @Benchmark
    public int shortestMmsb() {
        try (PropagationResult r = propagator.propagate(Semirings.TROPICAL, source)) {
            return r.size();
        }
    }

    @Benchmark
    public Object shortestJGraphTBfs() {
        return new BFSShortestPath<>(standard).getPaths(source);
    }

    @Benchmark
    public Object shortestJGraphTDijkstra() {
        return new DijkstraShortestPath<>(standard).getPaths(source);
    }
}
