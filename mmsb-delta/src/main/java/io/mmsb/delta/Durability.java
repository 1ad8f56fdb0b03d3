package io.mmsb.delta;

/** When committed deltas are forced to disk. */
public enum Durability {
    /** Every commit is forced to disk before {@link Store#commit} returns. */
    SYNC_EACH_COMMIT,
    /** A background flusher forces the log every {@code groupCommitMillis}; see {@link Store#awaitDurable}. */
    GROUP_COMMIT,
    /** Only {@link Store#sync()} and {@link Store#close()} force the log. */
    NONE
}
