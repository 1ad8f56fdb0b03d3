package io.mmsb.propagation;

/**
 * A semiring over 64-bit values, the form the propagator and its kernels run on. The boxed
 * {@link Semiring} methods delegate to the primitive ones, so the same laws apply.
 *
 * <p>Thread rules: implementations are stateless and safe from any thread.
 */
public interface LongSemiring extends Semiring<Long> {
    long zeroL();

    long oneL();

    long plusL(long a, long b);

    long timesL(long a, long b);

    /**
     * True if going round a cycle never improves a value: {@code 1 ⊕ a = 1} for every value a
     * the graph's cycles can weigh (the semiring is 0-closed). Then the least fixpoint over a
     * cycle is reached by iterating (boolean, bit-parallel, tropical with non-negative weights).
     * Otherwise a value that goes round a reached cycle grows without bound and becomes
     * {@link #top()} (path counts, longest chains).
     */
    boolean boundedOnCycles();

    /** The value of an unbounded sum (a reached cycle of a semiring not bounded on cycles). */
    long top();

    /** Which vector kernel combines columns of this semiring ({@code null}: scalar only). */
    default Combine combine() {
        return null;
    }

    /** Element-wise ⊕ of two value columns, as the kernels know it. */
    enum Combine { OR, MIN, MAX }

    @Override
    default Long zero() {
        return zeroL();
    }

    @Override
    default Long one() {
        return oneL();
    }

    @Override
    default Long plus(Long a, Long b) {
        return plusL(a, b);
    }

    @Override
    default Long times(Long a, Long b) {
        return timesL(a, b);
    }
}
