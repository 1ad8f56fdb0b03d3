package io.mmsb.delta;

/**
 * When committed deltas (log records) are forced to disk; the same modes for the store and its
 * transaction log. See docs/FORMAT.md, "Commit protocol".
 */
public enum Durability {
    /** Every commit (append) is forced to disk before {@link Store#commit} returns: returned means durable. */
    SYNC_EACH_COMMIT,
    /**
     * A background flusher forces the log every {@code groupCommitMillis}; a commit returns after
     * the write and {@link Store#awaitDurable} blocks until it is forced.
     */
    GROUP_COMMIT,
    /** Only {@link Store#sync()}, {@link Store#awaitDurable} and {@link Store#close()} force the log. */
    NONE
}
