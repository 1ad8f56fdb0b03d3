package io.mmsb.delta.internal.log;

import io.mmsb.delta.Durability;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link TLog}. Immutable; derive variants with the {@code with...} methods.
 *
 * @param segmentBytes a segment rolls over when the next record would take it past this size (a
 *     segment always takes at least one record, however large)
 * @param durability when appended records are forced
 * @param groupCommitInterval how often the flusher forces in {@link Durability#GROUP_COMMIT}
 * @param strictRecovery when true, recovery throws {@code CorruptLogException} on corruption and
 *     changes no file; when false it quarantines the damaged bytes and carries on
 * @param readOnly when true, the log is opened for reading only: recovery changes no file (a torn
 *     tail is reported, not cut; corruption throws as in strict mode), no durable mark is written,
 *     and {@code append} / {@code sync} throw
 */
public record LogOptions(long segmentBytes, Durability durability, Duration groupCommitInterval,
        boolean strictRecovery, boolean readOnly) {

    /** Default segment size: 64 MiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    /** Validates the settings. */
    public LogOptions {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(groupCommitInterval, "groupCommitInterval");
        if (segmentBytes < 2L * LogFormat.HEADER_BYTES || segmentBytes > LogPosition.MAX_OFFSET) {
            throw new IllegalArgumentException("segmentBytes must be in [" + 2 * LogFormat.HEADER_BYTES + ", "
                    + LogPosition.MAX_OFFSET + "], was " + segmentBytes);
        }
        if (groupCommitInterval.isNegative() || groupCommitInterval.isZero()) {
            throw new IllegalArgumentException("groupCommitInterval must be positive, was " + groupCommitInterval);
        }
    }

    /** @return 64 MiB segments, {@link Durability#SYNC_EACH_COMMIT}, 2 ms group interval, lenient recovery */
    public static LogOptions defaults() {
        return new LogOptions(DEFAULT_SEGMENT_BYTES, Durability.SYNC_EACH_COMMIT, Duration.ofMillis(2), false, false);
    }

    /** @return the defaults with strict recovery: corruption throws and nothing is changed */
    public static LogOptions strict() {
        return defaults().withStrictRecovery(true);
    }

    /** @return these options with group commit every {@code interval} */
    public static LogOptions groupCommit(Duration interval) {
        return defaults().withDurability(Durability.GROUP_COMMIT).withGroupCommitInterval(interval);
    }

    /** @return a copy with the given segment size */
    public LogOptions withSegmentBytes(long bytes) {
        return new LogOptions(bytes, durability, groupCommitInterval, strictRecovery, readOnly);
    }

    /** @return a copy with the given durability mode */
    public LogOptions withDurability(Durability mode) {
        return new LogOptions(segmentBytes, mode, groupCommitInterval, strictRecovery, readOnly);
    }

    /** @return a copy with the given group-commit interval */
    public LogOptions withGroupCommitInterval(Duration interval) {
        return new LogOptions(segmentBytes, durability, interval, strictRecovery, readOnly);
    }

    /** @return the defaults, read-only: recovery changes no file and nothing can be appended */
    public static LogOptions readOnlyOptions() {
        return defaults().withReadOnly(true);
    }

    /** @return a copy opened read-only (or not) */
    public LogOptions withReadOnly(boolean only) {
        return new LogOptions(segmentBytes, durability, groupCommitInterval, strictRecovery, only);
    }

    /** @return a copy with strict recovery on or off */
    public LogOptions withStrictRecovery(boolean strict) {
        return new LogOptions(segmentBytes, durability, groupCommitInterval, strict, readOnly);
    }
}
