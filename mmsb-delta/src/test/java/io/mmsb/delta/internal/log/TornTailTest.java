package io.mmsb.delta.internal.log;

import io.mmsb.delta.RecoveryReport;
import static io.mmsb.delta.internal.log.TLogTestSupport.appendAll;
import static io.mmsb.delta.internal.log.TLogTestSupport.assertRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.delta.internal.log.TLogTestSupport.Written;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash cuts the last segment at any byte: recovery keeps exactly the records written in full,
 * reports TORN_TAIL (CLEAN on a record boundary), and the log takes appends that survive reopening.
 */
class TornTailTest {
    @TempDir
    Path root;

    @Test
    void cutAtEveryByteOfTheLastTwoRecords() throws IOException {
        Random random = new Random(11);
        List<Written> written = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        Path base = Files.createDirectory(root.resolve("base"));
        try (TLog log = TLog.open(base, LogOptions.defaults().withSegmentBytes(4096))) {
            // several segments, and at least three records in the last one
            while (written.size() < 20 || LogPosition.segment(positions.getLast()) < 2
                    || LogPosition.segment(positions.get(positions.size() - 3)) != LogPosition.segment(positions.getLast())) {
                Written w = TLogTestSupport.randomRecords(random, 1, 200, log.lastEpoch() + 1).getFirst();
                positions.add(log.append(w.epoch(), w.type(), w.parts(random)));
                written.add(w);
            }
        }
        Map<String, byte[]> files = TLogTestSupport.snapshot(base);
        // a writer that crashed before it marked its last records durable (the mark lags: docs/FORMAT.md);
        // with the mark in place these cuts are lost acknowledged records: DurableMarkTest
        files.remove(LogFormat.DURABLE_MARK_FILE);
        String last = TLogTestSupport.segmentNames(files).getLast();
        int n = written.size();
        long[] ends = {TLogTestSupport.recordEnd(positions.get(n - 2), written.get(n - 2)),
                TLogTestSupport.recordEnd(positions.get(n - 1), written.get(n - 1))};
        long start = LogPosition.offset(positions.get(n - 2));
        assertEquals(files.get(last).length, ends[1]);

        for (long cut = start; cut <= ends[1]; cut++) {
            Path dir = Files.createDirectory(root.resolve("cut-" + cut));
            TLogTestSupport.restore(dir, files);
            try (FileChannel ch = FileChannel.open(dir.resolve(last), StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            int kept = n - 2 + (cut >= ends[0] ? 1 : 0) + (cut >= ends[1] ? 1 : 0);
            long boundary = kept == n ? ends[1] : kept == n - 1 ? ends[0] : start;
            List<Written> expected = new ArrayList<>(written.subList(0, kept));
            RecoveryReport expectedReport = cut == boundary
                    ? new RecoveryReport.Clean(kept, expected.getLast().epoch())
                    : new RecoveryReport.TornTail(last, boundary, cut - boundary, kept, expected.getLast().epoch());
            reopenAppendAndReopen(dir, expected, expectedReport, random);
            assertEquals(boundary, Files.size(dir.resolve(last)) - LogFormat.recordBytes(expected.getLast().payload().length),
                    "the torn bytes were cut and the new record follows the last good one");
        }
    }

    @Test
    void crashDuringSegmentRollLeavesAPartialHeaderThatIsDropped() {
        for (int headerBytes = 0; headerBytes <= LogFormat.HEADER_BYTES + 10; headerBytes++) {
            FaultyBackend disk = new FaultyBackend(headerBytes);
            Random random = new Random(headerBytes);
            List<Written> written = TLogTestSupport.randomRecords(random, 3, 100, 1);
            try (TLog log = TLog.open(disk, LogOptions.defaults())) {
                appendAll(log, written, random);
            }
            String next = LogFormat.segmentName(2);
            byte[] header = new byte[headerBytes];
            byte[] full = new byte[LogFormat.HEADER_BYTES + 10];
            LogFormat.encodeSegmentHeader(2, 99).get(full, 0, LogFormat.HEADER_BYTES);
            System.arraycopy(full, 0, header, 0, headerBytes);
            disk.setBytes(next, header);
            try (TLog log = TLog.open(disk, LogOptions.defaults().withSegmentBytes(128))) {
                assertEquals(new RecoveryReport.TornTail(next, 0, headerBytes, 3, written.getLast().epoch(),
                        written.getLast().epoch(), true), log.recoveryReport(), "header bytes " + headerBytes);
                assertRecords(written, log.recovered());
                assertFalse(disk.list().contains(next), "the partial segment is removed");
                log.append(100, 1);
                assertTrue(disk.list().contains(next), "the next segment is created again");
            }
            try (TLog log = TLog.open(disk, LogOptions.strict())) {
                assertEquals(RecoveryReport.Outcome.CLEAN, log.recoveryReport().outcome());
                assertEquals(4, log.recovered().size());
            }
        }
    }

    @Test
    void emptySegmentFileOnRealDiskIsDropped() throws IOException {
        Path dir = Files.createDirectory(root.resolve("empty"));
        try (TLog log = TLog.open(dir, LogOptions.defaults())) {
            log.append(1, 1, java.lang.foreign.MemorySegment.ofArray(new byte[] {9}));
        }
        String next = LogFormat.segmentName(2);
        Files.createFile(dir.resolve(next));
        try (TLog log = TLog.open(dir, LogOptions.defaults())) {
            assertEquals(new RecoveryReport.TornTail(next, 0, 0, 1, 1, 1, true), log.recoveryReport());
            assertFalse(Files.exists(dir.resolve(next)));
        }
    }

    @Test
    void zeroFilledTailIsTornNotCorrupt() {
        FaultyBackend disk = new FaultyBackend(1);
        Random random = new Random(5);
        List<Written> written = TLogTestSupport.randomRecords(random, 4, 100, 1);
        try (TLog log = TLog.open(disk, LogOptions.defaults())) {
            appendAll(log, written, random);
        }
        String seg = LogFormat.segmentName(1);
        byte[] bytes = disk.bytes(seg);
        disk.setBytes(seg, Arrays.copyOf(bytes, bytes.length + 300));
        try (TLog log = TLog.open(disk, LogOptions.strict())) {
            assertEquals(new RecoveryReport.TornTail(seg, bytes.length, 300, 4, written.getLast().epoch(),
                    written.getLast().epoch(), true), log.recoveryReport());
            assertRecords(written, log.recovered());
        }
    }

    private static void reopenAppendAndReopen(Path dir, List<Written> expected, RecoveryReport report, Random random) {
        try (TLog log = TLog.open(dir, LogOptions.defaults())) {
            assertEquals(report, log.recoveryReport());
            assertRecords(expected, log.recovered());
            Written more = TLogTestSupport.randomRecords(random, 1, 200, log.lastEpoch() + 1).getFirst();
            log.append(more.epoch(), more.type(), more.parts(random));
            expected.add(more);
        }
        try (TLog log = TLog.open(dir, LogOptions.strict())) {
            assertEquals(new RecoveryReport.Clean(expected.size(), expected.getLast().epoch()), log.recoveryReport());
            assertRecords(expected, log.recovered());
        }
    }
}
