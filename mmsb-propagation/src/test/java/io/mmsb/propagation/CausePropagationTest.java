package io.mmsb.propagation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mmsb.core.testing.LeakCheck;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.RootAllocator;

/**
 * Wide cause-set propagation against a reference (one 0-1 breadth-first search per cause) on
 * random graphs with cycles, self-loops, duplicate and free edges, for 1 to 600 causes, on both
 * row paths, which must agree bit for bit; no off-heap leak.
 */
class CausePropagationTest {

    /** Least hops from the seeds of {@code cause} to every node (-1: unreached), by 0-1 BFS. */
    static int[] reference(int n, int[] src, int[] dst, long[] w, int[] seedNodes, int[] seedCauses, int cause) {
        int[] dist = new int[n];
        Arrays.fill(dist, -1);
        ArrayDeque<Integer> dq = new ArrayDeque<>();
        for (int i = 0; i < seedNodes.length; i++) {
            if (seedCauses[i] == cause && dist[seedNodes[i]] != 0) {
                dist[seedNodes[i]] = 0;
                dq.add(seedNodes[i]);
            }
        }
        int[][] out = new int[n][];
        int[] deg = new int[n];
        for (int s : src) {
            deg[s]++;
        }
        for (int v = 0; v < n; v++) {
            out[v] = new int[deg[v]];
            deg[v] = 0;
        }
        for (int i = 0; i < src.length; i++) {
            out[src[i]][deg[src[i]]++] = i;
        }
        int[] settled = new int[n];
        while (!dq.isEmpty()) {
            int u = dq.pollFirst();
            if (settled[u]++ > 0) {
                continue;
            }
            for (int e : out[u]) {
                int cost = w != null && w[e] == 0 ? 0 : 1;
                int v = dst[e];
                if (dist[v] < 0 || dist[u] + cost < dist[v]) {
                    dist[v] = dist[u] + cost;
                    settled[v] = 0;
                    if (cost == 0) {
                        dq.addFirst(v);
                    } else {
                        dq.addLast(v);
                    }
                }
            }
        }
        return dist;
    }

    @Property(tries = 150)
    void equalsOneBreadthFirstSearchPerCause(@ForAll long seed, @ForAll @IntRange(min = 0, max = 30) int n,
            @ForAll @IntRange(min = 0, max = 80) int edges, @ForAll @IntRange(min = 1, max = 600) int causes, @ForAll boolean weighted) {
        Random r = new Random(seed);
        int m = n == 0 ? 0 : edges;
        int[] src = new int[m];
        int[] dst = new int[m];
        long[] w = weighted ? new long[m] : null;
        for (int i = 0; i < m; i++) {
            src[i] = r.nextInt(n);
            dst[i] = r.nextInt(10) == 0 ? src[i] : r.nextInt(n);
            if (weighted) {
                w[i] = r.nextInt(3) == 0 ? 0 : 1;
            }
        }
        int seeds = n == 0 ? 0 : r.nextInt(2 * causes + 1);
        int[] seedNodes = new int[seeds];
        int[] seedCauses = new int[seeds];
        for (int i = 0; i < seeds; i++) {
            seedNodes[i] = r.nextInt(n);
            seedCauses[i] = r.nextInt(causes);
        }
        RootAllocator root = LeakCheck.newRoot();
        try (DependencyGraph g = DependencyGraph.fromEdges(root, n, src, dst, w);
             CausePropagation vector = CausePropagation.run(g, root, causes, seedNodes, seedCauses, KernelPath.VECTOR);
             CausePropagation scalar = CausePropagation.run(g, root, causes, seedNodes, seedCauses, KernelPath.SCALAR)) {
            assertEquals("vector", vector.kernels());
            assertEquals("scalar", scalar.kernels());
            long pairs = 0;
            for (int c = 0; c < causes; c++) {
                int[] dist = reference(n, src, dst, w, seedNodes, seedCauses, c);
                for (int v = 0; v < n; v++) {
                    assertEquals(dist[v], vector.hops(v, c), "cause " + c + " node " + v + " (vector)");
                    assertEquals(dist[v], scalar.hops(v, c), "cause " + c + " node " + v + " (scalar)");
                    pairs += dist[v] >= 0 ? 1 : 0;
                }
            }
            assertEquals(pairs, vector.reachedPairs());
            for (int v = 0; v < n; v++) {
                assertArrayEquals(scalar.causesOf(v), vector.causesOf(v));
                assertEquals(scalar.minHops(v), vector.minHops(v));
            }
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    @Example
    void aChainOfFreeAndHopEdges() {
        // 0 -0-> 1 -1-> 2 -0-> 3 -1-> 4; cause 0 at 0, cause 300 at 2
        RootAllocator root = LeakCheck.newRoot();
        try (DependencyGraph g = DependencyGraph.fromEdges(root, 5, new int[] {0, 1, 2, 3}, new int[] {1, 2, 3, 4}, new long[] {0, 1, 0, 1});
             CausePropagation p = CausePropagation.run(g, root, 301, new int[] {0, 2}, new int[] {0, 300}, KernelPath.AUTO)) {
            assertArrayEquals(new int[] {0, 1, 1, 2}, new int[] {p.hops(1, 0), p.hops(2, 0), p.hops(3, 0), p.hops(4, 0)});
            assertArrayEquals(new int[] {-1, 0, 0, 1}, new int[] {p.hops(1, 300), p.hops(2, 300), p.hops(3, 300), p.hops(4, 300)});
            assertArrayEquals(new int[] {0, 300}, p.causesOf(4));
            assertEquals(1, p.minHops(4));
            assertEquals(0, p.minHops(0));
            assertEquals(true, p.reached(0));
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    @Example
    void badSeedsAreTypedErrors() {
        RootAllocator root = LeakCheck.newRoot();
        try (DependencyGraph g = DependencyGraph.fromEdges(root, 2, new int[] {0}, new int[] {1})) {
            InvalidSeedException e = assertThrows(InvalidSeedException.class,
                () -> CausePropagation.run(g, root, 4, new int[] {2}, new int[] {0}, KernelPath.AUTO));
            assertEquals("seed 0: node 2 is not a node in [0, 2)", e.getMessage());
            e = assertThrows(InvalidSeedException.class, () -> CausePropagation.run(g, root, 4, new int[] {1}, new int[] {4}, KernelPath.AUTO));
            assertEquals("seed 0: cause 4 is not in [0, 4)", e.getMessage());
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    @Example
    void moreThanTheLargestHopCountIsReported() {
        int n = CausePropagation.MAX_HOPS + 2;
        int[] src = new int[n - 1];
        int[] dst = new int[n - 1];
        for (int i = 0; i < n - 1; i++) {
            src[i] = i;
            dst[i] = i + 1;
        }
        RootAllocator root = LeakCheck.newRoot();
        try (DependencyGraph g = DependencyGraph.fromEdges(root, n, src, dst)) {
            assertThrows(PropagationDivergedException.class, () -> CausePropagation.run(g, root, 1, new int[] {0}, new int[] {0}, KernelPath.AUTO));
        }
        LeakCheck.assertEmptyAndClose(root);
    }
}
