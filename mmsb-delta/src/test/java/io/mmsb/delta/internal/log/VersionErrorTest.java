package io.mmsb.delta.internal.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.delta.LogFormatTooNewException;
import io.mmsb.delta.LogFormatTooOldException;
import io.mmsb.delta.LogFormatVersionException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A segment or record header with a valid CRC but a version this build does not read gives
 * LogFormatTooOld/TooNewException naming file, offset, the version found and the versions
 * supported, in strict and lenient mode alike, and changes no file.
 */
class VersionErrorTest {
    private static final String SEGMENT = LogFormat.segmentName(1);

    @ParameterizedTest
    @CsvSource({"segment, 0", "segment, 2", "segment, 65535", "record, 0", "record, 2"})
    void unsupportedVersionIsATypedErrorThatChangesNothing(String where, int version) {
        for (LogOptions options : List.of(LogOptions.defaults(), LogOptions.strict())) {
            FaultyBackend disk = new FaultyBackend(1);
            long secondRecord;
            try (TLog log = TLog.open(disk, options)) {
                log.append(1, 1, MemorySegment.ofArray(new byte[10]));
                secondRecord = LogPosition.offset(log.append(2, 1, MemorySegment.ofArray(new byte[100])));
            }
            boolean segment = where.equals("segment");
            long headerAt = segment ? 0 : secondRecord;
            byte[] bytes = withVersion(disk.bytes(SEGMENT), (int) headerAt,
                    segment ? LogFormat.SEGMENT_VERSION : LogFormat.RECORD_VERSION, version);
            disk.setBytes(SEGMENT, bytes);

            Class<? extends LogFormatVersionException> expected =
                    version < LogFormat.MIN_READABLE_VERSION ? LogFormatTooOldException.class
                            : LogFormatTooNewException.class;
            LogFormatVersionException e = assertThrows(expected, () -> TLog.open(disk, options));
            assertEquals(version, e.foundVersion());
            assertEquals(1, e.minSupported());
            assertEquals(1, e.maxSupported());
            String message = e.getMessage();
            assertTrue(message.contains((segment ? "segment" : "record") + " header in " + SEGMENT + " at offset "
                    + headerAt + " has format version " + version + "; this build reads versions 1 to 1"), message);
            assertEquals(List.of(SEGMENT, LogFormat.DURABLE_MARK_FILE), disk.list(), "no file created or renamed");
            assertArrayEquals(bytes, disk.bytes(SEGMENT), "no byte changed");
        }
    }

    /** @return a copy of {@code file} with the header at {@code at} set to {@code version}, CRC fixed */
    private static byte[] withVersion(byte[] file, int at, int versionOffset, int version) {
        byte[] copy = file.clone();
        MemorySegment header = MemorySegment.ofArray(copy).asSlice(at, LogFormat.HEADER_BYTES);
        header.set(LogFormat.U16, versionOffset, (short) version);
        header.set(LogFormat.I32, LogFormat.HEADER_CRC, LogFormat.headerCrc(header));
        return copy;
    }

}
