package io.mmsb.delta.internal;

import io.mmsb.delta.CorruptLogException;
import io.mmsb.delta.Durability;
import io.mmsb.delta.RecoveryReport;
import io.mmsb.delta.StoreOptions;
import io.mmsb.delta.internal.log.LogBackend;
import io.mmsb.delta.internal.log.LogFormat;
import io.mmsb.delta.internal.log.LogOptions;
import io.mmsb.delta.internal.log.LogPosition;
import io.mmsb.delta.internal.log.LogRecord;
import io.mmsb.delta.internal.log.TLog;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The log of a store on disk: the store's view of a {@link TLog}.
 *
 * <p>Thread rules: as {@link TLog} (one writer; sync and awaitDurable from any thread).
 * Ownership: owns the TLog and its file mappings, which back the pages of replayed commits.
 */
final class DiskLog implements CommitLog {
    private final TLog tlog;

    private DiskLog(TLog tlog) {
        this.tlog = tlog;
    }

    static DiskLog open(Path dir, StoreOptions o) {
        return new DiskLog(TLog.open(dir, logOptions(o)));
    }

    static DiskLog open(LogBackend backend, StoreOptions o) {
        return new DiskLog(TLog.open(backend, logOptions(o)));
    }

    private static LogOptions logOptions(StoreOptions o) {
        return LogOptions.defaults()
            .withSegmentBytes(o.segmentBytes())
            .withDurability(switch (o.durability()) {
                case SYNC_EACH_COMMIT -> io.mmsb.delta.internal.log.Durability.SYNC_EACH_COMMIT;
                case GROUP_COMMIT -> io.mmsb.delta.internal.log.Durability.GROUP_COMMIT;
                case NONE -> io.mmsb.delta.internal.log.Durability.NONE;
            })
            .withGroupCommitInterval(Duration.ofMillis(o.groupCommitMillis()))
            .withStrictRecovery(o.strictRecovery());
    }

    /** What the TLog's recovery found, for people. */
    RecoveryReport recovery() {
        io.mmsb.delta.internal.log.RecoveryReport r = tlog.recoveryReport();
        long last = r.lastGoodEpoch() == TLog.NO_EPOCH ? 0 : r.lastGoodEpoch();
        return switch (r) {
            case io.mmsb.delta.internal.log.RecoveryReport.Clean c -> RecoveryReport.clean(last);
            case io.mmsb.delta.internal.log.RecoveryReport.TornTail t -> new RecoveryReport(RecoveryReport.Outcome.TORN_TAIL, last,
                "an unfinished record at the end of " + t.segmentFile() + " (offset " + t.offset() + ", " + t.bytesDropped() + " bytes) was cut off; it had never been acknowledged");
            case io.mmsb.delta.internal.log.RecoveryReport.Corrupt c -> new RecoveryReport(RecoveryReport.Outcome.CORRUPT, last,
                "damaged bytes in " + c.segmentFile() + " at offset " + c.offset() + " (" + c.reason() + "); recovery kept epochs up to " + last
                    + " and moved the damaged bytes aside to " + c.quarantineFiles());
        };
    }

    List<LogRecord> records() {
        return tlog.recovered();
    }

    /** A record that passed its checksums but does not decode: corruption at that record. */
    static CorruptLogException undecodable(LogRecord r, RuntimeException e) {
        return new CorruptLogException(LogFormat.segmentName(LogPosition.segment(r.position())), LogPosition.offset(r.position()),
            "record of epoch " + r.epoch() + " does not decode: " + e.getMessage());
    }

    @Override
    public void append(long epoch, int type, MemorySegment... parts) {
        tlog.append(epoch, type, parts);
    }

    @Override
    public void sync() {
        tlog.sync();
    }

    @Override
    public long durableEpoch() {
        long e = tlog.durableEpoch();
        return e == TLog.NO_EPOCH ? 0 : e;
    }

    @Override
    public void awaitDurable(long epoch) {
        tlog.awaitDurable(epoch);
    }

    @Override
    public void close() {
        tlog.close();
    }
}
