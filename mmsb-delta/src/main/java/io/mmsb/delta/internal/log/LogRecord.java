package io.mmsb.delta.internal.log;

import java.lang.foreign.MemorySegment;

/**
 * One record read back from the log.
 *
 * @param epoch the record's epoch
 * @param type the record's type tag (0..65535), meaningful to the layer above
 * @param payload the payload, a read-only slice of the segment's file mapping (zero-copy), 64-byte
 *     aligned; valid until the {@link TLog} that returned it is closed
 * @param position the record's {@link LogPosition}
 */
public record LogRecord(long epoch, int type, MemorySegment payload, long position) {}
