package io.mmsb.delta.internal.log;

/** When appended records are forced to disk. See docs/FORMAT.md, "Commit protocol". */
public enum Durability {
    /** {@link TLog#append} forces the record before it returns: returned means durable. */
    SYNC_EACH_COMMIT,
    /**
     * A background flusher forces the log every {@link LogOptions#groupCommitInterval()};
     * {@link TLog#append} returns after the write; {@link TLog#awaitDurable} blocks until forced.
     */
    GROUP_COMMIT,
    /** Only {@link TLog#sync()}, {@link TLog#awaitDurable} and {@link TLog#close()} force. */
    NONE
}
