package io.mmsb.delta.internal.log;

import io.mmsb.delta.RecoveryReport;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.delta.internal.log.TLogTestSupport.Written;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed format-version-1 log in src/test/resources/golden/tlog-v1 still reads, record by
 * record, and today's writer still produces exactly those bytes. A format change must bump the
 * version and add a new golden directory, never rewrite this one. Regenerate only with
 * {@code -Dmmsb.golden.write=true} (writes into the source tree).
 */
class GoldenFileTest {
    private static final String RESOURCE = "/golden/tlog-v1";
    private static final LogOptions OPTIONS = LogOptions.defaults().withSegmentBytes(512);

    @TempDir
    Path dir;

    /** @return the deterministic records of the golden log */
    static List<Written> records() {
        int[] sizes = {0, 1, 7, 63, 64, 65, 100, 200, 300, 5, 130};
        List<Written> out = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            byte[] payload = new byte[sizes[i]];
            for (int j = 0; j < payload.length; j++) {
                payload[j] = (byte) (i * 31 + j * 7);
            }
            out.add(new Written(10 + 3L * i, (i * 6007) & 0xFFFF, payload));
        }
        return out;
    }

    @Test
    void readsEveryRecordOfTheCommittedV1Log() throws Exception {
        Map<String, byte[]> golden = TLogTestSupport.snapshot(goldenDirectory());
        assertTrue(TLogTestSupport.segmentNames(golden).size() >= 3, "the golden log spans several segments");
        TLogTestSupport.restore(dir, golden);
        try (TLog log = TLog.open(dir, LogOptions.strict())) {
            List<Written> expected = records();
            assertEquals(new RecoveryReport.Clean(expected.size(), expected.getLast().epoch()), log.recoveryReport());
            TLogTestSupport.assertRecords(expected, log.recovered());
        }
    }

    @Test
    void writerStillProducesTheV1BytesExactly() throws Exception {
        write(dir);
        Map<String, byte[]> golden = TLogTestSupport.snapshot(goldenDirectory());
        Map<String, byte[]> fresh = TLogTestSupport.snapshot(dir);
        // the durable-mark file came later (docs/FORMAT.md) and is not part of the v1 segment format
        byte[] mark = fresh.remove(LogFormat.DURABLE_MARK_FILE);
        assertEquals(records().getLast().epoch(), LogFormat.readMark(java.lang.foreign.MemorySegment.ofArray(mark)));
        assertEquals(golden.keySet(), fresh.keySet());
        golden.forEach((name, bytes) -> assertArrayEquals(bytes, fresh.get(name), name + " differs from format v1"));
    }

    @Test
    @EnabledIfSystemProperty(named = "mmsb.golden.write", matches = "true")
    void regenerate() throws IOException {
        Path target = Files.createDirectories(Path.of("src/test/resources" + RESOURCE));
        write(target);
    }

    private static void write(Path target) {
        try (TLog log = TLog.open(target, OPTIONS)) {
            TLogTestSupport.appendAll(log, records(), new Random(0));
        }
    }

    private static Path goldenDirectory() throws URISyntaxException {
        return Path.of(GoldenFileTest.class.getResource(RESOURCE).toURI());
    }
}
