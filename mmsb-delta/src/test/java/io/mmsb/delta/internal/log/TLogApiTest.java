package io.mmsb.delta.internal.log;

import io.mmsb.delta.Durability;
import io.mmsb.delta.RecoveryReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.delta.LogClosedException;
import io.mmsb.delta.LogEpochException;
import io.mmsb.delta.LogException;
import io.mmsb.delta.LogIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract of each TLog method: durability per mode, typed errors, failure reporting. */
class TLogApiTest {
    private static final MemorySegment PAYLOAD = MemorySegment.ofArray(new byte[] {1, 2, 3});

    @TempDir
    Path dir;

    @Test
    void appendRejectsAnEpochNotGreaterThanTheLast() {
        try (TLog log = TLog.open(new FaultyBackend(1), LogOptions.defaults())) {
            assertEquals(TLog.NO_EPOCH, log.lastEpoch());
            log.append(5, 1, PAYLOAD);
            LogEpochException same = assertThrows(LogEpochException.class, () -> log.append(5, 1, PAYLOAD));
            assertTrue(same.getMessage().contains("epoch 5 must be greater than the last appended epoch 5"),
                    same.getMessage());
            assertThrows(LogEpochException.class, () -> log.append(4, 1, PAYLOAD));
            log.append(6, 1, PAYLOAD);
            assertEquals(6, log.lastEpoch());
        }
    }

    @Test
    void typeMustFitSixteenBits() {
        try (TLog log = TLog.open(new FaultyBackend(1), LogOptions.defaults())) {
            assertThrows(IllegalArgumentException.class, () -> log.append(1, -1, PAYLOAD));
            assertThrows(IllegalArgumentException.class, () -> log.append(1, 65536, PAYLOAD));
            log.append(1, 65535, PAYLOAD);
        }
    }

    @Test
    void closedLogRefusesEveryOperation() {
        TLog log = TLog.open(new FaultyBackend(1), LogOptions.defaults());
        log.append(1, 1, PAYLOAD);
        log.close();
        log.close();
        assertThrows(LogClosedException.class, () -> log.append(2, 1, PAYLOAD));
        assertThrows(LogClosedException.class, log::sync);
        assertThrows(LogClosedException.class, () -> log.awaitDurable(1));
    }

    @Test
    void syncEachCommitForcesBeforeAppendReturns() {
        FaultyBackend disk = new FaultyBackend(1);
        try (TLog log = TLog.open(disk, LogOptions.defaults())) {
            for (long epoch = 1; epoch <= 5; epoch++) {
                int forces = disk.forces();
                log.append(epoch, 1, PAYLOAD);
                assertEquals(epoch, log.durableEpoch());
                assertTrue(disk.forces() > forces);
            }
        }
    }

    @Test
    void noneForcesOnlyOnSyncAwaitAndClose() {
        FaultyBackend disk = new FaultyBackend(1);
        TLog log = TLog.open(disk, LogOptions.defaults().withDurability(Durability.NONE));
        log.append(1, 1, PAYLOAD);
        int forces = disk.forces();
        log.append(2, 1, PAYLOAD);
        assertEquals(forces, disk.forces(), "append must not force");
        assertEquals(TLog.NO_EPOCH, log.durableEpoch());
        log.awaitDurable(1);
        assertEquals(2, log.durableEpoch(), "a force covers everything written before it");
        log.append(3, 1, PAYLOAD);
        log.sync();
        assertEquals(3, log.durableEpoch());
        log.append(4, 1, PAYLOAD);
        log.close();
        try (TLog again = TLog.open(disk, LogOptions.strict())) {
            assertEquals(4, again.recovered().size());
        }
    }

    @Test
    void groupCommitBatchesForcesAndWakesWaiters() throws Exception {
        FaultyBackend disk = new FaultyBackend(1);
        try (TLog log = TLog.open(disk, LogOptions.groupCommit(Duration.ofMillis(20)))) {
            int forces = disk.forces();
            for (long epoch = 1; epoch <= 100; epoch++) {
                log.append(epoch, 1, PAYLOAD);
            }
            CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> log.awaitDurable(100));
            waiter.get(10, TimeUnit.SECONDS);
            assertEquals(100, log.durableEpoch());
            assertTrue(disk.forces() - forces < 100, "group commit forces once for many appends, forced "
                    + (disk.forces() - forces) + " times");
        }
    }

    @Test
    void flusherFailureIsReportedToTheNextCallersAndToClose() {
        FaultyBackend disk = new FaultyBackend(1);
        TLog log = TLog.open(disk, LogOptions.groupCommit(Duration.ofMillis(1)));
        log.append(1, 1, PAYLOAD);
        log.awaitDurable(1); // the flusher forces only when something is waiting, so the next force is epoch 2's
        disk.failForceAt(1);
        log.append(2, 1, PAYLOAD);
        LogIOException waited = assertThrows(LogIOException.class, () -> log.awaitDurable(2));
        assertEquals("force", waited.operation());
        assertEquals(LogFormat.segmentName(1), waited.file());
        assertTrue(waited.getMessage().contains("injected failure of force"), waited.getMessage());
        assertThrows(LogIOException.class, () -> log.append(3, 1, PAYLOAD));
        assertThrows(LogIOException.class, log::sync);
        assertThrows(LogIOException.class, log::close);
        assertThrows(LogClosedException.class, log::sync);
    }

    @Test
    void failedWriteFailsTheLogAndReopeningRecovers() {
        FaultyBackend disk = new FaultyBackend(3);
        TLog log = TLog.open(disk, LogOptions.defaults());
        log.append(1, 1, PAYLOAD);
        disk.failWriteAt(1);
        LogIOException e = assertThrows(LogIOException.class, () -> log.append(2, 1, MemorySegment.ofArray(new byte[500])));
        assertEquals("write record", e.operation());
        assertTrue(e.getMessage().contains(LogFormat.segmentName(1)), e.getMessage());
        LogIOException later = assertThrows(LogIOException.class, () -> log.append(3, 1, PAYLOAD));
        assertTrue(later.getMessage().contains("failed earlier"), later.getMessage());
        assertInstanceOf(LogException.class, later);
        assertThrows(LogIOException.class, log::close);
        disk.heal();
        try (TLog again = TLog.open(disk, LogOptions.defaults())) {
            assertTrue(again.recoveryReport().outcome() != RecoveryReport.Outcome.CORRUPT);
            assertEquals(1, again.recovered().getFirst().epoch());
            again.append(2, 1, PAYLOAD);
        }
    }

    @Test
    void syncAndAwaitFromOtherThreadsWhileTheWriterRollsSegments() throws Exception {
        int records = 3000;
        try (TLog log = TLog.open(dir, LogOptions.groupCommit(Duration.ofMillis(1)).withSegmentBytes(4096))) {
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable syncer = () -> {
                while (!done.get()) {
                    long epoch = log.lastEpoch();
                    if (epoch != TLog.NO_EPOCH) {
                        log.awaitDurable(epoch);
                        assertTrue(log.durableEpoch() >= epoch);
                    }
                    log.sync();
                }
            };
            CompletableFuture<Void> a = CompletableFuture.runAsync(syncer);
            CompletableFuture<Void> b = CompletableFuture.runAsync(syncer);
            for (long epoch = 1; epoch <= records; epoch++) {
                log.append(epoch, 1, PAYLOAD);
            }
            done.set(true);
            a.get(30, TimeUnit.SECONDS);
            b.get(30, TimeUnit.SECONDS);
        }
        try (TLog log = TLog.open(dir, LogOptions.strict())) {
            assertEquals(records, log.recovered().size());
            assertTrue(LogPosition.segment(log.recovered().getLast().position()) > 10, "many segment rolls");
        }
    }

    @Test
    void awaitDurableOfAnEpochNeverAppendedIsAnError() {
        try (TLog log = TLog.open(new FaultyBackend(1), LogOptions.groupCommit(Duration.ofMillis(1)))) {
            log.append(1, 1, PAYLOAD);
            assertThrows(LogEpochException.class, () -> log.awaitDurable(2));
            log.awaitDurable(1);
        }
    }

    @Test
    void ioErrorsNameTheFileAndTheOperation() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        LogIOException e = assertThrows(LogIOException.class, () -> TLog.open(notADirectory, LogOptions.defaults()));
        assertEquals(notADirectory.toString(), e.file());
        assertEquals("create directory", e.operation());
    }

    @Test
    void positionsPackSegmentAndOffset() {
        long p = LogPosition.of(3, 4096);
        assertEquals(3, LogPosition.segment(p));
        assertEquals(4096, LogPosition.offset(p));
        assertTrue(LogPosition.of(3, 0) > LogPosition.of(2, LogPosition.MAX_OFFSET));
        assertThrows(IllegalArgumentException.class, () -> LogPosition.of(1, LogPosition.MAX_OFFSET + 1));
    }
}
