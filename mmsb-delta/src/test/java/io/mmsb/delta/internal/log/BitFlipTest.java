package io.mmsb.delta.internal.log;

import io.mmsb.delta.RecoveryReport;
import static io.mmsb.delta.internal.log.TLogTestSupport.assertRecords;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.delta.CorruptLogException;
import io.mmsb.delta.internal.log.TLogTestSupport.Written;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flipped bit anywhere in any segment (headers, payloads, padding) is detected: recovery keeps
 * exactly the records before the damaged one, reports CORRUPT where the damage is, moves the
 * damaged bytes and every later segment into quarantine files unchanged, and takes new appends.
 * Strict mode throws and leaves every file unchanged.
 */
class BitFlipTest {
    private static final int TRIALS = 300;

    @TempDir
    Path root;

    private final List<Written> written = new ArrayList<>();
    private final List<Long> positions = new ArrayList<>();
    private Map<String, byte[]> files;
    private List<String> segments;

    @BeforeEach
    void writeBaseLog() throws IOException {
        Random random = new Random(99);
        written.addAll(TLogTestSupport.randomRecords(random, 40, 600, 1));
        Path base = Files.createDirectory(root.resolve("base"));
        try (TLog log = TLog.open(base, LogOptions.defaults().withSegmentBytes(2048))) {
            positions.addAll(TLogTestSupport.appendAll(log, written, random));
        }
        files = TLogTestSupport.snapshot(base);
        segments = TLogTestSupport.segmentNames(files);
        assertTrue(segments.size() >= 4, "several segments");
    }

    @Test
    void everyFlipIsCaughtAndQuarantined() throws IOException {
        for (int trial = 0; trial < TRIALS; trial++) {
            Random random = new Random(trial);
            int segment = random.nextInt(segments.size());
            String name = segments.get(segment);
            int at = random.nextInt(files.get(name).length);
            Map<String, byte[]> damaged = flip(name, at, random.nextInt(8));
            Damage damage = locate(segment, at);
            Path dir = Files.createDirectory(root.resolve("trial-" + trial));
            TLogTestSupport.restore(dir, damaged);
            if (trial % 5 == 0) {
                assertStrictRefuses(dir, damaged, name, damage);
            }
            checkLenientRecovery(dir, damaged, segment, damage, "trial " + trial + ": " + name + " byte " + at);
        }
    }

    @Test
    void missingMiddleSegmentIsCorruption() throws IOException {
        Path dir = Files.createDirectory(root.resolve("gap"));
        Map<String, byte[]> gap = new TreeMap<>(files);
        gap.remove(segments.get(1));
        TLogTestSupport.restore(dir, gap);
        int kept = recordsBefore(LogFormat.parseSegmentName(segments.get(1)).getAsLong());
        try (TLog log = TLog.open(dir, LogOptions.defaults())) {
            RecoveryReport.Corrupt report = assertInstanceOf(RecoveryReport.Corrupt.class, log.recoveryReport());
            assertEquals(segments.get(2), report.segmentFile());
            assertTrue(report.reason().contains("missing"), report.reason());
            assertRecords(written.subList(0, kept), log.recovered());
        }
    }

    private void assertStrictRefuses(Path dir, Map<String, byte[]> damaged, String name, Damage damage) {
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> TLog.open(dir, LogOptions.strict()));
        assertEquals(name, e.segmentFile());
        assertEquals(damage.offset(), e.offset());
        Map<String, byte[]> after = TLogTestSupport.snapshot(dir);
        assertEquals(damaged.keySet(), after.keySet(), "strict recovery must not create, rename or delete files");
        damaged.forEach((file, bytes) -> assertArrayEquals(bytes, after.get(file), "strict recovery changed " + file));
    }

    private void checkLenientRecovery(Path dir, Map<String, byte[]> damaged, int segment, Damage damage, String what) {
        String name = segments.get(segment);
        List<Written> expected = new ArrayList<>(written.subList(0, damage.kept()));
        long lastGood = expected.isEmpty() ? TLog.NO_EPOCH : expected.getLast().epoch();
        boolean keepsPart = damage.keptInSegment() > 0;
        List<String> quarantine = new ArrayList<>();
        quarantine.add(name + "." + (keepsPart ? damage.offset() : 0) + ".quarantine");
        segments.subList(segment + 1, segments.size()).forEach(s -> quarantine.add(s + ".0.quarantine"));
        try (TLog log = TLog.open(dir, LogOptions.defaults())) {
            RecoveryReport.Corrupt report = assertInstanceOf(RecoveryReport.Corrupt.class, log.recoveryReport(), what);
            assertEquals(new RecoveryReport.Corrupt(name, damage.offset(), report.reason(), lastGood, expected.size(),
                    quarantine), report, what);
            assertFalse(report.reason().isBlank());
            assertRecords(expected, log.recovered());
            assertQuarantined(dir, damaged, segment, damage, quarantine, keepsPart);
            Written more = new Written(lastGood == TLog.NO_EPOCH ? 1 : lastGood + 1, 7, new byte[] {1, 2, 3});
            log.append(more.epoch(), more.type(), more.parts(new Random(0)));
            expected.add(more);
        }
        try (TLog log = TLog.open(dir, LogOptions.strict())) {
            assertEquals(RecoveryReport.Outcome.CLEAN, log.recoveryReport().outcome(), what);
            assertRecords(expected, log.recovered());
        }
    }

    private void assertQuarantined(Path dir, Map<String, byte[]> damaged, int segment, Damage damage,
            List<String> quarantine, boolean keepsPart) {
        Map<String, byte[]> now = TLogTestSupport.snapshot(dir);
        String name = segments.get(segment);
        byte[] bad = damaged.get(name);
        if (keepsPart) {
            assertArrayEquals(Arrays.copyOf(bad, (int) damage.offset()), now.get(name), "kept part of " + name);
            assertArrayEquals(Arrays.copyOfRange(bad, (int) damage.offset(), bad.length), now.get(quarantine.getFirst()));
        } else {
            assertFalse(now.containsKey(name));
            assertArrayEquals(bad, now.get(quarantine.getFirst()), "quarantine copy of " + name);
        }
        for (int i = 1; i < quarantine.size(); i++) {
            String later = segments.get(segment + i);
            assertFalse(now.containsKey(later), later + " must be moved aside");
            assertArrayEquals(damaged.get(later), now.get(quarantine.get(i)), "quarantine copy of " + later);
        }
    }

    /**
     * Where a flip lands.
     *
     * @param offset offset of the damaged header (0 for the segment header)
     * @param kept records before the damage
     * @param keptInSegment of which in the damaged segment
     */
    private record Damage(long offset, int kept, int keptInSegment) {}

    private Damage locate(int segment, long at) {
        long sequence = LogFormat.parseSegmentName(segments.get(segment)).getAsLong();
        int before = recordsBefore(sequence);
        if (at < LogFormat.HEADER_BYTES) {
            return new Damage(0, before, 0);
        }
        for (int i = before; i < written.size(); i++) {
            if (at < TLogTestSupport.recordEnd(positions.get(i), written.get(i))) {
                return new Damage(LogPosition.offset(positions.get(i)), i, i - before);
            }
        }
        throw new AssertionError("offset " + at + " is in no record");
    }

    private int recordsBefore(long sequence) {
        int n = 0;
        while (n < positions.size() && LogPosition.segment(positions.get(n)) < sequence) {
            n++;
        }
        return n;
    }

    private Map<String, byte[]> flip(String name, int at, int bit) {
        Map<String, byte[]> copy = new TreeMap<>(files);
        byte[] bytes = copy.get(name).clone();
        bytes[at] ^= (byte) (1 << bit);
        copy.put(name, bytes);
        return copy;
    }
}
