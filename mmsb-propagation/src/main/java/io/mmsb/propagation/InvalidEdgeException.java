package io.mmsb.propagation;

/**
 * An edge names a node outside {@code [0, nodeCount)}, or carries a weight the semiring does not
 * accept. The message and accessors name the edge. Thread rules: immutable. Ownership: none.
 */
public final class InvalidEdgeException extends PropagationException {
    private final long edgeIndex;
    private final int source;
    private final int target;

    public InvalidEdgeException(long edgeIndex, int source, int target, String reason) {
        super("edge #" + edgeIndex + " (" + source + " -> " + target + "): " + reason);
        this.edgeIndex = edgeIndex;
        this.source = source;
        this.target = target;
    }

    /** Position of the edge in the input edge list (or in the graph's CSR order for weight errors). */
    public long edgeIndex() {
        return edgeIndex;
    }

    public int source() {
        return source;
    }

    public int target() {
        return target;
    }
}
