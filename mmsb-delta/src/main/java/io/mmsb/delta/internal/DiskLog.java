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
import io.mmsb.delta.LogIOException;
import io.mmsb.delta.StoreLockedException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
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
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DiskLog(TLog tlog, FileChannel lockChannel, FileLock lock) {
        this.tlog = tlog;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens the log in {@code dir}, holding the directory's lock file ({@code mmsb.lock}) until close. */
    static DiskLog open(Path dir, StoreOptions o) {
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(dir.resolve("mmsb.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreLockedException("the store at " + dir.toAbsolutePath() + " is already open (its mmsb.lock is held); close the other Store first");
            }
            return new DiskLog(TLog.open(dir, logOptions(o)), ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new LogIOException(dir.resolve("mmsb.lock").toString(), "lock the store directory", e);
        } catch (RuntimeException | Error e) {
            closeQuietly(ch);
            throw e;
        }
    }

    static DiskLog open(LogBackend backend, StoreOptions o) {
        return new DiskLog(TLog.open(backend, logOptions(o)), null, null);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the open already failed; that failure is reported
            }
        }
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
        try {
            tlog.close();
        } finally {
            if (lockChannel != null) {
                try {
                    lock.release();
                    lockChannel.close();
                } catch (IOException e) {
                    throw new LogIOException("mmsb.lock", "release the store lock", e);
                }
            }
        }
    }
}
