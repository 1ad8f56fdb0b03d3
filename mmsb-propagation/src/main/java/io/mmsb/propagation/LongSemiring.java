package io.mmsb.propagation;

/**
 * The primitive form of a {@link Semiring} over {@code long}, used by the propagator and its
 * kernels (no boxing). The boxed methods delegate to the primitive ones.
 *
 * <p>Cycles: {@link #star(long)} is the closure {@code one + w + w*w + ...} of a cycle weight.
 * The propagator treats a strongly connected component as stable when {@code star(w) == one()}
 * for every edge weight inside it (then relaxation inside it converges); otherwise every node of
 * the component that receives a value gets {@code times(total, star(w))}, the saturated value.
 * That rule is exact for the built-ins and for any semiring whose edge weights make every cycle
 * through an unstable edge unstable (for example non-negative weights).
 *
 * <p>Thread rules: implementations must be immutable and thread-safe. Ownership: none.
 */
public interface LongSemiring extends Semiring<Long> {
    long zeroLong();

    long oneLong();

    long plusLong(long a, long b);

    long timesLong(long a, long b);

    /** Closure of a cycle of weight {@code w}: {@code one + w + w*w + ...} (saturated where infinite). */
    long star(long w);

    /**
     * Whether plus is idempotent ({@code a + a == a}). Then a strongly connected component whose
     * edges all weigh {@code one} gives every member the plus of all its members' values, in one
     * pass instead of a relaxation.
     */
    default boolean idempotentPlus() {
        return false;
    }

    /** Weight of an edge of an unweighted graph (for example 1 hop for TROPICAL). */
    default long defaultEdgeWeight() {
        return oneLong();
    }

    /** Whether {@code w} is an accepted edge weight; a graph with another weight is rejected. */
    default boolean isValidEdgeWeight(long w) {
        return true;
    }

    /** Human-readable rule for valid edge weights, used in error messages. */
    default String edgeWeightRule() {
        return "any value";
    }

    @Override
    default Long zero() {
        return zeroLong();
    }

    @Override
    default Long one() {
        return oneLong();
    }

    @Override
    default Long plus(Long a, Long b) {
        return plusLong(a, b);
    }

    @Override
    default Long times(Long a, Long b) {
        return timesLong(a, b);
    }
}
