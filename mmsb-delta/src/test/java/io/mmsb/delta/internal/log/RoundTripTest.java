package io.mmsb.delta.internal.log;

import io.mmsb.delta.Durability;
import io.mmsb.delta.RecoveryReport;
import static io.mmsb.delta.internal.log.TLogTestSupport.appendAll;
import static io.mmsb.delta.internal.log.TLogTestSupport.assertRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.delta.internal.log.TLogTestSupport.Written;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Records written through real files come back byte-identical, in order, 64-byte aligned and at
 * the positions append returned, across several segments and several reopen cycles.
 */
class RoundTripTest {
    private static final long SEGMENT = 1L << 20;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Durability.class)
    void randomRecordsSurviveCloseAndReopen(Durability mode) {
        Random random = new Random(42 + mode.ordinal());
        LogOptions options = LogOptions.defaults().withSegmentBytes(SEGMENT).withDurability(mode);
        List<Written> written = new ArrayList<>(edgeSizes());
        written.addAll(TLogTestSupport.randomRecords(random, 40, 200 * 1024, 100));
        List<Long> positions;
        try (TLog log = TLog.open(dir, options)) {
            assertInstanceOf(RecoveryReport.Clean.class, log.recoveryReport());
            positions = appendAll(log, written, random);
            assertEquals(written.getLast().epoch(), log.lastEpoch());
        }
        try (TLog log = TLog.open(dir, options)) {
            assertEquals(new RecoveryReport.Clean(written.size(), written.getLast().epoch()), log.recoveryReport());
            assertRecords(written, log.recovered());
            assertEquals(positions, log.recovered().stream().map(LogRecord::position).toList());
            assertEquals(written.getLast().epoch(), log.durableEpoch());
            List<Written> more = TLogTestSupport.randomRecords(random, 5, 200 * 1024, log.lastEpoch() + 1);
            appendAll(log, more, random);
            written.addAll(more);
        }
        try (TLog log = TLog.open(dir, options)) {
            assertRecords(written, log.recovered());
        }
        long segments = TLogTestSupport.segmentNames(TLogTestSupport.snapshot(dir)).size();
        assertTrue(segments >= 4, "expected several segments, got " + segments);
    }

    @Test
    void segmentsRollAtTheConfiguredSizeAndAreNamedBySequence() {
        Random random = new Random(7);
        List<Written> written = TLogTestSupport.randomRecords(random, 30, 300, 1);
        try (TLog log = TLog.open(dir, LogOptions.defaults().withSegmentBytes(1024))) {
            appendAll(log, written, random);
        }
        var files = TLogTestSupport.snapshot(dir);
        List<String> names = TLogTestSupport.segmentNames(files);
        assertEquals(LogFormat.segmentName(1), names.getFirst());
        assertEquals("00000000000000000001.tlog", names.getFirst());
        for (int i = 0; i < names.size(); i++) {
            assertEquals(LogFormat.segmentName(i + 1), names.get(i));
            int size = files.get(names.get(i)).length;
            assertEquals(0, size % 64, "segment sizes are multiples of 64");
            assertTrue(size <= 1024 || size == 64 + LogFormat.recordBytes(300), "segment too big: " + size);
        }
        assertTrue(names.size() > 3);
    }

    @Test
    void recordLargerThanASegmentGetsASegmentOfItsOwn() {
        byte[] big = new byte[5000];
        new Random(3).nextBytes(big);
        List<Written> written = List.of(new Written(1, 1, new byte[10]), new Written(2, 2, big),
                new Written(3, 3, new byte[10]));
        try (TLog log = TLog.open(dir, LogOptions.defaults().withSegmentBytes(1024))) {
            appendAll(log, written, new Random(1));
        }
        try (TLog log = TLog.open(dir, LogOptions.strict())) {
            assertRecords(written, log.recovered());
            assertEquals(List.of(1L, 2L, 3L),
                    log.recovered().stream().map(r -> LogPosition.segment(r.position())).toList());
        }
    }

    @Test
    void payloadIsTheConcatenationOfItsParts() {
        try (TLog log = TLog.open(dir, LogOptions.defaults())) {
            log.append(5, 9, MemorySegment.ofArray(new byte[] {1, 2}), MemorySegment.ofArray(new byte[0]),
                    MemorySegment.ofArray(new long[] {0x0807060504030201L}));
        }
        try (TLog log = TLog.open(dir, LogOptions.defaults())) {
            assertRecords(List.of(new Written(5, 9, new byte[] {1, 2, 1, 2, 3, 4, 5, 6, 7, 8})), log.recovered());
        }
    }

    private static List<Written> edgeSizes() {
        List<Written> out = new ArrayList<>();
        int[] sizes = {0, 1, 63, 64, 65, 127, 128, 4096};
        for (int i = 0; i < sizes.length; i++) {
            byte[] payload = new byte[sizes[i]];
            new Random(i).nextBytes(payload);
            out.add(new Written(i + 1, i, payload));
        }
        return out;
    }
}
