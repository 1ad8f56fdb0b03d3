package io.mmsb.delta.internal.log;

/**
 * A record's log position packed in a {@code long}: the segment sequence number in the high 23
 * bits and the byte offset of the record header in that segment file in the low 40 bits. Positions
 * grow with the log.
 */
public final class LogPosition {
    static final int OFFSET_BITS = 40;
    /** Largest offset a position can hold (1 TiB - 1). */
    public static final long MAX_OFFSET = (1L << OFFSET_BITS) - 1;

    private LogPosition() {}

    /** @return the position of the record at {@code offset} in segment {@code segment} */
    public static long of(long segment, long offset) {
        if (offset < 0 || offset > MAX_OFFSET || segment < 0 || segment >= (1L << (63 - OFFSET_BITS))) {
            throw new IllegalArgumentException("position out of range: segment " + segment + ", offset " + offset);
        }
        return (segment << OFFSET_BITS) | offset;
    }

    /** @return the segment sequence number of a position */
    public static long segment(long position) {
        return position >>> OFFSET_BITS;
    }

    /** @return the byte offset of the record header in its segment file */
    public static long offset(long position) {
        return position & MAX_OFFSET;
    }
}
