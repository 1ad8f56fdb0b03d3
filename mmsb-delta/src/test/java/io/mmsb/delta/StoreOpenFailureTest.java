package io.mmsb.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.core.testing.ChildJvm;
import io.mmsb.core.testing.LeakCheck;
import io.mmsb.delta.internal.log.LogFormat;
import io.mmsb.delta.internal.log.LogOptions;
import io.mmsb.delta.internal.log.TLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a store whose log checks out but whose records the store cannot use (issue 11): a newer
 * payload version is "too new", a missing first segment is named, a failed replay releases what it
 * decoded (no leak, also after an OutOfMemoryError), read-only opens change nothing, take no lock
 * and so block neither each other nor a writer (issue 10), and one writer at a time.
 */
class StoreOpenFailureTest {
    @TempDir
    Path tmp;

    /** A store with one commit (a symbol, so the dictionary holds code 0), closed. */
    private Path storeWithOneCommit(String name, long segmentBytes, int commits) {
        Path dir = tmp.resolve(name);
        try (RootAllocator root = LeakCheck.newRoot();
             Store s = Store.open(dir, StoreOptions.of(Model.SCHEMA, root).withSegmentBytes(segmentBytes))) {
            for (int i = 0; i < commits; i++) {
                try (DeltaBuilder b = s.newDelta("nodes", i, i + 1, "opcode", "name");
                     Delta d = b.setInt("opcode", i, i).setSymbol("name", i, "n" + i).build()) {
                    s.commit(d);
                }
            }
        }
        return dir;
    }

    /** Appends a commit record of {@code epoch} with a hand-made payload header (docs/FORMAT.md, "Commit payload"). */
    private static void appendRaw(Path dir, long epoch, int version, int symbols, byte[] rest) {
        ByteBuffer b = ByteBuffer.allocate(64 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x544C444D).putShort((short) version).putShort((short) 0).putInt(symbols).putInt(0).putInt(0).put(rest);
        try (TLog log = TLog.open(dir, LogOptions.defaults())) {
            log.append(epoch, 2, MemorySegment.ofArray(b.array()));
        }
    }

    @Test
    void aNewerPayloadVersionIsTooNewNotCorrupt() throws IOException {
        Path dir = storeWithOneCommit("new", 64L << 20, 1);
        appendRaw(dir, 2, 5, 0, new byte[0]); // this build writes versions 3 and 4 and reads 1 to 4
        Map<String, byte[]> before = snapshot(dir);
        for (StoreOptions o : new StoreOptions[] {StoreOptions.existing(LeakCheck.newRoot()),
                StoreOptions.existing(LeakCheck.newRoot()).withReadOnly(true)}) {
            LogFormatTooNewException e = assertThrows(LogFormatTooNewException.class, () -> Store.open(dir, o).close());
            assertEquals(5, e.foundVersion());
            assertTrue(e.getMessage().contains("commit payload of epoch 2"), e.getMessage());
            LeakCheck.assertEmptyAndClose(o.allocator());
        }
        assertSame(before, snapshot(dir));
    }

    @Test
    void aMissingFirstSegmentIsReportedAsAMissingSegment() throws IOException {
        Path dir = storeWithOneCommit("missing", 4096, 150);
        assertTrue(Files.exists(dir.resolve(LogFormat.segmentName(3))), "several segments");
        Files.delete(dir.resolve(LogFormat.segmentName(1)));
        RootAllocator root = LeakCheck.newRoot();
        CorruptLogException e = assertThrows(CorruptLogException.class,
                () -> Store.open(dir, StoreOptions.existing(root).withReadOnly(true)).close());
        assertTrue(e.getMessage().contains("segment missing") && e.getMessage().contains("epochs 1 to "), e.getMessage());
        assertEquals(LogFormat.segmentName(2), e.segmentFile());
        LeakCheck.assertEmptyAndClose(root);
    }

    @Test
    void aReplayThatFailsAfterDecodingReleasesWhatItDecoded() {
        Path dir = storeWithOneCommit("dictionary", 64L << 20, 1);
        // a dictionary entry with code 7 where code 1 is next (what store.dictionary().add(...) used to make possible)
        ByteBuffer entry = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putInt(1).put((byte) 'x');
        appendRaw(dir, 2, 1, 1, entry.array());
        RootAllocator root = LeakCheck.newRoot();
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> Store.open(dir, StoreOptions.existing(root)).close());
        assertTrue(e.getMessage().contains("out of order"), e.getMessage());
        LeakCheck.assertEmptyAndClose(root); // throws if the decoded commit of epoch 2 was not released
    }

    @Test
    void aReplayThatRunsOutOfMemoryReleasesWhatItDecoded() {
        Path dir = storeWithOneCommit("oom", 64L << 20, 3);
        appendRaw(dir, 4, 1, Integer.MAX_VALUE, new byte[0]); // 2^31-1 dictionary entries announced
        RootAllocator root = LeakCheck.newRoot();
        Throwable t = assertThrows(Throwable.class, () -> Store.open(dir, StoreOptions.existing(root)).close());
        assertTrue(t instanceof OutOfMemoryError || t instanceof CorruptLogException, t.toString());
        LeakCheck.assertEmptyAndClose(root);
    }

    @Test
    void readersNeverBlockEachOtherNorAWriterAndSeeTheCommitsOfTheirOpen() throws IOException {
        Path dir = storeWithOneCommit("lock", 64L << 20, 2);
        Map<String, byte[]> before = snapshot(dir);
        RootAllocator root = LeakCheck.newRoot();
        StoreOptions reader = StoreOptions.existing(root).withReadOnly(true).withStrictRecovery(true);
        try (Store a = Store.open(dir, reader); Store b = Store.open(dir, reader)) {
            assertEquals(a.stateHash(2), b.stateHash(2), "two readers at once");
            try (DeltaBuilder d = a.newDelta("nodes", 0, 1, "opcode"); Delta delta = d.setInt("opcode", 0, 9).build()) {
                assertThrows(LogException.class, () -> a.commit(delta), "a read-only store refuses commits");
            }
            assertSame(before, snapshot(dir));
            // a writer opens while both read, and commits; the readers keep the state of their open
            try (Store w = Store.open(dir, StoreOptions.existing(root))) {
                assertThrows(StoreLockedException.class, () -> Store.open(dir, StoreOptions.existing(root)).close(), "one writer at a time");
                try (DeltaBuilder d = w.newDelta("nodes", 2, 3, "opcode"); Delta delta = d.setInt("opcode", 2, 7).build()) {
                    assertEquals(3, w.commit(delta));
                }
                try (Store c = Store.open(dir, reader)) {
                    assertEquals(3, c.lastEpoch(), "a reader opened while the writer writes sees its commits");
                    assertEquals(RecoveryReport.Outcome.CLEAN, c.recovery().outcome());
                    assertEquals(w.stateHash(3), c.stateHash(3));
                }
            }
            assertEquals(2, a.lastEpoch());
            assertEquals(b.stateHash(2), a.stateHash(2));
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    @Test
    void aRecordInProgressIsNotDamageWhileItsWriterHoldsTheLockAndATornTailOnceItIsGone() throws IOException {
        Path dir = storeWithOneCommit("live", 64L << 20, 2);
        RootAllocator root = LeakCheck.newRoot();
        StoreOptions reader = StoreOptions.existing(root).withReadOnly(true).withStrictRecovery(true);
        Path last;
        try (Stream<Path> files = Files.list(dir)) {
            last = files.filter(f -> f.toString().endsWith(".tlog")).sorted().reduce((x, y) -> y).orElseThrow();
        }
        try (Store w = Store.open(dir, StoreOptions.existing(root))) {
            // what a reader sees while the writer's next record is half written: a record header's first bytes
            Files.write(last, new byte[] {'M', 'R', 'E', 'C', 0, 0}, java.nio.file.StandardOpenOption.APPEND);
            try (Store r = Store.open(dir, reader)) {
                assertEquals(2, r.lastEpoch());
                assertEquals(RecoveryReport.Outcome.CLEAN, r.recovery().outcome(), r.recovery().toString());
            }
        }
        try (Store r = Store.open(dir, reader)) {
            assertEquals(2, r.lastEpoch());
            assertTrue(r.recovery() instanceof RecoveryReport.TornTail t && !t.cut(), "no writer: the same bytes are a torn tail " + r.recovery());
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    /** Starts {@link LockHolder} in another JVM on {@code dir} and returns once it printed its first line. */
    private static Process holder(Path dir, String mode, StringBuilder firstLine) throws IOException {
        List<String> cmd = ChildJvm.command(List.of(), LockHolder.class, dir.toString(), mode);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        firstLine.append(out.readLine());
        return p;
    }

    @Test
    void aReaderInAnotherProcessBlocksNoWriterHereAndReadsWhileThisOneWrites() throws Exception {
        Path dir = storeWithOneCommit("processes", 64L << 20, 2);
        StringBuilder line = new StringBuilder();
        Process reader = holder(dir, "read", line);
        try {
            assertEquals("open 2", line.toString(), "the other process reads the store");
            RootAllocator root = LeakCheck.newRoot();
            try (Store here = Store.open(dir, StoreOptions.existing(root).withReadOnly(true))) {
                assertEquals(2, here.lastEpoch(), "a reader here while a reader there");
            }
            try (Store w = Store.open(dir, StoreOptions.existing(root))) {
                assertEquals(2, w.lastEpoch(), "a writer here while another process reads");
            }
            LeakCheck.assertEmptyAndClose(root);
        } finally {
            reader.getOutputStream().close();
            reader.waitFor();
        }
        RootAllocator root = LeakCheck.newRoot();
        try (Store writer = Store.open(dir, StoreOptions.existing(root))) {
            StringBuilder read = new StringBuilder();
            Process late = holder(dir, "read", read);
            late.getOutputStream().close();
            late.waitFor();
            assertEquals("open 2", read.toString(), "a reader in another process while this one writes");
            StringBuilder refused = new StringBuilder();
            Process second = holder(dir, "write", refused);
            second.getOutputStream().close();
            second.waitFor();
            assertEquals("StoreLockedException", refused.toString(), "no second writer in another process");
            assertEquals(2, writer.lastEpoch());
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    private static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static void assertSame(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet(), "no file created, renamed or deleted");
        expected.forEach((n, b) -> assertArrayEquals(b, actual.get(n), n + " unchanged"));
    }
}
