package io.mmsb.delta.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mmsb.core.ColumnType;
import io.mmsb.core.Schema;
import io.mmsb.core.internal.dictionary.MutableSymbolDictionary;
import io.mmsb.core.testing.LeakCheck;
import io.mmsb.delta.CorruptLogException;
import io.mmsb.delta.Delta;
import io.mmsb.delta.DeltaBuilder;
import io.mmsb.delta.Durability;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import io.mmsb.delta.internal.log.LogOptions;
import io.mmsb.delta.internal.log.LogRecord;
import io.mmsb.delta.internal.log.TLog;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay decodes each column stream straight into the page the planner builds
 * ({@link CommitCodec.ColumnStream}). Property: on random commits that use every encoding
 * (raw, delta-varint, plain varint, bit-packed; in part A and part B; aligned and unaligned row
 * ranges) it yields exactly the cells of the heap decoder it replaced ({@link HeapDecoder}), and a
 * store reopened from its log has the state hash of the store that wrote it at every epoch.
 * Damaged large records (streams in part B, packed, deflated part A) are typed corruption.
 */
class ReplayDecodeTest {
    static final Schema SCHEMA = CommitLayoutTest.SCHEMA;

    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    private StoreOptions options() {
        return StoreOptions.of(SCHEMA, leaks.allocator()).withDurability(Durability.NONE);
    }

    /** Cells of one commit: a random row range (an append or a patch), random columns, values drawn from a random regime. */
    private static void randomCommit(Store s, Random random, int[] rows) {
        int start = rows[0] == 0 || random.nextInt(3) == 0 ? rows[0] : random.nextInt(rows[0]);
        int n = 1 + switch (random.nextInt(4)) {
            case 0 -> random.nextInt(10);
            case 1 -> random.nextInt(200);
            default -> 1000 + random.nextInt(6000);
        };
        if (random.nextBoolean()) {
            start -= start % 64; // aligned: pages may be adopted whole
        }
        int end = start + n;
        List<String> columns = new ArrayList<>();
        for (String c : new String[] {"a", "b", "c", "d", "e", "f"}) {
            if (end > rows[0] || random.nextInt(3) > 0) {
                columns.add(c);
            }
        }
        if (columns.isEmpty()) {
            columns.add("a");
        }
        int regime = random.nextInt(5);
        try (DeltaBuilder b = s.newDelta("t", start, end, columns.toArray(String[]::new))) {
            for (String c : columns) {
                switch (c) {
                    case "a" -> {
                        int[] v = new int[n];
                        for (int i = 0; i < n; i++) {
                            v[i] = switch (regime) {
                                case 0 -> random.nextInt(200); // packs in 8 bits
                                case 1 -> random.nextInt(); // the whole range: packs in 32 bits
                                case 2 -> start + i; // a sequence: differences
                                case 3 -> -5000 + random.nextInt(9000); // 14 bits, negative
                                default -> random.nextInt(3);
                            };
                        }
                        b.ints("a", v);
                    }
                    case "b" -> {
                        String[] v = new String[n];
                        int pool = regime == 1 ? 5000 : 1 + random.nextInt(40);
                        for (int i = 0; i < n; i++) {
                            v[i] = regime == 2 ? "seq" + (start + i) : "s" + random.nextInt(pool);
                        }
                        b.symbols("b", v);
                    }
                    case "c" -> {
                        int[][] v = new int[n][];
                        for (int i = 0; i < n; i++) {
                            v[i] = new int[random.nextInt(4)];
                            for (int k = 0; k < v[i].length; k++) {
                                v[i][k] = start + i + random.nextInt(21) - 10;
                            }
                        }
                        b.intLists("c", v);
                    }
                    case "d" -> {
                        long[] v = new long[n];
                        for (int i = 0; i < n; i++) {
                            v[i] = regime == 1 ? random.nextLong() : regime == 2 ? (long) start + i : random.nextInt(1000) - 500;
                        }
                        b.longs("d", v);
                    }
                    case "e" -> {
                        boolean[] v = new boolean[n];
                        for (int i = 0; i < n; i++) {
                            v[i] = random.nextInt(regime + 2) == 0;
                        }
                        b.bools("e", v);
                    }
                    default -> {
                        double[] v = new double[n];
                        for (int i = 0; i < n; i++) {
                            v[i] = regime == 1 ? random.nextDouble() : i % 7;
                        }
                        b.doubles("f", v);
                    }
                }
            }
            try (Delta d = b.build()) {
                s.commit(d);
            }
        }
        rows[0] = Math.max(rows[0], end);
    }

    private Path randomStore(Path dir, long seed, int commits, List<String> hashes) {
        Random random = new Random(seed);
        int[] rows = {0};
        try (Store s = Store.open(dir, options())) {
            for (int i = 0; i < commits; i++) {
                randomCommit(s, random, rows);
            }
            for (long e = 1; e <= s.lastEpoch(); e++) {
                hashes.add(s.stateHash(e));
            }
        }
        return dir;
    }

    /** Property: both decoders yield the same commit (schema, entries, patches, every cell) for every record. */
    @Test
    void decodingIntoPagesYieldsTheCellsOfTheHeapDecoder(@TempDir Path tmp) {
        int encodings = 0;
        for (long seed = 1; seed <= 12; seed++) {
            Path dir = randomStore(tmp.resolve("s" + seed), seed, 14, new ArrayList<>());
            try (TLog log = TLog.open(dir, LogOptions.strict())) {
                Schema schema = null;
                MutableSymbolDictionary dictionary = new MutableSymbolDictionary();
                byte[] window = null;
                try (CommitCodec.Scratch scratch = new CommitCodec.Scratch()) {
                    for (LogRecord r : log.recovered()) {
                        HeapDecoder.Decoded old = HeapDecoder.decode(r.epoch(), r.payload(), schema, dictionary, window);
                        CommitCodec.Decoded now = CommitCodec.decode(r.epoch(), r.payload(), schema, dictionary, window == null ? null : CommitCodec.SCRATCH_WINDOW, scratch);
                        assertEquals(old.schema(), now.schema(), "epoch " + r.epoch());
                        assertEquals(old.symbols(), now.symbols(), "epoch " + r.epoch());
                        assertArrayEquals(old.window(), scratch.window(), "epoch " + r.epoch());
                        for (Commit.SymbolEntry e : now.symbols()) {
                            dictionary.restore(e.code(), e.symbol(), r.epoch());
                        }
                        assertEquals(old.patches().size(), now.patches().size());
                        for (int p = 0; p < now.patches().size(); p++) {
                            HeapDecoder.DecodedPatch a = old.patches().get(p);
                            CommitCodec.DecodedPatch b = now.patches().get(p);
                            assertEquals(List.of(a.table(), a.rowStart(), a.rowEnd(), a.rowCountAfter()), List.of(b.table(), b.rowStart(), b.rowEnd(), b.rowCountAfter()));
                            assertArrayEquals(a.positions(), b.positions());
                            for (int c = 0; c < b.streams().length; c++) {
                                encodings |= 1 << b.streams()[c].encoding;
                                assertSameCells(a.pages()[c], b.streams()[c].heapPage(), "epoch " + r.epoch() + " patch " + p + " column " + c);
                            }
                        }
                        window = old.window();
                        if (now.schema() != null) {
                            schema = now.schema();
                        }
                    }
                }
            }
        }
        assertEquals(0b1111, encodings, "raw, delta-varint, plain varint and bit-packed streams were all met");
    }

    private static void assertSameCells(Page a, Page b, String what) {
        assertEquals(a.firstRow(), b.firstRow(), what);
        assertEquals(a.rows(), b.rows(), what);
        if (a.column().type() == ColumnType.INT_LIST) {
            for (int r = a.firstRow(); r < a.endRow(); r++) {
                assertArrayEquals(a.getIntList(r), b.getIntList(r), what + " row " + r);
            }
        } else {
            assertArrayEquals(a.data().toArray(ValueLayout.JAVA_BYTE), b.data().toArray(ValueLayout.JAVA_BYTE), what);
        }
    }

    /** Property: a store replayed from its log has the state hash of the store that wrote it, at every epoch. */
    @Test
    void aReplayedStoreHasTheWritersHashAtEveryEpoch(@TempDir Path tmp) {
        for (long seed = 100; seed < 106; seed++) {
            List<String> hashes = new ArrayList<>();
            Path dir = randomStore(tmp.resolve("s" + seed), seed, 20, hashes);
            Random random = new Random(seed * 31);
            try (Store s = Store.open(dir, options().withStrictRecovery(true))) {
                for (int e = 1; e <= hashes.size(); e++) {
                    assertEquals(hashes.get(e - 1), s.stateHash(e), "seed " + seed + " epoch " + e);
                }
                // commits after a replay deflate against the window the replay left
                int[] rows = {s.latest().rowCount("t")};
                for (int i = 0; i < 3; i++) {
                    randomCommit(s, random, rows);
                    hashes.add(s.stateHash(s.lastEpoch()));
                }
            }
            try (Store s = Store.open(dir, options().withStrictRecovery(true))) {
                for (int e = 1; e <= hashes.size(); e++) {
                    assertEquals(hashes.get(e - 1), s.stateHash(e), "seed " + seed + " epoch " + e + ", after commits on a replayed store");
                }
            }
        }
    }

    /**
     * Damage anywhere in large records (streams in part B, bit-packed, raw and in place, part A
     * deflated) either still decodes or is a {@link CorruptLogException}: never another error,
     * never a leak (the extension checks the allocator after the test).
     */
    @Test
    void damagedLargeRecordsAreTypedCorruption(@TempDir Path tmp) throws IOException {
        Path good = randomStore(tmp.resolve("good"), 7, 6, new ArrayList<>());
        List<byte[]> payloads = new ArrayList<>();
        try (TLog log = TLog.open(good, LogOptions.defaults())) {
            for (LogRecord r : log.recovered()) {
                payloads.add(r.payload().toArray(ValueLayout.JAVA_BYTE));
            }
        }
        Random random = new Random(3);
        int corrupt = 0;
        for (int i = 0; i < 120; i++) {
            int victim = random.nextInt(payloads.size());
            byte[] damaged = payloads.get(victim).clone();
            int at = CommitCodec.HEADER + random.nextInt(damaged.length - CommitCodec.HEADER);
            damaged[at] = (byte) (i % 2 == 0 ? damaged[at] ^ (1 << random.nextInt(8)) : random.nextInt(256));
            Path dir = tmp.resolve("d" + i);
            Files.createDirectories(dir);
            try (TLog log = TLog.open(dir, LogOptions.defaults())) {
                for (int k = 0; k < payloads.size(); k++) {
                    log.append(k + 1, CommitLog.TYPE_COMMIT, MemorySegment.ofArray(k == victim ? damaged : payloads.get(k)));
                }
            }
            try (Store s = Store.open(dir, options())) {
                s.stateHash(s.lastEpoch());
            } catch (CorruptLogException e) {
                corrupt++;
                // the damaged record, or a later one: part A of the next record is inflated with this one's as its window
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("record of epoch (\\d+)").matcher(e.getMessage());
                assertTrue(m.find() && Integer.parseInt(m.group(1)) >= victim + 1, e.getMessage());
            } catch (io.mmsb.core.SchemaException e) {
                corrupt++; // a changed name in the logged schema
            } catch (RuntimeException e) {
                fail("byte " + at + " of record " + (victim + 1) + ": " + e, e);
            }
        }
        assertTrue(corrupt > 20, "only " + corrupt + " of 120 damaged records were refused");
    }
}
