package io.mmsb.propagation;

/** A store table cannot be read as a dependency graph (wrong column types), or there is nothing to record. */
public final class GraphSourceException extends PropagationException {
    public GraphSourceException(String message) {
        super(message);
    }
}
