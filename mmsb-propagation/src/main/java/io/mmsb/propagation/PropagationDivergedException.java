package io.mmsb.propagation;

/**
 * The relaxation inside a strongly connected component exceeded its Bellman-Ford bound: the
 * semiring claims cycles are stable ({@code star(w) == one}) but they keep improving values.
 * Thrown instead of looping forever. Thread rules: immutable. Ownership: none.
 */
public final class PropagationDivergedException extends PropagationException {
    public PropagationDivergedException(String message) {
        super(message);
    }
}
