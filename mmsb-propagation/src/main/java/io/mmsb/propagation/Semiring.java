package io.mmsb.propagation;

import java.util.Objects;

/**
 * A semiring (S, plus, times, zero, one): plus is associative and commutative with identity
 * zero, times is associative with identity one, times distributes over plus on both sides and
 * zero annihilates times. Check a semiring with {@link SemiringLaws#check}.
 *
 * <p>Propagation computes, for every node v, the plus over all paths from a seed to v of the
 * times of the path's edge weights (the least fixpoint of {@code x = seeds + x * A}).
 * Kernels need the primitive form {@link LongSemiring}.
 *
 * <p>Thread rules: implementations must be immutable and thread-safe. Ownership: none.
 */
public interface Semiring<T> {
    String name();

    T zero();

    T one();

    T plus(T a, T b);

    T times(T a, T b);

    /** Equality of carrier values (used by the law checker); {@link Objects#equals} by default. */
    default boolean same(T a, T b) {
        return Objects.equals(a, b);
    }
}
