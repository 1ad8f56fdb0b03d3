package io.mmsb.delta.internal.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.delta.CorruptLogException;
import io.mmsb.delta.LogException;
import io.mmsb.delta.RecoveryReport;
import io.mmsb.delta.internal.log.TLogTestSupport.Written;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged tails and foreign files (issue 11): a read-only open changes nothing and answers the
 * same twice; a file MMSB did not write is never deleted or cut; a tail zero-filled inside a record
 * is torn, not corrupt; a cut at a record boundary below the durable mark is reported; the torn-tail
 * message claims only what is known.
 */
class DamagedTailTest {
    @TempDir
    Path root;

    private record Log(Path dir, List<Written> written, List<Long> positions) {
        String lastSegment() {
            return LogFormat.segmentName(LogPosition.segment(positions.getLast()));
        }

        long lastRecordAt() {
            return LogPosition.offset(positions.getLast());
        }
    }

    /** A closed log of several segments, at least two records in the last; its durable mark removed if {@code mark} is false. */
    private Log write(String name, boolean mark) throws IOException {
        Path dir = Files.createDirectory(root.resolve(name));
        Random random = new Random(name.hashCode());
        List<Written> written = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        try (TLog log = TLog.open(dir, LogOptions.defaults().withSegmentBytes(1024))) {
            while (written.size() < 12 || LogPosition.segment(positions.get(positions.size() - 2))
                    != LogPosition.segment(positions.getLast())) {
                Written w = new Written(log.lastEpoch() + 1, 3, new byte[40 + random.nextInt(150)]);
                random.nextBytes(w.payload());
                positions.add(log.append(w.epoch(), w.type(), w.parts(random)));
                written.add(w);
            }
        }
        if (!mark) {
            Files.delete(dir.resolve(LogFormat.DURABLE_MARK_FILE));
        }
        return new Log(dir, written, positions);
    }

    private static void truncate(Path file, long size) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, (int) size));
    }

    @Test
    void readOnlyOpenReportsATornTailWithoutCuttingItAndAnswersTheSameTwice() throws IOException {
        Log l = write("ro", false);
        Path seg = l.dir().resolve(l.lastSegment());
        truncate(seg, l.lastRecordAt() + 100); // the last record cut inside its payload
        Map<String, byte[]> before = TLogTestSupport.snapshot(l.dir());
        List<Written> prefix = l.written().subList(0, l.written().size() - 1);
        RecoveryReport expected = new RecoveryReport.TornTail(l.lastSegment(), l.lastRecordAt(), 100, prefix.size(),
                prefix.getLast().epoch(), 0, false);
        for (int i = 0; i < 2; i++) {
            try (TLog log = TLog.open(l.dir(), LogOptions.readOnlyOptions())) {
                assertEquals(expected, log.recoveryReport(), "open " + (i + 1));
                TLogTestSupport.assertRecords(prefix, log.recovered());
                assertThrows(LogException.class, () -> log.append(1000, 1));
                assertThrows(LogException.class, log::sync);
            }
            assertFiles(before, TLogTestSupport.snapshot(l.dir()), "a read-only open changes no file");
        }
        // corruption: read-only throws, like strict, and changes nothing
        byte[] bytes = Files.readAllBytes(seg);
        bytes[(int) LogPosition.offset(l.positions().get(l.positions().size() - 2)) + 70] ^= 4;
        Files.write(seg, bytes);
        Map<String, byte[]> damaged = TLogTestSupport.snapshot(l.dir());
        for (int i = 0; i < 2; i++) {
            assertThrows(CorruptLogException.class, () -> TLog.open(l.dir(), LogOptions.readOnlyOptions()));
            assertFiles(damaged, TLogTestSupport.snapshot(l.dir()), "a read-only open changes no file");
        }
        // a writable open then cuts the torn part as before
        try (TLog log = TLog.open(l.dir(), LogOptions.defaults())) {
            assertEquals(RecoveryReport.Outcome.CORRUPT, log.recoveryReport().outcome());
        }
    }

    @Test
    void readOnlyOpenOfAMissingDirectoryCreatesNothing() {
        Path missing = root.resolve("missing");
        assertThrows(LogException.class, () -> TLog.open(missing, LogOptions.readOnlyOptions()));
        assertFalse(Files.exists(missing));
    }

    @Test
    void aTextFileNamedLikeTheOnlySegmentIsNeverDeleted() throws IOException {
        byte[] notes = "my notes\n".getBytes(StandardCharsets.UTF_8);
        String first = LogFormat.segmentName(1);
        for (LogOptions strict : List.of(LogOptions.strict(), LogOptions.readOnlyOptions())) {
            Path dir = Files.createDirectories(root.resolve("notes-strict"));
            Files.write(dir.resolve(first), notes);
            CorruptLogException e = assertThrows(CorruptLogException.class, () -> TLog.open(dir, strict));
            assertTrue(e.getMessage().contains("MMSB did not write"), e.getMessage());
            assertArrayEquals(notes, Files.readAllBytes(dir.resolve(first)), "the file is untouched");
        }
        Path dir = Files.createDirectories(root.resolve("notes"));
        Files.write(dir.resolve(first), notes);
        try (TLog log = TLog.open(dir, LogOptions.defaults())) {
            RecoveryReport.Corrupt c = assertInstanceOf(RecoveryReport.Corrupt.class, log.recoveryReport());
            assertEquals(List.of(first + ".0.quarantine"), c.quarantineFiles());
            assertArrayEquals(notes, Files.readAllBytes(dir.resolve(c.quarantineFiles().getFirst())),
                    "moved aside by rename, never deleted");
            assertEquals(0, log.recovered().size());
        }
    }

    @Test
    void aTextFileNamedLikeTheNextSegmentIsQuarantinedNotDeleted() throws IOException {
        Log l = write("next", true);
        String next = LogFormat.segmentName(LogPosition.segment(l.positions().getLast()) + 1);
        byte[] notes = "notes".getBytes(StandardCharsets.UTF_8);
        Files.write(l.dir().resolve(next), notes);
        assertThrows(CorruptLogException.class, () -> TLog.open(l.dir(), LogOptions.readOnlyOptions()));
        assertArrayEquals(notes, Files.readAllBytes(l.dir().resolve(next)));
        try (TLog log = TLog.open(l.dir(), LogOptions.defaults())) {
            RecoveryReport.Corrupt c = assertInstanceOf(RecoveryReport.Corrupt.class, log.recoveryReport());
            assertEquals(next, c.segmentFile());
            assertArrayEquals(notes, Files.readAllBytes(l.dir().resolve(c.quarantineFiles().getFirst())));
            TLogTestSupport.assertRecords(l.written(), log.recovered());
        }
    }

    @Test
    void garbageAppendedAfterTheLastRecordIsQuarantinedNotCut() throws IOException {
        Log l = write("garbage", false);
        Path seg = l.dir().resolve(l.lastSegment());
        byte[] bytes = Files.readAllBytes(seg);
        byte[] garbage = "appended by someone else".getBytes(StandardCharsets.UTF_8);
        byte[] more = Arrays.copyOf(bytes, bytes.length + garbage.length);
        System.arraycopy(garbage, 0, more, bytes.length, garbage.length);
        Files.write(seg, more);
        try (TLog log = TLog.open(l.dir(), LogOptions.defaults())) {
            RecoveryReport.Corrupt c = assertInstanceOf(RecoveryReport.Corrupt.class, log.recoveryReport());
            assertArrayEquals(garbage, Files.readAllBytes(l.dir().resolve(c.quarantineFiles().getFirst())));
            TLogTestSupport.assertRecords(l.written(), log.recovered());
        }
    }

    @Test
    void aTailZeroFilledInsideARecordIsTornNotCorrupt() throws IOException {
        Log l = write("zeros", false);
        Path seg = l.dir().resolve(l.lastSegment());
        byte[] bytes = Files.readAllBytes(seg);
        int from = (int) l.lastRecordAt() + LogFormat.HEADER_BYTES + 10; // header written, payload cut by zeros
        Arrays.fill(bytes, from, bytes.length, (byte) 0);
        Files.write(seg, bytes);
        List<Written> prefix = l.written().subList(0, l.written().size() - 1);
        try (TLog log = TLog.open(l.dir(), LogOptions.strict())) {
            assertEquals(new RecoveryReport.TornTail(l.lastSegment(), l.lastRecordAt(), bytes.length - l.lastRecordAt(),
                    prefix.size(), prefix.getLast().epoch()), log.recoveryReport());
            TLogTestSupport.assertRecords(prefix, log.recovered());
        }
        // the same zeros inside a record the durable mark covers: not a torn write, damage
        Log marked = write("zeros-marked", true);
        Path seg2 = marked.dir().resolve(marked.lastSegment());
        byte[] b2 = Files.readAllBytes(seg2);
        Arrays.fill(b2, (int) marked.lastRecordAt() + LogFormat.HEADER_BYTES + 10, b2.length, (byte) 0);
        Files.write(seg2, b2);
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> TLog.open(marked.dir(), LogOptions.strict()));
        assertTrue(e.getMessage().contains("recorded as durable"), e.getMessage());
    }

    @Test
    void aCutAtARecordBoundaryBelowTheDurableMarkIsReportedNotClean() throws IOException {
        Log l = write("boundary", true);
        Path seg = l.dir().resolve(l.lastSegment());
        truncate(seg, l.lastRecordAt()); // exactly at the boundary: the last record, acknowledged and closed, vanishes
        Map<String, byte[]> before = TLogTestSupport.snapshot(l.dir());
        long last = l.written().getLast().epoch();
        for (LogOptions refusing : List.of(LogOptions.strict(), LogOptions.readOnlyOptions())) {
            CorruptLogException e = assertThrows(CorruptLogException.class, () -> TLog.open(l.dir(), refusing));
            assertTrue(e.getMessage().contains("ends at epoch " + (last - 1)) && e.getMessage().contains("up to " + last),
                    e.getMessage());
            assertFiles(before, TLogTestSupport.snapshot(l.dir()), "strict and read-only change nothing");
        }
        List<Written> prefix = l.written().subList(0, l.written().size() - 1);
        try (TLog log = TLog.open(l.dir(), LogOptions.defaults())) {
            RecoveryReport.Corrupt c = assertInstanceOf(RecoveryReport.Corrupt.class, log.recoveryReport());
            assertEquals(List.of(), c.quarantineFiles(), "nothing to move aside");
            assertEquals(last - 1, c.lastGoodEpoch());
            TLogTestSupport.assertRecords(prefix, log.recovered());
        }
        try (TLog log = TLog.open(l.dir(), LogOptions.strict())) {
            assertEquals(new RecoveryReport.Clean(prefix.size(), last - 1), log.recoveryReport(),
                    "the loss is reported once: the mark came down to what was recovered");
        }
        // a whole last segment removed is found the same way
        Log gone = write("gone", true);
        Files.delete(gone.dir().resolve(gone.lastSegment()));
        assertThrows(CorruptLogException.class, () -> TLog.open(gone.dir(), LogOptions.strict()));
    }

    @Test
    void theTornTailMessageSaysWhatIsKnown() throws IOException {
        Log l = write("message", true);
        long last = l.written().getLast().epoch();
        try (TLog log = TLog.open(l.dir(), LogOptions.defaults())) {
            log.append(last + 1, 3, java.lang.foreign.MemorySegment.ofArray(new byte[300]));
            // no sync, no close: the mark still says `last`
            Path seg = l.dir().resolve(LogFormat.segmentName(LogPosition.segment(l.positions().getLast()) + 1));
            if (!Files.exists(seg)) {
                seg = l.dir().resolve(l.lastSegment());
            }
            Map<String, byte[]> crashed = TLogTestSupport.snapshot(l.dir());
            Path copy = Files.createDirectory(root.resolve("message-crashed"));
            TLogTestSupport.restore(copy, crashed);
            Path copiedSeg = copy.resolve(seg.getFileName());
            truncate(copiedSeg, Files.size(copiedSeg) - 100);
            try (TLog reopened = TLog.open(copy, LogOptions.defaults())) {
                RecoveryReport r = reopened.recoveryReport();
                assertEquals(RecoveryReport.Outcome.TORN_TAIL, r.outcome());
                assertFalse(r.detail().contains("never been acknowledged"), r.detail());
                assertTrue(r.detail().contains("after epoch " + last), r.detail());
            }
        }
        RecoveryReport unmarked = new RecoveryReport.TornTail("x.tlog", 64, 10, 1, 1);
        assertTrue(unmarked.detail().contains("cannot be known"), unmarked.detail());
    }

    private static void assertFiles(Map<String, byte[]> expected, Map<String, byte[]> actual, String message) {
        assertEquals(expected.keySet(), actual.keySet(), message);
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), message + ": " + name));
    }
}
