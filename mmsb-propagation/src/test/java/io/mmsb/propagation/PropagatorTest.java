package io.mmsb.propagation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.core.testing.LeakCheck;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The propagator against an independent reference: the semiring sum over walks of every length,
 * computed by dynamic programming over walk length (walks longer than the node count go through
 * a cycle: for a semiring not bounded on cycles that means an unbounded value).
 */
class PropagatorTest {
    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    /** Edge weight as the propagator applies it for this semiring. */
    static long weight(LongSemiring s, long w) {
        return s == Semirings.TROPICAL || s == Semirings.MAX_PLUS || s == Semirings.COUNTING ? w : s.oneL();
    }

    static long[] reference(LongSemiring s, int n, int[] from, int[] to, long[] w, int[] seeds, long[] seedValues) {
        long zero = s.zeroL();
        long[] walk = new long[n];
        Arrays.fill(walk, zero);
        for (int i = 0; i < seeds.length; i++) {
            walk[seeds[i]] = s.plusL(walk[seeds[i]], seedValues[i]);
        }
        long[] sum = walk.clone();
        boolean[] unbounded = new boolean[n];
        for (int k = 1; k <= 2 * n + 1; k++) {
            long[] next = new long[n];
            Arrays.fill(next, zero);
            for (int e = 0; e < from.length; e++) {
                if (walk[from[e]] != zero) {
                    next[to[e]] = s.plusL(next[to[e]], s.timesL(walk[from[e]], weight(s, w[e])));
                }
            }
            walk = next;
            for (int v = 0; v < n; v++) {
                if (k < n) {
                    sum[v] = s.plusL(sum[v], walk[v]);
                } else if (walk[v] != zero) {
                    if (s.boundedOnCycles()) {
                        sum[v] = s.plusL(sum[v], walk[v]);
                    } else {
                        unbounded[v] = true;
                    }
                }
            }
        }
        for (int v = 0; v < n; v++) {
            if (unbounded[v]) {
                sum[v] = s.top();
            }
        }
        return sum;
    }

    @Property(tries = 300)
    void theFixpointMatchesTheReferenceOnRandomGraphsWithCycles(@ForAll long seed, @ForAll @IntRange(min = 0, max = 9) int n) {
        Random rnd = new Random(seed);
        int m = n == 0 ? 0 : rnd.nextInt(3 * n + 1);
        int[] from = new int[m];
        int[] to = new int[m];
        long[] w = new long[m];
        for (int e = 0; e < m; e++) {
            from[e] = rnd.nextInt(n);
            to[e] = rnd.nextInt(4) == 0 ? from[e] : rnd.nextInt(n); // self-loops and duplicates on purpose
            w[e] = 1 + rnd.nextInt(3);
        }
        RootAllocator root = LeakCheck.newRoot();
        try (DependencyGraph g = DependencyGraph.fromEdges(root, n, from, to, w)) {
            Propagator p = new Propagator(g);
            for (LongSemiring s : SemiringLawsTest.BUILTINS) {
                int k = n == 0 ? 0 : 1 + rnd.nextInt(3);
                int[] seeds = new int[k];
                long[] values = new long[k];
                for (int i = 0; i < k; i++) {
                    seeds[i] = rnd.nextInt(n);
                    values[i] = switch (s.name()) {
                        case "bit-parallel boolean" -> 1L << rnd.nextInt(64);
                        case "counting" -> 1 + rnd.nextInt(3);
                        case "tropical min-plus", "max-plus" -> rnd.nextInt(4);
                        default -> 1;
                    };
                }
                long[] expected = reference(s, n, from, to, w, seeds, values);
                PropagationResult r = p.propagate(s, seeds, values);
                for (int v = 0; v < n; v++) {
                    assertEquals(expected[v], r.valueOf(v, s.zeroL()), s.name() + " at node " + v + " of " + n + " nodes, edges "
                        + Arrays.toString(from) + " -> " + Arrays.toString(to) + " weights " + Arrays.toString(w) + ", seeds " + Arrays.toString(seeds) + " " + Arrays.toString(values));
                }
                int[] nodes = r.nodes();
                int[] sorted = nodes.clone();
                Arrays.sort(sorted);
                assertArrayEquals(sorted, nodes, "results are in node order");
            }
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    @Property(tries = 100)
    void bitParallelReachabilityEqualsSixtyFourSeparateSearches(@ForAll long seed) {
        Random rnd = new Random(seed);
        int n = 50 + rnd.nextInt(100);
        int m = rnd.nextInt(3 * n);
        int[] from = new int[m];
        int[] to = new int[m];
        for (int e = 0; e < m; e++) {
            from[e] = rnd.nextInt(n);
            to[e] = rnd.nextInt(n);
        }
        RootAllocator root = LeakCheck.newRoot();
        try (DependencyGraph g = DependencyGraph.fromEdges(root, n, from, to)) {
            Propagator p = new Propagator(g);
            int[] sources = rnd.ints(64, 0, n).toArray();
            PropagationResult bits = p.reach64(sources);
            long[] expected = new long[n];
            for (int i = 0; i < 64; i++) {
                for (int v : p.reach(sources[i]).nodes()) {
                    expected[v] |= 1L << i;
                }
            }
            for (int v = 0; v < n; v++) {
                assertEquals(expected[v], bits.valueOf(v, 0), "node " + v);
            }
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    @Property(tries = 60)
    void theDenseFixpointEqualsTheFrontierPropagation(@ForAll long seed) {
        Random rnd = new Random(seed);
        int n = 1 + rnd.nextInt(300);
        int m = rnd.nextInt(4 * n);
        int[] from = rnd.ints(m, 0, n).toArray();
        int[] to = rnd.ints(m, 0, n).toArray();
        long[] w = rnd.longs(m, 0, 5).toArray();
        RootAllocator root = LeakCheck.newRoot();
        try (DependencyGraph g = DependencyGraph.fromEdges(root, n, from, to, w)) {
            Propagator p = new Propagator(g);
            for (LongSemiring s : List.of(Semirings.BOOLEAN, Semirings.TROPICAL, Semirings.BIT_PARALLEL)) {
                int[] seeds = rnd.ints(1 + rnd.nextInt(5), 0, n).toArray();
                long[] values = new long[seeds.length];
                long[] initial = new long[n];
                Arrays.fill(initial, s.zeroL());
                for (int i = 0; i < seeds.length; i++) {
                    values[i] = s == Semirings.BIT_PARALLEL ? 1L << i : s.oneL();
                    initial[seeds[i]] = s.plusL(initial[seeds[i]], values[i]);
                }
                long[] dense = p.denseFixpoint(s, initial);
                PropagationResult sparse = p.propagate(s, seeds, values);
                for (int v = 0; v < n; v++) {
                    assertEquals(sparse.valueOf(v, s.zeroL()), dense[v], s.name() + " node " + v);
                }
            }
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    @Test
    void aMillionNodeChainAndAMillionNodeCycleTerminateWithoutRecursion() {
        int n = 1_000_000;
        int[] from = new int[n];
        int[] to = new int[n];
        for (int i = 0; i < n; i++) {
            from[i] = i;
            to[i] = (i + 1) % n;
        }
        try (DependencyGraph ring = DependencyGraph.fromEdges(leaks.allocator(), n, from, to)) {
            Propagator p = new Propagator(ring);
            assertEquals(n, p.reach(17).size());
            assertEquals(Long.MAX_VALUE, p.propagate(Semirings.COUNTING, new int[] {0}, new long[] {1}).valueOf(5, 0), "a cycle has infinitely many paths");
            assertEquals(n - 1, p.propagate(Semirings.TROPICAL, new int[] {1}, new long[] {0}).valueOf(0, Long.MAX_VALUE));
        }
        try (DependencyGraph chain = DependencyGraph.fromEdges(leaks.allocator(), n, Arrays.copyOf(from, n - 1), Arrays.copyOf(to, n - 1))) {
            PropagationResult longest = new Propagator(chain).propagate(Semirings.MAX_PLUS, new int[] {0}, new long[] {0});
            assertEquals(n - 1, longest.valueOf(n - 1, Long.MIN_VALUE));
            assertEquals(3, new Propagator(chain).reach(n - 3).size(), "work follows the change: only the tail is reached");
        }
    }

    @Test
    void badInputGetsTypedErrorsNamingWhatWasWrong() {
        PropagationException e = assertThrows(PropagationException.class,
            () -> DependencyGraph.fromEdges(leaks.allocator(), 3, new int[] {0, 1}, new int[] {1, 3}).close());
        assertTrue(e.getMessage().contains("edge 1 (1 -> 3)"), e.getMessage());
        assertThrows(PropagationException.class, () -> DependencyGraph.fromEdges(leaks.allocator(), 3, new int[] {-1}, new int[] {0}).close());
        assertThrows(PropagationException.class, () -> DependencyGraph.fromEdges(leaks.allocator(), 3, new int[] {0}, new int[] {0, 1}).close());
        try (DependencyGraph g = DependencyGraph.fromEdges(leaks.allocator(), 3, new int[] {0, 1}, new int[] {1, 2}, new long[] {1, -2})) {
            Propagator p = new Propagator(g);
            assertTrue(assertThrows(PropagationException.class, () -> p.reach(5)).getMessage().contains("seed 5"));
            assertTrue(assertThrows(PropagationException.class, () -> p.propagate(Semirings.TROPICAL, new int[] {0}, new long[] {0}))
                .getMessage().contains("negative weight"));
            assertThrows(PropagationException.class, () -> p.reach64(new int[65]));
            assertThrows(PropagationException.class, () -> p.denseFixpoint(Semirings.COUNTING, new long[3]));
        }
    }

    @Test
    void reversedGraphAnswersWhatANodeDependsOn() {
        try (DependencyGraph g = DependencyGraph.fromEdges(leaks.allocator(), 4, new int[] {0, 1, 2}, new int[] {1, 2, 3});
             DependencyGraph r = g.reversed(leaks.allocator())) {
            assertArrayEquals(new int[] {0, 1, 2}, new Propagator(r).reach(2).nodes());
            assertArrayEquals(new int[] {2, 3}, new Propagator(g).reach(2).nodes());
        }
    }
}
