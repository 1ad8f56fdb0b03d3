package io.mmsb.delta.internal.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reusable fixtures for transaction-log tests (shipped in the test-jar for the Store's tests). */
public final class TLogTestSupport {
    private TLogTestSupport() {}

    /**
     * A record as the test appended it.
     *
     * @param epoch its epoch
     * @param type its type
     * @param payload its payload bytes
     */
    public record Written(long epoch, int type, byte[] payload) {
        /** @return the payload split in up to three parts, to exercise gathering appends */
        public MemorySegment[] parts(Random random) {
            MemorySegment all = MemorySegment.ofArray(payload);
            if (payload.length < 2) {
                return new MemorySegment[] {all};
            }
            int cut = 1 + random.nextInt(payload.length - 1);
            return new MemorySegment[] {all.asSlice(0, cut), all.asSlice(cut)};
        }
    }

    /** @return {@code count} records with epochs from {@code firstEpoch} up by 1..3 and sizes 0..maxSize */
    public static List<Written> randomRecords(Random random, int count, int maxSize, long firstEpoch) {
        List<Written> out = new ArrayList<>();
        long epoch = firstEpoch;
        for (int i = 0; i < count; i++) {
            byte[] payload = new byte[random.nextInt(maxSize + 1)];
            random.nextBytes(payload);
            out.add(new Written(epoch, random.nextInt(LogFormat.MAX_TYPE + 1), payload));
            epoch += 1 + random.nextInt(3);
        }
        return out;
    }

    /** Appends all records; @return their positions */
    public static List<Long> appendAll(TLog log, List<Written> records, Random random) {
        List<Long> positions = new ArrayList<>();
        for (Written w : records) {
            positions.add(log.append(w.epoch(), w.type(), w.parts(random)));
        }
        return positions;
    }

    /** Asserts that {@code actual} is exactly {@code expected}, record by record, byte by byte. */
    public static void assertRecords(List<Written> expected, List<LogRecord> actual) {
        assertEquals(expected.size(), actual.size(), "number of records");
        for (int i = 0; i < expected.size(); i++) {
            assertRecord(expected.get(i), actual.get(i), i);
        }
    }

    /**
     * Asserts that {@code actual} is a prefix of {@code expected} of at least {@code atLeast}
     * records, every record byte-identical.
     */
    public static void assertPrefix(List<Written> expected, List<LogRecord> actual, int atLeast) {
        assertTrue(actual.size() <= expected.size(),
                "recovered " + actual.size() + " records but only " + expected.size() + " were appended");
        assertTrue(actual.size() >= atLeast,
                "recovered " + actual.size() + " records but " + atLeast + " were acknowledged durable");
        for (int i = 0; i < actual.size(); i++) {
            assertRecord(expected.get(i), actual.get(i), i);
        }
    }

    private static void assertRecord(Written w, LogRecord r, int index) {
        assertEquals(w.epoch(), r.epoch(), "epoch of record " + index);
        assertEquals(w.type(), r.type(), "type of record " + index);
        assertArrayEquals(w.payload(), bytes(r.payload()), "payload of record " + index);
        assertTrue(r.payload().isReadOnly(), "payload must be read-only");
        assertEquals(0, r.payload().address() % TLog.PAYLOAD_ALIGNMENT, "payload of record " + index + " not aligned");
    }

    /** @return a copy of the bytes of a segment */
    public static byte[] bytes(MemorySegment segment) {
        return segment.toArray(ValueLayout.JAVA_BYTE);
    }

    /** @return file name to bytes for every file in {@code dir}, sorted by name */
    public static Map<String, byte[]> snapshot(Path dir) {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Writes {@code files} (name to bytes) into {@code dir}, which must exist. */
    public static void restore(Path dir, Map<String, byte[]> files) {
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(dir.resolve(f.getKey()), f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return names of the segment files in {@code files}, in log order */
    public static List<String> segmentNames(Map<String, byte[]> files) {
        return files.keySet().stream().filter(n -> LogFormat.parseSegmentName(n).isPresent()).sorted().toList();
    }

    /** @return the file offset just after the record appended at {@code position} */
    public static long recordEnd(long position, Written w) {
        return LogPosition.offset(position) + LogFormat.recordBytes(w.payload().length);
    }
}
