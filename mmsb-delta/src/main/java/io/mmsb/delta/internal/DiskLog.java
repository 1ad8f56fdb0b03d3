package io.mmsb.delta.internal;

import io.mmsb.delta.CorruptLogException;
import io.mmsb.delta.LogFormatTooNewException;
import io.mmsb.delta.RecoveryReport;
import io.mmsb.delta.StoreOptions;
import io.mmsb.delta.internal.log.LogBackend;
import io.mmsb.delta.internal.log.LogFormat;
import io.mmsb.delta.internal.log.LogOptions;
import io.mmsb.delta.internal.log.LogPosition;
import io.mmsb.delta.internal.log.LogRecord;
import io.mmsb.delta.internal.log.TLog;
import io.mmsb.delta.LogIOException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The log of a store on disk: the store's view of a {@link TLog}, plus what the store knows about
 * its records that the log does not (epochs are 1, 2, 3, ... without gaps; payloads carry a version).
 *
 * <p>Thread rules: as {@link TLog} (one writer; sync and awaitDurable from any thread).
 * Ownership: owns the TLog and its file mappings, which back the pages of replayed commits, and
 * its hold on the directory lock.
 */
final class DiskLog implements CommitLog {
    /** The directory's lock file; see {@link StoreLock}. */
    static final String LOCK_FILE = "mmsb.lock";

    private final TLog tlog;
    private final StoreLock lock;

    private DiskLog(TLog tlog, StoreLock lock) {
        this.tlog = tlog;
        this.lock = lock;
    }

    /**
     * Opens the log in {@code dir}: a writer holds the directory's lock file ({@code mmsb.lock})
     * exclusively until close; a read-only open takes no lock and changes no file: it reads the
     * records complete when it opens. A torn tail it finds while a writer holds the lock is that
     * writer's record in progress, not damage: the report is clean up to the last complete record.
     */
    static DiskLog open(Path dir, StoreOptions o) {
        StoreLock lock = null;
        try {
            if (!o.readOnly()) {
                Files.createDirectories(dir);
                lock = StoreLock.acquireWriter(dir);
            }
            DiskLog log = checked(TLog.open(dir, logOptions(o)), lock);
            if (o.readOnly() && log.tlog.recoveryReport() instanceof RecoveryReport.TornTail t && !t.cut() && StoreLock.writerActive(dir)) {
                log.live = new RecoveryReport.Clean(t.recordsRecovered(), t.lastGoodEpoch());
            }
            return log;
        } catch (IOException e) {
            release(lock);
            throw new LogIOException(dir.resolve(LOCK_FILE).toString(), "lock the store directory", e);
        } catch (RuntimeException | Error e) {
            release(lock);
            throw e;
        }
    }

    static DiskLog open(LogBackend backend, StoreOptions o) {
        return checked(TLog.open(backend, logOptions(o)), null);
    }

    /** Checks what the store knows of its records before any is replayed; closes the log on failure. */
    private static DiskLog checked(TLog tlog, StoreLock lock) {
        try {
            checkRecords(tlog.recovered());
        } catch (RuntimeException | Error e) {
            try {
                tlog.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new DiskLog(tlog, lock);
    }

    /**
     * Epochs must be 1, 2, 3, ...: a log that starts later lost its first segment(s), a gap means
     * records are missing in between (a segment cut at a record boundary). A commit payload whose
     * header has the commit magic and a newer payload version is a format this build cannot read,
     * not damage.
     */
    static void checkRecords(List<LogRecord> records) {
        long expected = 1;
        for (LogRecord r : records) {
            String segment = LogFormat.segmentName(LogPosition.segment(r.position()));
            long offset = LogPosition.offset(r.position());
            if (r.epoch() != expected) {
                throw new CorruptLogException(segment, offset, expected == 1
                    ? "segment missing: the log starts at epoch " + r.epoch() + " in " + segment + ", so the segment(s) holding epochs 1 to "
                        + (r.epoch() - 1) + " are missing"
                    : "records missing: epochs " + expected + " to " + (r.epoch() - 1) + " are not in the log before epoch " + r.epoch()
                        + " (a segment cut at a record boundary, or removed)");
            }
            checkPayloadVersion(r, segment, offset);
            expected++;
        }
    }

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The payload header: magic u32 at 0, version u16 at 4 (docs/FORMAT.md, "Commit payload"). */
    private static void checkPayloadVersion(LogRecord r, String segment, long offset) {
        MemorySegment p = r.payload();
        if (p.byteSize() >= 6 && p.get(I32, 0) == RecordCodec.COMMIT_MAGIC) {
            int version = Short.toUnsignedInt(p.get(U16, 4));
            if (version > CommitCodec.VERSION) {
                throw new LogFormatTooNewException("commit payload of epoch " + r.epoch(), segment, offset, version, 1,
                    CommitCodec.VERSION);
            }
        }
    }

    private static void release(StoreLock lock) {
        if (lock != null) {
            lock.close();
        }
    }

    private static LogOptions logOptions(StoreOptions o) {
        return LogOptions.defaults()
            .withSegmentBytes(o.segmentBytes())
            .withDurability(o.durability())
            .withGroupCommitInterval(Duration.ofMillis(o.groupCommitMillis()))
            .withStrictRecovery(o.strictRecovery())
            .withReadOnly(o.readOnly());
    }

    /**
     * A read-only open's report when the only thing after its last record was a writer's record in
     * progress (clean); null otherwise.
     */
    private RecoveryReport live;

    /** What the TLog's recovery found (a writer's record in progress is not damage). */
    RecoveryReport recovery() {
        return live != null ? live : tlog.recoveryReport();
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
        return tlog.durableEpoch();
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
            release(lock);
        }
    }
}
