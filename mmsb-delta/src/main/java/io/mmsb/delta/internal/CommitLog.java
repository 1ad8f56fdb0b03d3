package io.mmsb.delta.internal;

import java.lang.foreign.MemorySegment;

/**
 * Where the store writes its records: the durable {@code TLog} for a store on disk, or nothing
 * for an in-memory store.
 *
 * <p>Thread rules: {@link #append} from the store's writer only (under its commit lock).
 */
public interface CommitLog extends AutoCloseable {
    /** Record types. */
    int TYPE_COMMIT = 2; // 1 is reserved (was never written)

    /** Appends one record made of {@code parts}, durably per the store's options. */
    void append(long epoch, int type, MemorySegment... parts);

    void sync();

    /** Whether appended records are kept (false: the store need not encode them). */
    default boolean persistent() {
        return true;
    }

    long durableEpoch();

    void awaitDurable(long epoch);

    @Override
    void close();

    /** The log of an in-memory store: keeps nothing, everything is "durable" at once. */
    final class None implements CommitLog {
        private volatile long last;

        @Override
        public void append(long epoch, int type, MemorySegment... parts) {
            last = epoch; // parts may be empty: an in-memory store does not encode its commits
        }

        @Override
        public void sync() {
        }

        @Override
        public boolean persistent() {
            return false;
        }

        @Override
        public long durableEpoch() {
            return last;
        }

        @Override
        public void awaitDurable(long epoch) {
        }

        @Override
        public void close() {
        }
    }
}
