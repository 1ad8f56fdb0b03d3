package io.mmsb.bench.graph;

import io.mmsb.propagation.DependencyGraph;
import io.mmsb.propagation.PropagationResult;
import io.mmsb.propagation.Propagator;
import io.mmsb.propagation.Semirings;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.jgrapht.Graph;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
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
 * Propagation on a real dependency graph (java.base: classes and their constant-pool
 * references). Pairs, each MMSB against its anchor in the same run:
 * <ul>
 * <li>{@code reach64BitParallel} vs {@code reach64SeparateBfs}: reachability from 64 sources in
 *     one bit-parallel pass vs 64 textbook breadth-first searches over the same CSR;</li>
 * <li>{@code mmsbReach} vs {@code jgraphtReach}, and {@code mmsbShortestPaths} vs
 *     {@code jgraphtShortestPaths}: everything reached from one changed class, and the
 *     dependency distance to each, against JGraphT's BreadthFirstIterator and BFSShortestPath.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "-Darrow.allocation.manager.type=Unsafe", "-Xmx4g"})
public class GraphBench {
    RootAllocator root;
    RealGraph real;
    DependencyGraph graph;
    Propagator propagator;
    Graph<Integer, DefaultEdge> jgrapht;
    int[] sources;
    int source;

    @Setup(Level.Trial)
    public void load() {
        root = new RootAllocator();
        real = RealGraph.javaBase();
        graph = DependencyGraph.fromEdges(root, real.nodes(), real.from, real.to);
        propagator = new Propagator(graph);
        jgrapht = new DefaultDirectedGraph<>(DefaultEdge.class);
        for (int v = 0; v < real.nodes(); v++) {
            jgrapht.addVertex(v);
        }
        for (int e = 0; e < real.from.length; e++) {
            jgrapht.addEdge(real.from[e], real.to[e]);
        }
        Random rnd = new Random(11);
        sources = rnd.ints(64, 0, real.nodes()).toArray();
        source = real.names.indexOf("java/util/ArrayList");
        System.out.println("# graph: " + real.nodes() + " classes, " + real.from.length + " dependency edges; "
            + propagator.reach(source).size() + " classes reached from java/util/ArrayList");
    }

    @TearDown(Level.Trial)
    public void close() {
        graph.close();
        root.close();
    }

    @Benchmark
    public PropagationResult reach64BitParallel() {
        return propagator.reach64(sources);
    }

    @Benchmark
    public int reach64SeparateBfs() {
        int total = 0;
        int n = graph.nodeCount();
        boolean[] seen = new boolean[n];
        int[] queue = new int[n];
        for (int s : sources) {
            java.util.Arrays.fill(seen, false);
            int head = 0;
            int tail = 0;
            queue[tail++] = s;
            seen[s] = true;
            while (head < tail) {
                int u = queue[head++];
                for (int e = graph.edgeStart(u); e < graph.edgeEnd(u); e++) {
                    int t = graph.target(e);
                    if (!seen[t]) {
                        seen[t] = true;
                        queue[tail++] = t;
                    }
                }
            }
            total += tail;
        }
        return total;
    }

    @Benchmark
    public int mmsbReach() {
        return propagator.reach(source).size();
    }

    @Benchmark
    public int jgraphtReach() {
        BreadthFirstIterator<Integer, DefaultEdge> it = new BreadthFirstIterator<>(jgrapht, source);
        int n = 0;
        while (it.hasNext()) {
            it.next();
            n++;
        }
        return n;
    }

    @Benchmark
    public PropagationResult mmsbShortestPaths() {
        return propagator.propagate(Semirings.TROPICAL, new int[] {source}, new long[] {0});
    }

    @Benchmark
    public double jgraphtShortestPaths() {
        return new BFSShortestPath<>(jgrapht).getPaths(source).getWeight(real.nodes() - 1);
    }
}
