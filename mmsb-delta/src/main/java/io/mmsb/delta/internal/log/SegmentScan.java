package io.mmsb.delta.internal.log;

import static io.mmsb.delta.internal.log.LogFormat.HEADER_BYTES;

import io.mmsb.delta.LogFormatTooNewException;
import io.mmsb.delta.LogFormatTooOldException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies one segment's bytes front to back and lists its records, stopping at the first thing
 * that fails verification. Decides nothing about repair: {@link Recovery} does that.
 */
final class SegmentScan {

    /**
     * Where and why verification stopped.
     *
     * @param offset offset of the segment header or record header that failed
     * @param reason what was wrong and what was expected
     * @param torn true if an incomplete write explains it (a header or record cut short by the
     *     end of the file, or a segment with no record yet); only a torn tail if in the last segment
     * @param payloadCrc true if a verified record header's payload failed its CRC (a payload cut by
     *     zeros looks like that)
     */
    record Stop(long offset, String reason, boolean torn, boolean payloadCrc) {
        Stop(long offset, String reason, boolean torn) {
            this(offset, reason, torn, false);
        }
    }

    /** A verified record: where it is and what its header says. */
    record Entry(long segment, long offset, long epoch, int type, long length) {}

    private final String name;
    private final long sequence;
    private final MemorySegment bytes;
    private final List<Entry> entries = new ArrayList<>();
    private long lastEpoch;
    private Stop stop;

    private SegmentScan(String name, long sequence, MemorySegment bytes, long previousEpoch) {
        this.name = name;
        this.sequence = sequence;
        this.bytes = bytes;
        this.lastEpoch = previousEpoch;
    }

    /**
     * @param name the segment file name
     * @param sequence the sequence number from the file name
     * @param bytes the whole file, mapped
     * @param previousEpoch epoch of the last record before this segment, or {@link TLog#NO_EPOCH}
     * @throws LogFormatTooOldException if a header has a version older than this build reads
     * @throws LogFormatTooNewException if a header has a version newer than this build reads
     */
    static SegmentScan scan(String name, long sequence, MemorySegment bytes, long previousEpoch) {
        SegmentScan scan = new SegmentScan(name, sequence, bytes, previousEpoch);
        scan.run();
        return scan;
    }

    /** @return the records verified, in order */
    List<Entry> entries() {
        return entries;
    }

    /** @return epoch of the last verified record, or the previous segment's if none */
    long lastEpoch() {
        return lastEpoch;
    }

    /** @return why verification stopped before the end of the file, or null if it did not */
    Stop stop() {
        return stop;
    }

    private void run() {
        long firstEpoch = verifySegmentHeader();
        long at = HEADER_BYTES;
        while (stop == null && at < bytes.byteSize()) {
            at = verifyRecord(at, entries.isEmpty() ? firstEpoch : lastEpoch);
        }
        if (stop == null && entries.isEmpty()) {
            stop = new Stop(HEADER_BYTES, "segment holds no record (a segment is created with its first record)",
                    true);
        }
    }

    /** @return the first epoch the header announces; meaningless once {@link #stop} is set */
    private long verifySegmentHeader() {
        if (bytes.byteSize() < HEADER_BYTES) {
            return fail(0, "segment header cut short: " + bytes.byteSize() + " of " + HEADER_BYTES + " bytes", true);
        }
        MemorySegment h = bytes.asSlice(0, HEADER_BYTES);
        long magic = h.get(LogFormat.I64, LogFormat.SEGMENT_MAGIC_AT);
        if (magic != LogFormat.SEGMENT_MAGIC) {
            return fail(0, String.format("bad segment magic 0x%016x, expected 0x%016x", magic, LogFormat.SEGMENT_MAGIC),
                    false);
        }
        if (!LogFormat.headerCrcValid(h)) {
            return fail(0, "segment header CRC32C mismatch", false);
        }
        checkVersion("segment header", 0, LogFormat.version(h, LogFormat.SEGMENT_VERSION));
        long headerSequence = h.get(LogFormat.I64, LogFormat.SEGMENT_SEQUENCE);
        if (headerSequence != sequence) {
            return fail(0, "segment header says sequence " + headerSequence + ", file name says " + sequence, false);
        }
        int headerLength = Short.toUnsignedInt(h.get(LogFormat.U16, LogFormat.SEGMENT_HEADER_LENGTH));
        if (headerLength != HEADER_BYTES) {
            return fail(0, "segment header length " + headerLength + ", expected " + HEADER_BYTES, false);
        }
        long firstEpoch = h.get(LogFormat.I64, LogFormat.SEGMENT_FIRST_EPOCH);
        if (firstEpoch <= lastEpoch) {
            return fail(0, "segment first epoch " + firstEpoch + " is not greater than the previous record's epoch "
                    + lastEpoch, false);
        }
        return firstEpoch;
    }

    /**
     * Verifies the record at {@code at}; on success lists it.
     *
     * @param expectedEpoch the first epoch from the segment header for the segment's first record
     *     (which must match exactly), else the previous epoch (which must be exceeded)
     * @return the offset after the record
     */
    private long verifyRecord(long at, long expectedEpoch) {
        long available = bytes.byteSize() - at;
        if (available < HEADER_BYTES) {
            return fail(at, "record header cut short: " + available + " of " + HEADER_BYTES + " bytes", true);
        }
        MemorySegment h = bytes.asSlice(at, HEADER_BYTES);
        int magic = h.get(LogFormat.I32, LogFormat.RECORD_MAGIC_AT);
        if (magic != LogFormat.RECORD_MAGIC) {
            return fail(at, String.format("bad record magic 0x%08x, expected 0x%08x", magic, LogFormat.RECORD_MAGIC),
                    false);
        }
        if (!LogFormat.headerCrcValid(h)) {
            return fail(at, "record header CRC32C mismatch", false);
        }
        checkVersion("record header", at, LogFormat.version(h, LogFormat.RECORD_VERSION));
        long epoch = h.get(LogFormat.I64, LogFormat.RECORD_EPOCH);
        long length = h.get(LogFormat.I64, LogFormat.RECORD_LENGTH);
        if (length < 0 || length > LogPosition.MAX_OFFSET) {
            return fail(at, "record payload length " + length + " outside [0, " + LogPosition.MAX_OFFSET + "]", false);
        }
        long end = at + LogFormat.recordBytes(length);
        if (end > bytes.byteSize()) {
            return fail(at, "record needs " + (end - at) + " bytes, the file has " + available + " left", true);
        }
        MemorySegment payload = bytes.asSlice(at + HEADER_BYTES, length);
        if (h.get(LogFormat.I32, LogFormat.RECORD_PAYLOAD_CRC) != LogFormat.crc32c(payload)) {
            stop = new Stop(at, "record payload CRC32C mismatch (epoch " + epoch + ", " + length + " bytes)", false, true);
            return bytes.byteSize();
        }
        if (!LogFormat.allZero(bytes.asSlice(at + HEADER_BYTES + length, end - at - HEADER_BYTES - length))) {
            return fail(at, "record padding after the payload is not zero (epoch " + epoch + ")", false);
        }
        boolean first = entries.isEmpty();
        if (first ? epoch != expectedEpoch : epoch <= expectedEpoch) {
            return fail(at, first
                    ? "first record epoch " + epoch + " differs from the segment header's first epoch " + expectedEpoch
                    : "epoch regression: record epoch " + epoch + " is not greater than the previous " + expectedEpoch,
                    false);
        }
        entries.add(new Entry(sequence, at, epoch, Short.toUnsignedInt(h.get(LogFormat.U16, LogFormat.RECORD_TYPE)),
                length));
        lastEpoch = epoch;
        return end;
    }

    private long fail(long offset, String reason, boolean torn) {
        stop = new Stop(offset, reason, torn);
        return bytes.byteSize();
    }

    private void checkVersion(String what, long offset, int version) {
        if (version < LogFormat.MIN_READABLE_VERSION) {
            throw new LogFormatTooOldException(what, name, offset, version, LogFormat.MIN_READABLE_VERSION,
                    LogFormat.MAX_READABLE_VERSION);
        }
        if (version > LogFormat.MAX_READABLE_VERSION) {
            throw new LogFormatTooNewException(what, name, offset, version, LogFormat.MIN_READABLE_VERSION,
                    LogFormat.MAX_READABLE_VERSION);
        }
    }
}
