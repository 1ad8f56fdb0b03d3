package io.mmsb.delta.internal.log;

import io.mmsb.delta.RecoveryReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.delta.LogIOException;
import io.mmsb.delta.internal.log.TLogTestSupport.Written;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Recovery itself survives failures and power cuts: whichever write, force or directory sync of
 * the quarantine fails, and whatever the crash then keeps, the next open still recovers exactly
 * the records before the damage, and the damaged bytes and later segments are still somewhere on
 * disk (in place or in quarantine files). Also: quarantine names never collide.
 */
class RecoveryFaultTest {
    private static final LogOptions OPTIONS = LogOptions.defaults().withSegmentBytes(1024);

    @Test
    void quarantineInterruptedAtEveryStepLosesNothing() {
        for (int failAt = 1; failAt <= 8; failAt++) {
            for (boolean failForce : new boolean[] {false, true}) {
                for (int seed = 0; seed < 10; seed++) {
                    runOnce(failAt, failForce, seed);
                }
            }
        }
    }

    private static void runOnce(int failAt, boolean failForce, int seed) {
        String what = (failForce ? "force " : "write ") + failAt + " seed " + seed;
        FaultyBackend disk = new FaultyBackend(seed);
        Random random = new Random(seed);
        List<Written> written = TLogTestSupport.randomRecords(random, 12, 300, 1);
        List<Long> positions;
        try (TLog log = TLog.open(disk, OPTIONS)) {
            positions = TLogTestSupport.appendAll(log, written, random);
        }
        int damagedIndex = firstIndexOfSegment(positions, 2) + 1;
        String segment = LogFormat.segmentName(2);
        long offset = LogPosition.offset(positions.get(damagedIndex));
        byte[] bytes = disk.bytes(segment);
        bytes[(int) offset + LogFormat.HEADER_BYTES + 1] ^= 0x10; // payload bit flip
        disk.setBytes(segment, bytes);
        byte[] damagedTail = Arrays.copyOfRange(bytes, (int) offset, bytes.length);
        List<String> later = disk.list().stream().filter(n -> n.compareTo(segment) > 0).sorted().toList();
        List<byte[]> laterBytes = later.stream().map(disk::bytes).toList();

        if (failForce) {
            disk.failForceAt(failAt);
        } else {
            disk.failWriteAt(failAt);
        }
        try (TLog log = TLog.open(disk, OPTIONS)) {
            TLogTestSupport.assertRecords(written.subList(0, damagedIndex), log.recovered());
        } catch (LogIOException interrupted) {
            // recovery was cut short by the injected failure
        }
        disk.crash(random);
        try (TLog log = TLog.open(disk, OPTIONS)) {
            TLogTestSupport.assertRecords(written.subList(0, damagedIndex), log.recovered());
            assertTrue(heldSomewhere(disk, damagedTail), what + ": damaged bytes lost");
            for (byte[] b : laterBytes) {
                assertTrue(heldSomewhere(disk, b), what + ": a later segment was lost");
            }
        }
    }

    @Test
    void quarantineNamesNeverCollide() {
        FaultyBackend disk = new FaultyBackend(1);
        try (TLog log = TLog.open(disk, LogOptions.defaults())) {
            log.append(1, 1, java.lang.foreign.MemorySegment.ofArray(new byte[10]));
            log.append(2, 1, java.lang.foreign.MemorySegment.ofArray(new byte[10]));
        }
        String segment = LogFormat.segmentName(1);
        byte[] bytes = disk.bytes(segment);
        bytes[bytes.length - 1] = 1; // padding of record 2 not zero
        disk.setBytes(segment, bytes);
        disk.setBytes(segment + ".192.quarantine", new byte[] {42});
        try (TLog log = TLog.open(disk, LogOptions.defaults())) {
            RecoveryReport.Corrupt report = (RecoveryReport.Corrupt) log.recoveryReport();
            assertEquals(192, report.offset());
            assertEquals(List.of(segment + ".192.quarantine-2"), report.quarantineFiles());
            assertEquals(1, disk.bytes(segment + ".192.quarantine").length, "the older quarantine file is untouched");
        }
    }

    private static boolean heldSomewhere(FaultyBackend disk, byte[] wanted) {
        for (String name : disk.list()) {
            byte[] b = disk.bytes(name);
            for (int start = 0; start + wanted.length <= b.length; start += LogFormat.ALIGNMENT) {
                if (Arrays.equals(b, start, start + wanted.length, wanted, 0, wanted.length)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int firstIndexOfSegment(List<Long> positions, long segment) {
        int i = 0;
        while (LogPosition.segment(positions.get(i)) < segment) {
            i++;
        }
        return i;
    }
}
