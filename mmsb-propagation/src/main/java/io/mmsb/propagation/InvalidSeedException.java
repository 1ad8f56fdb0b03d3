package io.mmsb.propagation;

/** A seed (changed entity) is not a node of the graph. Thread rules: immutable. Ownership: none. */
public final class InvalidSeedException extends PropagationException {
    public InvalidSeedException(String message) {
        super(message);
    }
}
