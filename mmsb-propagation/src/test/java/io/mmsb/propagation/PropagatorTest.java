package io.mmsb.propagation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mmsb.core.testing.LeakCheck;
import java.util.Arrays;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Worked examples for every semiring and cycle rule, on both kernel paths. */
class PropagatorTest {
    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    private static final long INF = Semirings.INFINITY;

    private DependencyGraph graph(int n, int... pairs) {
        int[] s = new int[pairs.length / 2];
        int[] d = new int[pairs.length / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = pairs[2 * i];
            d[i] = pairs[2 * i + 1];
        }
        return DependencyGraph.fromEdges(leaks.allocator(), n, s, d);
    }

    private long[] dense(PropagationResult r) {
        long[] out = new long[r.nodeCount()];
        Arrays.fill(out, r.semiring().zeroLong());
        for (int i = 0; i < r.size(); i++) {
            out[r.id(i)] = r.valueAt(i);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = KernelPath.class, names = {"VECTOR", "SCALAR"})
    void diamondOnEverySemiring(KernelPath path) {
        // 0 -> 1 -> 3, 0 -> 2 -> 3, 3 -> 4, 5 isolated
        try (DependencyGraph g = graph(6, 0, 1, 0, 2, 1, 3, 2, 3, 3, 4); Propagator p = Propagator.over(g, leaks.allocator(), path)) {
            try (PropagationResult r = p.affected(0)) {
                assertArrayEquals(new int[] {0, 1, 2, 3, 4}, r.idsArray());
            }
            try (PropagationResult r = p.propagate(Semirings.TROPICAL, 0)) {
                assertArrayEquals(new long[] {0, 1, 1, 2, 3, INF}, dense(r));
            }
            try (PropagationResult r = p.propagate(Semirings.MAX_PLUS, 0)) {
                assertArrayEquals(new long[] {0, 1, 1, 2, 3, Semirings.NEG_INFINITY}, dense(r));
            }
            try (PropagationResult r = p.propagate(Semirings.COUNTING, 0)) {
                assertArrayEquals(new long[] {1, 1, 1, 2, 2, 0}, dense(r));
            }
            try (PropagationResult r = p.affected(5)) {
                assertArrayEquals(new int[] {5}, r.idsArray());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelPath.class, names = {"VECTOR", "SCALAR"})
    void cyclesSaturateCountingAndMaxPlusButNotTropical(KernelPath path) {
        // 0 -> 1 <-> 2 -> 3, 4 -> 4 (self-loop) unreached from 0
        try (DependencyGraph g = graph(5, 0, 1, 1, 2, 2, 1, 2, 3, 4, 4); Propagator p = Propagator.over(g, leaks.allocator(), path)) {
            try (PropagationResult r = p.propagate(Semirings.COUNTING, 0)) {
                assertArrayEquals(new long[] {1, INF, INF, INF, 0}, dense(r));
                assertEquals(3, r.count(INF));
            }
            try (PropagationResult r = p.propagate(Semirings.MAX_PLUS, 0)) {
                assertArrayEquals(new long[] {0, INF, INF, INF, Semirings.NEG_INFINITY}, dense(r));
            }
            try (PropagationResult r = p.propagate(Semirings.TROPICAL, 0)) {
                assertArrayEquals(new long[] {0, 1, 2, 3, INF}, dense(r));
            }
            try (PropagationResult r = p.propagate(Semirings.COUNTING, 4)) {
                assertArrayEquals(new long[] {0, 0, 0, 0, INF}, dense(r));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelPath.class, names = {"VECTOR", "SCALAR"})
    void zeroWeightCycleKeepsMaxPlusFinite(KernelPath path) {
        try (DependencyGraph g = DependencyGraph.fromEdges(leaks.allocator(), 3, new int[] {0, 1, 2}, new int[] {1, 2, 1}, new long[] {5, 0, 0});
                Propagator p = Propagator.over(g, leaks.allocator(), path);
                PropagationResult r = p.propagate(Semirings.MAX_PLUS, 0)) {
            assertArrayEquals(new long[] {0, 5, 5}, dense(r));
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelPath.class, names = {"VECTOR", "SCALAR"})
    void bitParallelEqualsSeparateReachability(KernelPath path) {
        java.util.Random rnd = new java.util.Random(5);
        int n = 300;
        int m = 700;
        int[] s = new int[m];
        int[] d = new int[m];
        for (int i = 0; i < m; i++) {
            s[i] = rnd.nextInt(n);
            d[i] = rnd.nextInt(n);
        }
        int[] sources = new int[64];
        for (int i = 0; i < 64; i++) {
            sources[i] = rnd.nextInt(n);
        }
        try (DependencyGraph g = DependencyGraph.fromEdges(leaks.allocator(), n, s, d); Propagator p = Propagator.over(g, leaks.allocator(), path);
                PropagationResult multi = p.reachFromSources(sources)) {
            long[] masks = dense(multi);
            long pairs = 0;
            for (int i = 0; i < 64; i++) {
                try (PropagationResult one = p.affected(sources[i])) {
                    pairs += one.size();
                    long bit = 1L << i;
                    for (int v = 0; v < n; v++) {
                        assertEquals(one.valueOf(v) == 1, (masks[v] & bit) != 0, "source " + i + " node " + v);
                    }
                }
            }
            assertEquals(pairs, multi.bitCount());
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelPath.class, names = {"VECTOR", "SCALAR"})
    void denseColumnsCombineAsMinPlus(KernelPath path) {
        try (DependencyGraph g = graph(5, 0, 1, 1, 2, 3, 4); Propagator p = Propagator.over(g, leaks.allocator(), path);
                PropagationResult a = p.propagate(Semirings.TROPICAL, 0); PropagationResult b = p.propagate(Semirings.TROPICAL, 3);
                DenseColumn da = a.toDense(leaks.allocator()); DenseColumn db = b.toDense(leaks.allocator())) {
            da.combine(db, 10); // distance to {0} or to {3} through a hub 10 away
            assertArrayEquals(new long[] {0, 1, 2, 10, 11}, da.segment().toArray(java.lang.foreign.ValueLayout.JAVA_LONG));
            assertEquals(5, da.countAffected());
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelPath.class, names = {"VECTOR", "SCALAR"})
    void longChainAndBigCycleDoNotOverflowTheStack(KernelPath path) {
        int n = 1_000_000;
        int[] s = new int[n];
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = i;
            d[i] = (i + 1) % n; // one cycle through every node
        }
        try (DependencyGraph g = DependencyGraph.fromEdges(leaks.allocator(), n, s, d); Propagator p = Propagator.over(g, leaks.allocator(), path)) {
            try (PropagationResult r = p.propagate(Semirings.TROPICAL, 0)) {
                assertEquals(n, r.size());
                assertEquals(n - 1, r.valueOf(n - 1));
            }
            try (PropagationResult r = p.propagate(Semirings.COUNTING, 17)) {
                assertEquals(n, r.count(INF));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelPath.class, names = {"VECTOR", "SCALAR"})
    void invalidSeedIsTyped(KernelPath path) {
        try (DependencyGraph g = graph(2, 0, 1); Propagator p = Propagator.over(g, leaks.allocator(), path)) {
            InvalidSeedException e = assertThrows(InvalidSeedException.class, () -> p.affected(0, -1));
            assertEquals("seed #1 = -1 is not a node in [0, 2)", e.getMessage());
            assertThrows(InvalidSeedException.class, () -> p.affected(2));
        }
    }
}
