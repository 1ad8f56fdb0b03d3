package io.mmsb.propagation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mmsb.core.testing.LeakCheck;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.RootAllocator;

/**
 * On random small graphs (cycles, self-loops, duplicate edges, isolated nodes, the empty graph)
 * the propagator terminates and equals the Kleene/Floyd-Warshall closure for every semiring, on
 * both kernel paths, with no off-heap leak.
 */
class FixpointPropertyTest {

    record RandomGraph(int n, int[] src, int[] dst, long[] weights, int[] seeds) {}

    static RandomGraph randomGraph(long seed, int n, int edges, Semirings s, boolean weighted) {
        Random r = new Random(seed);
        int m = n == 0 ? 0 : edges;
        int[] src = new int[m];
        int[] dst = new int[m];
        long[] w = weighted ? new long[m] : null;
        for (int i = 0; i < m; i++) {
            src[i] = r.nextInt(n);
            dst[i] = r.nextInt(10) == 0 ? src[i] : r.nextInt(n); // self-loops
            if (i > 0 && r.nextInt(8) == 0) { // duplicate edges
                src[i] = src[i - 1];
                dst[i] = dst[i - 1];
            }
            if (weighted) {
                w[i] = switch (s) {
                    case BOOLEAN -> r.nextInt(4) == 0 ? 0 : 1;
                    case TROPICAL -> r.nextInt(20);
                    case MAX_PLUS -> r.nextInt(3) == 0 ? 0 : r.nextInt(5);
                    case COUNTING -> 1 + r.nextInt(3);
                    case BIT_PARALLEL -> r.nextLong();
                };
            }
        }
        int[] seeds = new int[n == 0 ? 0 : 1 + r.nextInt(3)];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = r.nextInt(n);
        }
        return new RandomGraph(n, src, dst, w, seeds);
    }

    @Property(tries = 400)
    void matchesClosureReference(@ForAll long seed, @ForAll @IntRange(min = 0, max = 14) int n, @ForAll @IntRange(min = 0, max = 40) int edges,
            @ForAll Semirings semiring, @ForAll boolean weighted, @ForAll KernelPath path) {
        RandomGraph g = randomGraph(seed, n, edges, semiring, weighted);
        long[] seedValues = new long[g.seeds().length];
        Random r = new Random(seed ^ 0x5eed);
        for (int i = 0; i < seedValues.length; i++) {
            seedValues[i] = semiring == Semirings.BIT_PARALLEL ? r.nextLong() : semiring.oneLong();
        }
        long[] expected = Reference.fixpoint(semiring, g.n(), g.src(), g.dst(), g.weights(), g.seeds(), seedValues);
        if (semiring == Semirings.BOOLEAN || semiring == Semirings.TROPICAL || semiring == Semirings.BIT_PARALLEL) {
            assertArrayEquals(expected, Reference.iterate(semiring, g.n(), g.src(), g.dst(), g.weights(), g.seeds(), seedValues),
                    "the two references disagree");
        }
        RootAllocator root = LeakCheck.newRoot();
        try (DependencyGraph graph = DependencyGraph.fromEdges(root, g.n(), g.src(), g.dst(), g.weights());
                Propagator p = Propagator.over(graph, root, path);
                PropagationResult result = p.propagate(semiring, g.seeds(), seedValues)) {
            long[] actual = new long[g.n()];
            Arrays.fill(actual, semiring.zeroLong());
            int previous = -1;
            for (int i = 0; i < result.size(); i++) {
                int id = result.id(i);
                assertEquals(true, id > previous, "ids ascending");
                previous = id;
                actual[id] = result.valueAt(i);
            }
            assertArrayEquals(expected, actual, () -> semiring + " " + g + " src=" + Arrays.toString(g.src()) + " dst="
                    + Arrays.toString(g.dst()) + " w=" + Arrays.toString(g.weights()) + " seeds=" + Arrays.toString(g.seeds()));
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    @Property(tries = 100)
    void deterministicAndPathIndependent(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int n, @ForAll Semirings semiring) {
        RandomGraph g = randomGraph(seed, n, 3 * n, semiring, true);
        RootAllocator root = LeakCheck.newRoot();
        try (DependencyGraph graph = DependencyGraph.fromEdges(root, g.n(), g.src(), g.dst(), g.weights());
                Propagator vector = Propagator.over(graph, root, KernelPath.VECTOR);
                Propagator scalar = Propagator.over(graph, root, KernelPath.SCALAR);
                PropagationResult a = vector.propagate(semiring, g.seeds());
                PropagationResult b = scalar.propagate(semiring, g.seeds());
                PropagationResult c = vector.propagate(semiring, g.seeds())) {
            assertArrayEquals(a.idsArray(), b.idsArray());
            assertArrayEquals(a.valuesArray(), b.valuesArray());
            assertArrayEquals(a.idsArray(), c.idsArray());
            assertArrayEquals(a.valuesArray(), c.valuesArray());
            assertEquals(a.count(Semirings.INFINITY), b.count(Semirings.INFINITY));
            assertEquals(a.bitCount(), b.bitCount());
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    /** A custom semiring that claims stable cycles but improves along them: typed error, no endless loop. */
    @Example
    void lyingSemiringIsStoppedByTheBound() {
        LongSemiring lying = new SemiringLawsTest.TestSemiring("max-plus-claiming-stable", Long.MIN_VALUE, 0) {
            @Override public long plusLong(long a, long b) { return Math.max(a, b); }
            @Override public long timesLong(long a, long b) { return a == Long.MIN_VALUE || b == Long.MIN_VALUE ? Long.MIN_VALUE : a + b; }
            @Override public long defaultEdgeWeight() { return 1; }
        };
        RootAllocator root = LeakCheck.newRoot();
        try (DependencyGraph graph = DependencyGraph.fromEdges(root, 3, new int[] {0, 1, 2}, new int[] {1, 2, 1});
                Propagator p = Propagator.over(graph, root)) {
            assertThrows(PropagationDivergedException.class, () -> p.propagate(lying, 0));
            try (PropagationResult r = p.propagate(Semirings.MAX_PLUS, 0)) { // the propagator is still usable
                assertEquals(Semirings.INFINITY, r.valueOf(2));
            }
        }
        LeakCheck.assertEmptyAndClose(root);
    }
}
