package io.mmsb.propagation;

/**
 * A semiring (S, ⊕, ⊗, 0, 1): ⊕ is associative and commutative with identity 0; ⊗ is
 * associative with identity 1 and distributes over ⊕ on both sides; 0 annihilates under ⊗.
 * Propagation over a dependency graph computes, for every entity, the ⊕ over all paths from a
 * changed entity of the ⊗ of the path: what a change reaches, and how. {@link SemiringLaws}
 * checks an implementation.
 *
 * <p>Thread rules: implementations must be stateless (immutable) and safe from any thread.
 *
 * @param <T> the carrier set
 */
public interface Semiring<T> {
    T zero();

    T one();

    T plus(T a, T b);

    T times(T a, T b);

    /** A name for messages. */
    default String name() {
        return getClass().getSimpleName();
    }
}
