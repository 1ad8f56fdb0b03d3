package io.mmsb.propagation;

/**
 * The built-in semirings compiler tools need. Values are longs; edge weights are semiring values
 * too (an unweighted dependency edge has weight {@link LongSemiring#oneL()} for reachability and
 * counting, and 1 for distances and chain lengths, see {@link #unitWeight}).
 */
public final class Semirings {
    private Semirings() {}

    /** Reachability: what a change affects. 0 = not reached, 1 = reached; ⊕ = or, ⊗ = and. */
    public static final LongSemiring BOOLEAN = new Builtin("boolean", 0, 1, true, 1, LongSemiring.Combine.OR) {
        @Override
        public long plusL(long a, long b) {
            return a | b;
        }

        @Override
        public long timesL(long a, long b) {
            return a & b;
        }
    };

    /**
     * Tropical min-plus: the shortest dependency distance. ⊕ = min, ⊗ = saturating +, 0 = +∞
     * ({@link Long#MAX_VALUE}), 1 = 0. Weights must be non-negative.
     */
    public static final LongSemiring TROPICAL = new Builtin("tropical min-plus", Long.MAX_VALUE, 0, true, 0, LongSemiring.Combine.MIN) {
        @Override
        public long plusL(long a, long b) {
            return Math.min(a, b);
        }

        @Override
        public long timesL(long a, long b) {
            return a == Long.MAX_VALUE || b == Long.MAX_VALUE ? Long.MAX_VALUE : saturatingAdd(a, b);
        }
    };

    /**
     * Max-plus: the longest dependency chain. ⊕ = max, ⊗ = saturating +, 0 = -∞
     * ({@link Long#MIN_VALUE}), 1 = 0. A chain through a cycle of positive weight is unbounded:
     * {@link #top()} = {@link Long#MAX_VALUE}.
     */
    public static final LongSemiring MAX_PLUS = new Builtin("max-plus", Long.MIN_VALUE, 0, false, Long.MAX_VALUE, LongSemiring.Combine.MAX) {
        @Override
        public long plusL(long a, long b) {
            return Math.max(a, b);
        }

        @Override
        public long timesL(long a, long b) {
            if (a == Long.MIN_VALUE || b == Long.MIN_VALUE) {
                return Long.MIN_VALUE;
            }
            return saturatingAdd(a, b);
        }
    };

    /**
     * Counting: the number of dependency paths. ⊕ = +, ⊗ = ×, both saturating at
     * {@link Long#MAX_VALUE}, which also stands for "infinitely many" (a reached cycle).
     */
    public static final LongSemiring COUNTING = new Builtin("counting", 0, 1, false, Long.MAX_VALUE, null) {
        @Override
        public long plusL(long a, long b) {
            return saturatingAdd(a, b);
        }

        @Override
        public long timesL(long a, long b) {
            if (a == 0 || b == 0) {
                return 0;
            }
            long r = a * b;
            return (Math.multiplyHigh(a, b) != 0 || r < 0 || r / b != a) ? Long.MAX_VALUE : r;
        }
    };

    /**
     * Bit-parallel reachability: 64 independent sources in one long, bit i set = reached from
     * source i. ⊕ = or, ⊗ = and, 0 = no bit, 1 = all bits.
     */
    public static final LongSemiring BIT_PARALLEL = new Builtin("bit-parallel boolean", 0, -1L, true, -1L, LongSemiring.Combine.OR) {
        @Override
        public long plusL(long a, long b) {
            return a | b;
        }

        @Override
        public long timesL(long a, long b) {
            return a & b;
        }
    };

    /** The weight of one unweighted dependency edge: one hop for distances and chains, 1 otherwise. */
    public static long unitWeight(LongSemiring s) {
        return s == TROPICAL || s == MAX_PLUS ? 1 : s.oneL();
    }

    static long saturatingAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    private abstract static class Builtin implements LongSemiring {
        private final String name;
        private final long zero;
        private final long one;
        private final boolean boundedOnCycles;
        private final long top;
        private final Combine combine;

        Builtin(String name, long zero, long one, boolean boundedOnCycles, long top, Combine combine) {
            this.name = name;
            this.zero = zero;
            this.one = one;
            this.boundedOnCycles = boundedOnCycles;
            this.top = top;
            this.combine = combine;
        }

        @Override
        public long zeroL() {
            return zero;
        }

        @Override
        public long oneL() {
            return one;
        }

        @Override
        public boolean boundedOnCycles() {
            return boundedOnCycles;
        }

        @Override
        public long top() {
            return top;
        }

        @Override
        public Combine combine() {
            return combine;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
