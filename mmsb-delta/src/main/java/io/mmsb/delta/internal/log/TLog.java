package io.mmsb.delta.internal.log;

import io.mmsb.delta.Durability;
import io.mmsb.delta.LogClosedException;
import io.mmsb.delta.LogEpochException;
import io.mmsb.delta.LogException;
import io.mmsb.delta.LogIOException;
import io.mmsb.delta.RecoveryReport;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transaction log: an append-only sequence of checksummed records in segment files.
 *
 * <p><b>Threads.</b> One writer thread calls {@link #append} and {@link #close}; {@link #sync},
 * {@link #awaitDurable}, {@link #lastEpoch} and {@link #durableEpoch} may be called from any
 * thread at any time before {@code close}. In {@link Durability#GROUP_COMMIT} mode a background
 * flusher thread, owned and stopped by this log, forces the log periodically.
 *
 * <p><b>Ownership.</b> The log owns a shared {@link Arena} holding the read-only mappings of the
 * recovered segments, the open file of the active segment and the flusher; {@link #close} releases
 * all three, after which the payloads of {@link #recovered()} must not be touched. The caller keeps
 * ownership of the {@link LogBackend}.
 *
 * <p><b>Failures.</b> Once a write or force fails (in any thread, the flusher included) the log is
 * failed: every later {@code append}, {@code sync}, {@code awaitDurable} throws a
 * {@link LogIOException} carrying the first failure, because the file's state after a failed write
 * or fsync is unknown. Reopening runs recovery, which keeps every acknowledged record.
 *
 * <p><b>Read-only.</b> Opened with {@link LogOptions#readOnly()}, the log changes no file: recovery
 * reports a torn tail without cutting it and throws on corruption; {@code append} and {@code sync}
 * throw.
 *
 * <p><b>Durable mark.</b> At segment switches, {@link #sync()} and {@link #close()} the log appends
 * the forced epoch to {@code tlog.durable}, so that recovery can tell forced records that vanished
 * from a torn write.
 *
 * <p>On-disk format, commit and recovery protocols: docs/FORMAT.md.
 */
public final class TLog implements AutoCloseable {
    /** {@link #lastEpoch()} / {@link #durableEpoch()} of a log holding no record; epochs are positive. */
    public static final long NO_EPOCH = 0;
    /** Every payload starts at a file offset, and a mapped address, that is a multiple of this. */
    public static final int PAYLOAD_ALIGNMENT = LogFormat.ALIGNMENT;

    private final LogBackend backend;
    private final LogOptions options;
    private final Arena arena = Arena.ofShared();
    private final RecoveryReport report;
    private final List<LogRecord> recovered;

    /** Guards forcing, segment switches and the durable epoch; see {@link #forceActive()}. */
    private final ReentrantLock forceLock = new ReentrantLock();
    private final Condition durableAdvanced = forceLock.newCondition();
    private final Flusher flusher;

    /** Active segment; replaced only under {@link #forceLock}. */
    private LogBackend.AppendFile active;
    private String activeName;
    private long activeSequence;
    private long nextSequence;
    /** The durable-mark file, opened on the first mark; guarded by {@link #forceLock}. */
    private LogBackend.AppendFile markFile;
    /** The epoch the durable-mark file says; guarded by {@link #forceLock}. */
    private long markedEpoch;

    /** Epoch of the last record fully written; published after the write. */
    private volatile long lastEpoch;
    private volatile long durableEpoch;
    private volatile LogIOException failure;
    private volatile boolean closed;

    private TLog(LogBackend backend, LogOptions options) {
        this.backend = backend;
        this.options = options;
        Recovery.Result result;
        try {
            result = Recovery.run(backend, Recovery.Mode.of(options));
            this.recovered = mapRecords(result);
            this.markedEpoch = result.durableMark();
            if (!options.readOnly()) {
                openLastSegment(result);
            }
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        this.report = result.report();
        this.nextSequence = result.nextSequence();
        this.lastEpoch = result.report().lastGoodEpoch();
        this.durableEpoch = lastEpoch;
        this.flusher = options.durability() == Durability.GROUP_COMMIT && !options.readOnly() ? new Flusher() : null;
        if (!options.readOnly() && markedEpoch != lastEpoch) {
            // every recovered record is durable now (openLastSegment forced the last segment); after a
            // recovery that lost marked epochs the mark comes down, so the loss is reported once
            forceLock.lock();
            try {
                markLocked();
            } catch (RuntimeException e) {
                closeQuietly();
                throw e;
            } finally {
                forceLock.unlock();
            }
        }
    }

    /**
     * Opens the log in {@code backend}, running recovery first.
     *
     * @throws io.mmsb.delta.CorruptLogException in strict or read-only mode, if any segment is
     *     corrupt, holds bytes MMSB did not write, or records below the durable mark are missing
     * @throws io.mmsb.delta.LogFormatVersionException if a segment or record has a version this
     *     build cannot read
     * @throws LogIOException if a file operation fails
     */
    public static TLog open(LogBackend backend, LogOptions options) {
        TLog log = new TLog(backend, options);
        if (log.flusher != null) {
            log.flusher.start();
        }
        return log;
    }

    /**
     * Opens the log in directory {@code directory} on real files; the directory is created if
     * missing, unless the options are read-only (then it must exist).
     */
    public static TLog open(Path directory, LogOptions options) {
        return open(Recovery.io(directory.toString(), options.readOnly() ? "open directory" : "create directory",
                () -> new FileLogBackend(directory, !options.readOnly())), options);
    }

    /** @return what recovery found when this log was opened */
    public RecoveryReport recoveryReport() {
        return report;
    }

    /** @return the records that survived recovery, in log order; payloads valid until close */
    public List<LogRecord> recovered() {
        return recovered;
    }

    /** @return the options this log was opened with */
    public LogOptions options() {
        return options;
    }

    /**
     * Appends one record whose payload is the concatenation of {@code payloadParts}. Writer thread
     * only. Returns after the write; in {@link Durability#SYNC_EACH_COMMIT} mode after the force.
     *
     * @param epoch the record's epoch; must be greater than {@link #lastEpoch()}
     * @param type the record's type tag, 0..65535
     * @return the record's {@link LogPosition}
     * @throws LogEpochException if {@code epoch} is not greater than the last appended epoch
     * @throws LogIOException if writing or forcing fails, now or earlier
     */
    public long append(long epoch, int type, MemorySegment... payloadParts) {
        checkUsable("append");
        if (epoch <= lastEpoch) {
            throw new LogEpochException("append epoch " + epoch + " must be greater than the last appended epoch "
                    + lastEpoch);
        }
        if (type < 0 || type > LogFormat.MAX_TYPE) {
            throw new IllegalArgumentException("record type " + type + " outside [0, " + LogFormat.MAX_TYPE + "]");
        }
        long length = 0;
        for (MemorySegment part : payloadParts) {
            length += part.byteSize();
        }
        long recordBytes = LogFormat.recordBytes(length);
        if (recordBytes > LogPosition.MAX_OFFSET - LogFormat.HEADER_BYTES) {
            throw new IllegalArgumentException("record payload of " + length + " bytes is too large");
        }
        if (active == null || (active.size() > LogFormat.HEADER_BYTES
                && active.size() + recordBytes > options.segmentBytes())) {
            roll(epoch);
        }
        long offset = active.size();
        write("write record", record(epoch, type, length, payloadParts));
        lastEpoch = epoch;
        if (options.durability() == Durability.SYNC_EACH_COMMIT) {
            forceActive();
        }
        return LogPosition.of(activeSequence, offset);
    }

    /**
     * Forces every record appended so far to disk. Any thread.
     *
     * @throws LogIOException if forcing fails, now or earlier
     */
    public void sync() {
        checkUsable("sync");
        forceLock.lock();
        try {
            forceLocked();
            markLocked();
        } finally {
            forceLock.unlock();
        }
    }

    /** @return the epoch of the last appended record, or {@link #NO_EPOCH} */
    public long lastEpoch() {
        return lastEpoch;
    }

    /** @return the highest epoch known forced to disk, or {@link #NO_EPOCH} */
    public long durableEpoch() {
        return durableEpoch;
    }

    /**
     * Blocks until the record of {@code epoch} (and all before it) is durable. Any thread. In
     * group-commit mode waits for the flusher; in the other modes forces if needed.
     *
     * @throws LogEpochException if no record of that epoch or later was appended
     * @throws LogIOException if forcing failed (in the flusher too)
     * @throws LogClosedException if the log was closed before the epoch became durable
     */
    public void awaitDurable(long epoch) {
        checkUsable("awaitDurable");
        if (epoch > lastEpoch) {
            throw new LogEpochException("awaitDurable(" + epoch + "): no record of that epoch was appended; last epoch is "
                    + lastEpoch);
        }
        if (options.durability() != Durability.GROUP_COMMIT) {
            if (durableEpoch < epoch) {
                forceActive();
            }
            return;
        }
        forceLock.lock();
        try {
            while (durableEpoch < epoch && failure == null && !closed) {
                durableAdvanced.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogException("interrupted while waiting for epoch " + epoch + " to become durable", e);
        } finally {
            forceLock.unlock();
        }
        if (durableEpoch < epoch) {
            checkUsable("awaitDurable");
        }
    }

    /**
     * Stops the flusher, forces what was appended, closes the active segment and releases every
     * mapping. Writer thread; idempotent.
     *
     * @throws LogIOException if the final force fails or the log had failed earlier (a failure
     *     is never swallowed); resources are released anyway
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (flusher != null) {
                flusher.shutdown();
            }
            if (!options.readOnly()) {
                sync(); // throws the recorded failure, if any: never swallowed
            }
        } finally {
            forceLock.lock(); // no sync() from another thread is inside force while the file closes
            try {
                closed = true;
                durableAdvanced.signalAll();
                closeQuietly();
            } finally {
                forceLock.unlock();
            }
        }
    }

    // ---- writing

    private static ByteBuffer[] record(long epoch, int type, long length, MemorySegment[] parts) {
        List<ByteBuffer> buffers = new ArrayList<>();
        buffers.add(LogFormat.encodeRecordHeader(type, epoch, length, LogFormat.crc32c(parts)));
        for (MemorySegment part : parts) {
            buffers.addAll(LogFormat.buffers(part));
        }
        buffers.add(LogFormat.padding(length));
        return buffers.toArray(ByteBuffer[]::new);
    }

    /**
     * Starts segment {@link #nextSequence}: forces and closes the current one (so every segment
     * but the last is always complete on disk), creates the new file, makes its directory entry
     * durable, then writes its header.
     */
    private void roll(long firstEpoch) {
        forceLock.lock();
        try {
            if (active != null) {
                forceLocked();
                markLocked();
                closeActive();
            }
            String name = LogFormat.segmentName(nextSequence);
            active = Recovery.io(name, "create segment", () -> backend.create(name));
            activeName = name;
            activeSequence = nextSequence++;
            guard(backend.describe(), "sync directory", backend::syncDirectory);
            write("write segment header", LogFormat.encodeSegmentHeader(activeSequence, firstEpoch));
        } finally {
            forceLock.unlock();
        }
    }

    /**
     * Appends an entry to the durable-mark file saying {@link #durableEpoch} is forced, and forces
     * it, if the file does not say so already. Caller holds {@link #forceLock}; called after a
     * force, at a segment switch, by {@link #sync()} and {@link #close()}, and once at open.
     */
    private void markLocked() {
        long epoch = durableEpoch;
        if (epoch == markedEpoch) {
            return;
        }
        String name = LogFormat.DURABLE_MARK_FILE;
        if (markFile == null) {
            boolean exists = Recovery.io(backend.describe(), "list directory", backend::list).contains(name);
            LogBackend.AppendFile file = exists
                    ? Recovery.io(name, "open for append", () -> backend.openAppend(name))
                    : Recovery.io(name, "create", () -> backend.create(name));
            markFile = file;
            if (!exists) {
                guard(backend.describe(), "sync directory", backend::syncDirectory);
            }
            long misaligned = file.size() % LogFormat.HEADER_BYTES;
            if (misaligned != 0) { // an entry cut by a crash: pad it out (zeros are no entry), never cut
                guard(name, "write durable mark", () -> file.write(ByteBuffer.allocate(
                        (int) (LogFormat.HEADER_BYTES - misaligned))));
            }
        }
        long sequence = activeSequence;
        guard(name, "write durable mark", () -> markFile.write(LogFormat.encodeMark(epoch, sequence)));
        guard(name, "force durable mark", markFile::force);
        markedEpoch = epoch;
    }

    private void write(String operation, ByteBuffer... buffers) {
        guard(activeName, operation, () -> active.write(buffers));
    }

    /** Forces the active segment and publishes the epoch written before the force began. */
    private void forceActive() {
        forceLock.lock();
        try {
            forceLocked();
        } finally {
            forceLock.unlock();
        }
    }

    private void forceLocked() {
        if (closed) {
            throw new LogClosedException("sync");
        }
        throwIfFailed();
        long written = lastEpoch;
        if (written == durableEpoch || active == null) {
            return;
        }
        guard(activeName, "force", active::force);
        durableEpoch = written;
        durableAdvanced.signalAll();
    }

    /** Runs an I/O step; a failure fails the whole log (see class comment) and is rethrown. */
    private void guard(String file, String operation, Recovery.IoAction action) {
        try {
            Recovery.io(file, operation, action);
        } catch (LogIOException e) {
            if (failure == null) {
                failure = e;
            }
            signalWaiters();
            throw e;
        }
    }

    // ---- state checks and cleanup

    private void checkUsable(String operation) {
        if (closed) {
            throw new LogClosedException(operation);
        }
        if (options.readOnly()) {
            throw new LogException(operation + ": the transaction log was opened read-only");
        }
        throwIfFailed();
    }

    private void throwIfFailed() {
        LogIOException first = failure;
        if (first != null) {
            throw new LogIOException("the transaction log failed earlier and accepts no more writes; reopen it to "
                    + "recover", first);
        }
    }

    private void signalWaiters() {
        forceLock.lock();
        try {
            durableAdvanced.signalAll();
        } finally {
            forceLock.unlock();
        }
    }

    private void closeActive() {
        LogBackend.AppendFile file = active;
        active = null;
        if (file != null) {
            Recovery.io(activeName, "close", file::close);
        }
    }

    private void closeQuietly() {
        try {
            closeActive();
        } catch (LogIOException e) {
            // the log is going away; the close failure cannot lose forced data
        } finally {
            LogBackend.AppendFile mark = markFile;
            markFile = null;
            if (mark != null) {
                try {
                    mark.close();
                } catch (IOException e) {
                    // the mark was forced when written
                }
            }
            arena.close();
        }
    }

    // ---- open

    private List<LogRecord> mapRecords(Recovery.Result result) {
        List<LogRecord> out = new ArrayList<>(result.records().size());
        int next = 0;
        for (Recovery.KeptSegment segment : result.segments()) {
            MemorySegment mapping = Recovery.io(segment.name(), "map",
                    () -> backend.mapReadOnly(segment.name(), segment.length(), arena));
            for (; next < result.records().size() && result.records().get(next).segment() == segment.sequence();
                    next++) {
                SegmentScan.Entry e = result.records().get(next);
                MemorySegment payload = mapping.asSlice(e.offset() + LogFormat.HEADER_BYTES, e.length()).asReadOnly();
                out.add(new LogRecord(e.epoch(), e.type(), payload, LogPosition.of(e.segment(), e.offset())));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Reopens the last kept segment for appending and forces it: its tail may have been written
     * but not forced before a crash, and recovered records count as durable.
     */
    private void openLastSegment(Recovery.Result result) {
        if (result.segments().isEmpty()) {
            return;
        }
        Recovery.KeptSegment last = result.segments().getLast();
        activeName = last.name();
        activeSequence = last.sequence();
        active = Recovery.io(last.name(), "open for append", () -> backend.openAppend(last.name()));
        Recovery.io(last.name(), "force", active::force);
    }

    /**
     * Group commit: forces the log every interval while records are waiting. Stopped by a flag and
     * a signal, never by an interrupt: interrupting a thread inside FileChannel.force closes the
     * channel.
     */
    private final class Flusher extends Thread {
        private volatile boolean running = true;

        Flusher() {
            super("mmsb-tlog-flusher");
            setDaemon(true);
        }

        @Override
        public void run() {
            long intervalNanos = options.groupCommitInterval().toNanos();
            while (running && failure == null) {
                if (lastEpoch != durableEpoch) {
                    try {
                        forceActive();
                    } catch (LogIOException e) {
                        return; // recorded in failure by guard(); reported to the next caller
                    }
                }
                pause(intervalNanos);
            }
        }

        private void pause(long nanos) {
            forceLock.lock();
            try {
                if (running) {
                    durableAdvanced.awaitNanos(nanos);
                }
            } catch (InterruptedException e) {
                running = false;
            } finally {
                forceLock.unlock();
            }
        }

        void shutdown() {
            running = false;
            signalWaiters();
            try {
                join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
