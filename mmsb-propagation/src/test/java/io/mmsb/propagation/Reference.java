package io.mmsb.propagation;

/**
 * Naive references for tests: Kleene/Floyd-Warshall closure over a dense matrix (an algorithm
 * independent of the propagator's condensation), using only the semiring's operations and star.
 */
final class Reference {
    private Reference() {}

    /** Value per node: plus over seeds s of seedValue(s) * closure(A)[s][v]. */
    static long[] fixpoint(LongSemiring s, int n, int[] src, int[] dst, long[] weights, int[] seeds, long[] seedValues) {
        long zero = s.zeroLong();
        long[][] a = new long[n][n];
        for (long[] row : a) {
            java.util.Arrays.fill(row, zero);
        }
        for (int i = 0; i < src.length; i++) {
            long w = weights == null ? s.defaultEdgeWeight() : weights[i];
            a[src[i]][dst[i]] = s.plusLong(a[src[i]][dst[i]], w);
        }
        for (int k = 0; k < n; k++) {
            long star = s.star(a[k][k]);
            for (int i = 0; i < n; i++) {
                if (a[i][k] == zero) {
                    continue;
                }
                long ik = s.timesLong(a[i][k], star);
                for (int j = 0; j < n; j++) {
                    a[i][j] = s.plusLong(a[i][j], s.timesLong(ik, a[k][j]));
                }
            }
        }
        long[] x = new long[n];
        java.util.Arrays.fill(x, zero);
        for (int i = 0; i < seeds.length; i++) {
            int sd = seeds[i];
            x[sd] = s.plusLong(x[sd], seedValues[i]);
            for (int v = 0; v < n; v++) {
                x[v] = s.plusLong(x[v], s.timesLong(seedValues[i], a[sd][v]));
            }
        }
        return x;
    }

    /** Bellman-Ford style iteration x = seeds + x * A with a cap, for idempotent stable semirings. */
    static long[] iterate(LongSemiring s, int n, int[] src, int[] dst, long[] weights, int[] seeds, long[] seedValues) {
        long[] x = new long[n];
        java.util.Arrays.fill(x, s.zeroLong());
        for (int i = 0; i < seeds.length; i++) {
            x[seeds[i]] = s.plusLong(x[seeds[i]], seedValues[i]);
        }
        for (int round = 0; round <= n + 1; round++) {
            boolean changed = false;
            for (int i = 0; i < src.length; i++) {
                long w = weights == null ? s.defaultEdgeWeight() : weights[i];
                long nv = s.plusLong(x[dst[i]], s.timesLong(x[src[i]], w));
                if (nv != x[dst[i]]) {
                    x[dst[i]] = nv;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return x;
    }
}
