package io.mmsb.delta.internal.log;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The on-disk format, version 1 (docs/FORMAT.md): segment names, header layouts, CRC32C and
 * alignment. All integers are little-endian. Every version keeps the magic at offset 0, the
 * version at {@link #SEGMENT_VERSION} / {@link #RECORD_VERSION} and the header CRC32C in the last
 * four bytes of a 64-byte header, so a reader can tell a newer format from damage.
 */
public final class LogFormat {
    /** The version this build writes. */
    static final int VERSION = 1;
    /** Oldest version this build reads. */
    static final int MIN_READABLE_VERSION = 1;
    /** Newest version this build reads. */
    static final int MAX_READABLE_VERSION = 1;

    /** Size of a segment header and of a record header; also the payload alignment. */
    static final int HEADER_BYTES = 64;
    static final int ALIGNMENT = 64;

    /** "MMSBTLOG" in ASCII, read as a little-endian long. */
    static final long SEGMENT_MAGIC = 0x474F4C5442534D4DL;
    /** "MREC" in ASCII, read as a little-endian int. */
    static final int RECORD_MAGIC = 0x4345524D;

    // segment header offsets
    static final int SEGMENT_MAGIC_AT = 0;
    static final int SEGMENT_VERSION = 8;
    static final int SEGMENT_HEADER_LENGTH = 10;
    static final int SEGMENT_SEQUENCE = 16;
    static final int SEGMENT_FIRST_EPOCH = 24;
    // record header offsets
    static final int RECORD_MAGIC_AT = 0;
    static final int RECORD_VERSION = 4;
    static final int RECORD_TYPE = 6;
    static final int RECORD_EPOCH = 8;
    static final int RECORD_LENGTH = 16;
    static final int RECORD_PAYLOAD_CRC = 24;
    /** Offset of the header CRC32C (over bytes 0..59) in both headers. */
    static final int HEADER_CRC = 60;

    static final int MAX_TYPE = 0xFFFF;

    /** "MDUR" in ASCII, read as a little-endian int: an entry of the durable-mark file. */
    static final int MARK_MAGIC = 0x5255444D;
    static final int MARK_VERSION = 4;
    static final int MARK_EPOCH = 8;
    static final int MARK_SEQUENCE = 16;
    /** The durable-mark file: 64-byte entries, the last valid one says which epoch was last recorded forced. */
    public static final String DURABLE_MARK_FILE = "tlog.durable";

    static final String SEGMENT_SUFFIX = ".tlog";
    static final String QUARANTINE_SUFFIX = ".quarantine";
    private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{20})\\.tlog");

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Largest chunk handed to a single ByteBuffer (ByteBuffers are int-indexed). */
    private static final long CHUNK = 1L << 30;
    private static final MemorySegment ZEROS = MemorySegment.ofArray(new byte[ALIGNMENT]);

    private LogFormat() {}

    /** @return the file name of segment {@code sequence}: 20 digits and ".tlog" */
    public static String segmentName(long sequence) {
        return String.format("%020d%s", sequence, SEGMENT_SUFFIX);
    }

    /** @return the sequence number encoded in a segment file name, empty if not a segment name */
    static OptionalLong parseSegmentName(String name) {
        Matcher m = SEGMENT_NAME.matcher(name);
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** @return {@code length} rounded up to a multiple of {@link #ALIGNMENT} */
    static long padded(long length) {
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** @return header plus padded payload: how many file bytes a record takes */
    static long recordBytes(long payloadLength) {
        return HEADER_BYTES + padded(payloadLength);
    }

    static ByteBuffer encodeSegmentHeader(long sequence, long firstEpoch) {
        MemorySegment h = MemorySegment.ofArray(new byte[HEADER_BYTES]);
        h.set(I64, SEGMENT_MAGIC_AT, SEGMENT_MAGIC);
        h.set(U16, SEGMENT_VERSION, (short) VERSION);
        h.set(U16, SEGMENT_HEADER_LENGTH, (short) HEADER_BYTES);
        h.set(I64, SEGMENT_SEQUENCE, sequence);
        h.set(I64, SEGMENT_FIRST_EPOCH, firstEpoch);
        return seal(h);
    }

    static ByteBuffer encodeRecordHeader(int type, long epoch, long payloadLength, int payloadCrc) {
        MemorySegment h = MemorySegment.ofArray(new byte[HEADER_BYTES]);
        h.set(I32, RECORD_MAGIC_AT, RECORD_MAGIC);
        h.set(U16, RECORD_VERSION, (short) VERSION);
        h.set(U16, RECORD_TYPE, (short) type);
        h.set(I64, RECORD_EPOCH, epoch);
        h.set(I64, RECORD_LENGTH, payloadLength);
        h.set(I32, RECORD_PAYLOAD_CRC, payloadCrc);
        return seal(h);
    }

    /**
     * @return a durable-mark entry: epochs up to {@code epoch} (in segment {@code sequence} or
     *     earlier) had been forced when it was written
     */
    static ByteBuffer encodeMark(long epoch, long sequence) {
        MemorySegment h = MemorySegment.ofArray(new byte[HEADER_BYTES]);
        h.set(I32, 0, MARK_MAGIC);
        h.set(U16, MARK_VERSION, (short) VERSION);
        h.set(I64, MARK_EPOCH, epoch);
        h.set(I64, MARK_SEQUENCE, sequence);
        return seal(h);
    }

    /**
     * @return the epoch of the last valid entry of a durable-mark file (entries with a bad magic,
     *     CRC or an unknown version, and a cut last entry, are skipped), or 0 if there is none
     */
    static long readMark(MemorySegment file) {
        long mark = 0;
        for (long at = 0; at + HEADER_BYTES <= file.byteSize(); at += HEADER_BYTES) {
            MemorySegment h = file.asSlice(at, HEADER_BYTES);
            if (h.get(I32, 0) == MARK_MAGIC && headerCrcValid(h) && version(h, MARK_VERSION) == VERSION) {
                mark = h.get(I64, MARK_EPOCH);
            }
        }
        return mark;
    }

    /** The first bytes of a segment header and of a record header: their magic, as on disk. */
    static final MemorySegment SEGMENT_MAGIC_BYTES = MemorySegment.ofArray(
            "MMSBTLOG".getBytes(StandardCharsets.US_ASCII));
    static final MemorySegment RECORD_MAGIC_BYTES = MemorySegment.ofArray(
            "MREC".getBytes(StandardCharsets.US_ASCII));

    /**
     * @return true if {@code bytes} could be the beginning of a header with that magic, written
     *     incompletely: it starts with a prefix of the magic and is zero from where it stops matching
     */
    static boolean startsLikeHeader(MemorySegment bytes, MemorySegment magic) {
        long n = Math.min(bytes.byteSize(), magic.byteSize());
        long m = MemorySegment.mismatch(bytes, 0, n, magic, 0, n);
        return m == -1 || allZero(bytes.asSlice(m));
    }

    /** @return the offset where the run of zero bytes that ends {@code bytes} begins (its size if it ends non-zero) */
    static long trailingZerosFrom(MemorySegment bytes) {
        long at = bytes.byteSize();
        while (at > 0 && bytes.get(ValueLayout.JAVA_BYTE, at - 1) == 0) {
            at--;
        }
        return at;
    }

    /** Writes the header CRC into the last four bytes and wraps the header as a buffer. */
    private static ByteBuffer seal(MemorySegment header) {
        header.set(I32, HEADER_CRC, headerCrc(header));
        return header.asByteBuffer();
    }

    /** @return the CRC32C of bytes [0, 60) of a 64-byte header */
    static int headerCrc(MemorySegment header) {
        return crc32c(header.asSlice(0, HEADER_CRC));
    }

    /** @return true if the CRC stored in the header matches its bytes */
    static boolean headerCrcValid(MemorySegment header) {
        return header.get(I32, HEADER_CRC) == headerCrc(header);
    }

    static int version(MemorySegment header, int versionOffset) {
        return Short.toUnsignedInt(header.get(U16, versionOffset));
    }

    /** @return the CRC32C of the concatenation of {@code parts} */
    static int crc32c(MemorySegment... parts) {
        CRC32C crc = new CRC32C();
        for (MemorySegment part : parts) {
            for (ByteBuffer chunk : buffers(part)) {
                crc.update(chunk);
            }
        }
        return (int) crc.getValue();
    }

    /** @return the zero bytes that pad a payload of {@code length} bytes up to the alignment */
    static ByteBuffer padding(long length) {
        return ZEROS.asSlice(0, padded(length) - length).asByteBuffer();
    }

    /** @return true if every byte in the segment is zero */
    static boolean allZero(MemorySegment bytes) {
        for (long at = 0; at < bytes.byteSize(); at += ALIGNMENT) {
            long n = Math.min(ALIGNMENT, bytes.byteSize() - at);
            if (MemorySegment.mismatch(bytes, at, at + n, ZEROS, 0, n) != -1) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return fresh ByteBuffer views of {@code segment} in chunks a ByteBuffer can hold; heap
     *     segments not backed by a byte[] are copied
     */
    static List<ByteBuffer> buffers(MemorySegment segment) {
        List<ByteBuffer> out = new ArrayList<>();
        for (long at = 0; at < segment.byteSize(); at += CHUNK) {
            out.add(asBuffer(segment.asSlice(at, Math.min(CHUNK, segment.byteSize() - at))));
        }
        return out;
    }

    private static ByteBuffer asBuffer(MemorySegment chunk) {
        try {
            return chunk.asByteBuffer();
        } catch (UnsupportedOperationException notByteArrayBacked) {
            return ByteBuffer.wrap(chunk.toArray(ValueLayout.JAVA_BYTE));
        }
    }
}
