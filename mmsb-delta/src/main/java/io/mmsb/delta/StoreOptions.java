package io.mmsb.delta;

import io.mmsb.core.Schema;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;

/**
 * How a store is opened: its schema, the Arrow allocator its off-heap memory is accounted to,
 * durability, and the keyframe interval. Immutable; the {@code with...} methods return copies.
 *
 * @param schema the tables; an existing store's schema must evolve to it (tables may be added,
 *     columns never changed or removed); {@code null} to use the schema the store recorded
 *     (tools that read any store)
 * @param allocator parent allocator; the store makes a child of it and closes that child on close
 * @param durability when commits are forced to disk (ignored by in-memory stores)
 * @param groupCommitMillis the flush interval for {@link Durability#GROUP_COMMIT}
 * @param keyframeInterval a keyframe (a full map of the pages of every column) is kept every this
 *     many commits, so that the state at any epoch is assembled from the nearest keyframe plus at
 *     most this many commits
 * @param segmentBytes the size at which a log segment file is rolled
 * @param strictRecovery if true, opening a store whose log is corrupt throws instead of
 *     recovering the intact prefix and setting the damaged bytes aside
 * @param readOnly if true, the store is opened for reading: opening changes no file (a torn tail
 *     is reported, not cut, unless a writer holds the lock: then it is that writer's record in
 *     progress; a corrupt log throws {@link CorruptLogException}), no lock is taken (readers block
 *     neither each other nor the one writer; they see the epochs committed when they opened), and
 *     commits are refused. Every reading tool ({@code mmsb verify}, {@code log}, ...) opens stores
 *     this way.
 */
public record StoreOptions(Schema schema, BufferAllocator allocator, Durability durability, int groupCommitMillis,
                           int keyframeInterval, long segmentBytes, boolean strictRecovery, boolean readOnly) {
    /** Default commits between keyframes; measured in ScanAtEpochBench (docs/BENCHMARKS.md). */
    public static final int DEFAULT_KEYFRAME_INTERVAL = 32;

    /** Options that open the store for writing (the form before {@code readOnly} existed). */
    public StoreOptions(Schema schema, BufferAllocator allocator, Durability durability, int groupCommitMillis,
                        int keyframeInterval, long segmentBytes, boolean strictRecovery) {
        this(schema, allocator, durability, groupCommitMillis, keyframeInterval, segmentBytes, strictRecovery, false);
    }

    public StoreOptions {
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(durability, "durability");
        if (groupCommitMillis < 1) {
            throw new IllegalArgumentException("groupCommitMillis must be >= 1, was " + groupCommitMillis);
        }
        if (keyframeInterval < 1) {
            throw new IllegalArgumentException("keyframeInterval must be >= 1, was " + keyframeInterval);
        }
        if (segmentBytes < 4096) {
            throw new IllegalArgumentException("segmentBytes must be >= 4096, was " + segmentBytes);
        }
    }

    /** Options for reading an existing store with the schema it recorded (for tools). */
    public static StoreOptions existing(BufferAllocator allocator) {
        return new StoreOptions(null, allocator, Durability.SYNC_EACH_COMMIT, 5, DEFAULT_KEYFRAME_INTERVAL, 64L << 20, false);
    }

    /** Defaults: sync on every commit, a keyframe every 32 commits, 64 MiB segments, lenient recovery. */
    public static StoreOptions of(Schema schema, BufferAllocator allocator) {
        Objects.requireNonNull(schema, "schema");
        return new StoreOptions(schema, allocator, Durability.SYNC_EACH_COMMIT, 5, DEFAULT_KEYFRAME_INTERVAL, 64L << 20, false);
    }

    public StoreOptions withDurability(Durability d) {
        return new StoreOptions(schema, allocator, d, groupCommitMillis, keyframeInterval, segmentBytes, strictRecovery, readOnly);
    }

    public StoreOptions withGroupCommit(int millis) {
        return new StoreOptions(schema, allocator, Durability.GROUP_COMMIT, millis, keyframeInterval, segmentBytes, strictRecovery, readOnly);
    }

    public StoreOptions withKeyframeInterval(int commits) {
        return new StoreOptions(schema, allocator, durability, groupCommitMillis, commits, segmentBytes, strictRecovery, readOnly);
    }

    public StoreOptions withSegmentBytes(long bytes) {
        return new StoreOptions(schema, allocator, durability, groupCommitMillis, keyframeInterval, bytes, strictRecovery, readOnly);
    }

    /** A copy opened read-only (or not); see {@code readOnly} above. */
    public StoreOptions withReadOnly(boolean only) {
        return new StoreOptions(schema, allocator, durability, groupCommitMillis, keyframeInterval, segmentBytes, strictRecovery, only);
    }

    public StoreOptions withStrictRecovery(boolean strict) {
        return new StoreOptions(schema, allocator, durability, groupCommitMillis, keyframeInterval, segmentBytes, strict, readOnly);
    }
}
