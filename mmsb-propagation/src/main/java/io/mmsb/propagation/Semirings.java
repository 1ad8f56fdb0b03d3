package io.mmsb.propagation;

/**
 * The built-in semirings over {@code long}. Each documents its carrier (the values it accepts),
 * its infinity and its cycle behaviour.
 *
 * <ul>
 *   <li>{@link #BOOLEAN}: {0, 1}, or/and. Reachability: which entities are affected.
 *   <li>{@link #TROPICAL}: min-plus over [0, {@link #INFINITY}], {@code INFINITY} = unreachable.
 *       Shortest dependency distance; edge weights must be &gt;= 0 (default 1 hop); cycles are
 *       stable.
 *   <li>{@link #MAX_PLUS}: max-plus over {{@link #NEG_INFINITY}} + [0, {@link #INFINITY}]. Longest
 *       dependency chain; weights &gt;= 0 (default 1). A component containing an edge of positive
 *       weight has unbounded chains: its nodes and everything after them get {@code INFINITY}.
 *   <li>{@link #COUNTING}: number of dependency paths, saturating: any count that would exceed
 *       {@code Long.MAX_VALUE} is {@link #INFINITY} ({@code Long.MAX_VALUE}), and INFINITY stays
 *       INFINITY ({@code INFINITY * w = INFINITY} for w &gt; 0). Saturation is a congruence on the
 *       naturals, so the laws hold. Weights (path multiplicities) must be &gt;= 1. A reached cycle
 *       means infinitely many paths: its component and everything after it get INFINITY.
 *   <li>{@link #BIT_PARALLEL}: 64 independent booleans in one long, or/and; zero = 0, one = all
 *       ones. Bit i of a node's value says whether source i reaches it.
 * </ul>
 *
 * Thread rules: immutable. Ownership: none.
 */
public enum Semirings implements LongSemiring {
    BOOLEAN {
        @Override public boolean idempotentPlus() { return true; }
        @Override public long zeroLong() { return 0; }
        @Override public long oneLong() { return 1; }
        @Override public long plusLong(long a, long b) { return a | b; }
        @Override public long timesLong(long a, long b) { return a & b; }
        @Override public long star(long w) { return 1; }
        @Override public boolean isValidEdgeWeight(long w) { return w == 0 || w == 1; }
        @Override public String edgeWeightRule() { return "0 or 1"; }
    },
    TROPICAL {
        @Override public boolean idempotentPlus() { return true; }
        @Override public long zeroLong() { return INFINITY; }
        @Override public long oneLong() { return 0; }
        @Override public long plusLong(long a, long b) { return Math.min(a, b); }
        @Override public long timesLong(long a, long b) { return saturatingAdd(a, b); }
        @Override public long star(long w) { return 0; }
        @Override public long defaultEdgeWeight() { return 1; }
        @Override public boolean isValidEdgeWeight(long w) { return w >= 0; }
        @Override public String edgeWeightRule() { return ">= 0"; }
    },
    MAX_PLUS {
        @Override public boolean idempotentPlus() { return true; }
        @Override public long zeroLong() { return NEG_INFINITY; }
        @Override public long oneLong() { return 0; }
        @Override public long plusLong(long a, long b) { return Math.max(a, b); }
        @Override public long timesLong(long a, long b) {
            return a == NEG_INFINITY || b == NEG_INFINITY ? NEG_INFINITY : saturatingAdd(a, b);
        }
        @Override public long star(long w) { return w > 0 ? INFINITY : 0; }
        @Override public long defaultEdgeWeight() { return 1; }
        @Override public boolean isValidEdgeWeight(long w) { return w >= 0; }
        @Override public String edgeWeightRule() { return ">= 0"; }
    },
    COUNTING {
        @Override public long zeroLong() { return 0; }
        @Override public long oneLong() { return 1; }
        @Override public long plusLong(long a, long b) { return saturatingAdd(a, b); }
        @Override public long timesLong(long a, long b) {
            if (a == 0 || b == 0) {
                return 0;
            }
            long hi = Math.multiplyHigh(a, b);
            long lo = a * b;
            return hi != 0 || lo < 0 ? INFINITY : lo;
        }
        @Override public long star(long w) { return w == 0 ? 1 : INFINITY; }
        @Override public boolean isValidEdgeWeight(long w) { return w >= 1; }
        @Override public String edgeWeightRule() { return ">= 1"; }
    },
    BIT_PARALLEL {
        @Override public boolean idempotentPlus() { return true; }
        @Override public long zeroLong() { return 0; }
        @Override public long oneLong() { return -1L; }
        @Override public long plusLong(long a, long b) { return a | b; }
        @Override public long timesLong(long a, long b) { return a & b; }
        @Override public long star(long w) { return -1L; }
    };

    /** Positive infinity of TROPICAL, MAX_PLUS and COUNTING: {@code Long.MAX_VALUE}. */
    public static final long INFINITY = Long.MAX_VALUE;
    /** Negative infinity (the zero) of MAX_PLUS: {@code Long.MIN_VALUE}. */
    public static final long NEG_INFINITY = Long.MIN_VALUE;

    /** Sum of two non-negative values, saturating at {@link #INFINITY}. */
    static long saturatingAdd(long a, long b) {
        long s = a + b;
        return s < 0 || a == INFINITY || b == INFINITY ? INFINITY : s;
    }
}
