package io.mmsb.delta.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mmsb.core.ColumnType;
import io.mmsb.core.Schema;
import io.mmsb.core.TableDef;
import io.mmsb.core.testing.LeakCheck;
import io.mmsb.delta.CorruptLogException;
import io.mmsb.delta.Delta;
import io.mmsb.delta.DeltaBuilder;
import io.mmsb.delta.Durability;
import io.mmsb.delta.StateView;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The version-2 commit layout: a commit writes each touched chunk of a column once, however many
 * deltas touch it; the log holds the written rows only (compressed where it pays); a damaged
 * payload whose checksums pass is a typed {@link CorruptLogException}, never another error or a
 * leak.
 */
class CommitLayoutTest {
    static final TableDef T = TableDef.builder(1, "t")
        .column(1, "a", ColumnType.INT32)
        .column(2, "b", ColumnType.SYMBOL)
        .column(3, "c", ColumnType.INT_LIST)
        .column(4, "d", ColumnType.INT64)
        .column(5, "e", ColumnType.BOOL)
        .column(6, "f", ColumnType.FLOAT64)
        .build();
    static final Schema SCHEMA = Schema.of(T);

    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    private StoreOptions options() {
        return StoreOptions.of(SCHEMA, leaks.allocator()).withDurability(Durability.NONE);
    }

    private static long logBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long n = 0;
            for (Path f : files.filter(f -> f.toString().endsWith(".tlog")).toList()) {
                n += Files.size(f);
            }
            return n;
        }
    }

    private static Delta row(Store s, int row, String column, int v) {
        try (DeltaBuilder b = s.newDelta("t", row, row + 1, column)) {
            return b.setInt(column, row, v).build();
        }
    }

    @Test
    void manyDeltasOnOneChunkMakeOnePageAndOneSmallRecord(@TempDir Path dir) throws IOException {
        try (Store s = Store.open(dir, options())) {
            try (DeltaBuilder b = s.newDelta("t", 0, 640, "a")) {
                for (int r = 0; r < 640; r++) {
                    b.setInt("a", r, r);
                }
                try (Delta d = b.build()) {
                    s.commit(d);
                }
            }
            long before = logBytes(dir);
            List<Delta> ds = new ArrayList<>();
            for (int r = 100; r < 160; r += 2) { // 30 one-row deltas over rows 100..158: chunks 1 and 2
                ds.add(row(s, r, "a", -r));
            }
            try {
                s.commit(ds.toArray(Delta[]::new));
            } finally {
                ds.forEach(Delta::close);
            }
            long grown = logBytes(dir) - before;
            // one patch, one page over chunks 1..2 (rows 64..192 in memory), 59 written rows on disk
            assertEquals(1, s.log().get(1).writes().size(), "patches of the commit: " + s.log().get(1).writes());
            assertEquals(100, s.log().get(1).writes().get(0).rowStart());
            assertEquals(159, s.log().get(1).writes().get(0).rowEnd());
            assertTrue(grown <= 64 + 64 + 256, "the commit took " + grown + " log bytes; a v1 record took over 30 x 256 B envelopes");
            StateView v = s.latest();
            for (int r = 0; r < 640; r++) {
                int expected = r >= 100 && r < 160 && r % 2 == 0 ? -r : r;
                assertEquals(expected, v.column("t", "a").getInt(r), "row " + r);
            }
            String hash = s.stateHash(2);
            s.close();
            try (Store again = Store.open(dir, options())) {
                assertEquals(hash, again.stateHash(2));
                assertEquals(1, again.log().get(1).writes().size());
            }
        }
    }

    @Test
    void overlappingDeltasInOneCommitLaterWinsAcrossChunkRunsAndReplay(@TempDir Path dir) {
        String hash;
        try (Store s = Store.open(dir, options())) {
            List<Delta> ds = new ArrayList<>();
            try (DeltaBuilder b = s.newDelta("t", 0, 200, "a", "b", "c")) {
                for (int r = 0; r < 200; r++) {
                    b.setInt("a", r, 1).setSymbol("b", r, "s" + (r % 5)).setIntList("c", r, r, r + 1);
                }
                ds.add(b.build());
            }
            try (DeltaBuilder b = s.newDelta("t", 50, 70, "a", "c")) { // overlaps chunk 0 and 1
                for (int r = 50; r < 70; r++) {
                    b.setInt("a", r, 2).setIntList("c", r);
                }
                ds.add(b.build());
            }
            try (DeltaBuilder b = s.newDelta("t", 190, 260, "b")) { // appends: a, c, d, e, f get defaults
                for (int r = 190; r < 260; r++) {
                    b.setSymbol("b", r, "new");
                }
                ds.add(b.build());
            }
            ds.add(row(s, 255, "a", 7)); // a later write into the defaulted rows wins
            try {
                s.commit(ds.toArray(Delta[]::new));
            } finally {
                ds.forEach(Delta::close);
            }
            StateView v = s.latest();
            assertEquals(260, v.rowCount("t"));
            assertEquals(1, v.column("t", "a").getInt(49));
            assertEquals(2, v.column("t", "a").getInt(69));
            assertEquals(0, v.column("t", "a").getInt(254));
            assertEquals(7, v.column("t", "a").getInt(255));
            assertEquals("s4", v.column("t", "b").getSymbol(189));
            assertEquals("new", v.column("t", "b").getSymbol(190));
            assertEquals(0, v.column("t", "c").getIntList(60).length);
            assertEquals(List.of(71, 72), List.of(v.column("t", "c").getIntList(71)[0], v.column("t", "c").getIntList(71)[1]));
            assertEquals(0, v.column("t", "c").getIntList(230).length);
            hash = s.stateHash(1);
        }
        try (Store s = Store.open(dir, options())) {
            assertEquals(hash, s.stateHash(1));
        }
    }

    /**
     * Commits {@code n} times 300 rows of the same pseudo-random numbers (incompressible within a
     * commit, identical from one commit to the next); the log bytes after each.
     */
    private long[] similarCommits(Store s, Path dir, int n) throws IOException {
        long[] bytes = new long[n];
        for (int k = 0; k < n; k++) {
            int first = s.latest().rowCount("t");
            java.util.Random random = new java.util.Random(42);
            try (DeltaBuilder b = s.newDelta("t", first, first + 300, "a")) {
                for (int r = first; r < first + 300; r++) {
                    b.setInt("a", r, random.nextInt());
                }
                try (Delta d = b.build()) {
                    s.commit(d);
                }
            }
            bytes[k] = logBytes(dir);
        }
        return bytes;
    }

    @Test
    void eachPartAIsDeflatedWithTheRecordBeforeAsItsDictionaryAndReadsBack(@TempDir Path dir) throws IOException {
        String hash;
        long[] bytes;
        try (Store s = Store.open(dir, options())) {
            bytes = similarCommits(s, dir, 6);
            hash = s.stateHash(s.lastEpoch());
        }
        long first = bytes[0];
        for (int k = 1; k < bytes.length; k++) {
            long record = bytes[k] - bytes[k - 1];
            // alone, each such record deflates to about as much as the first; against the one before, to far less
            assertTrue(record * 4 < first, "record " + (k + 1) + " took " + record + " bytes, the first " + first);
        }
        try (Store s = Store.open(dir, options().withStrictRecovery(true))) { // replay inflates each part A with the window of the one before
            assertEquals(6, s.lastEpoch());
            assertEquals(hash, s.stateHash(6));
            similarCommits(s, dir, 1); // and a writer that reopened continues from the last record's window
            hash = s.stateHash(s.lastEpoch());
        }
        try (Store s = Store.open(dir, options().withStrictRecovery(true))) {
            assertEquals(hash, s.stateHash(7));
        }
    }

    @Test
    void symbolCodesThatReadAsNamesAreStoredAsTheyAreAndSequencesAsDifferences() {
        assertTrue(CommitCodec.nominal(new int[] {40, 7, 40, 40, 912, 7, 3, 40}), "names: repeated, far apart");
        assertFalse(CommitCodec.nominal(new int[] {100, 101, 102, 102, 103, 104, 900, 901}), "a sequence of new codes");
        assertFalse(CommitCodec.nominal(new int[] {5, 5, 5, 5, 5, 5, 9, 9}), "runs of one code");
    }

    /** Property: for every width 0..32 and random ranges (negative, the whole int range), packing reads back exactly. */
    @Test
    void bitPackedCellsReadBackForEveryWidth() {
        Random random = new Random(11);
        for (int bits = 0; bits <= 32; bits++) {
            for (int trial = 0; trial < 20; trial++) {
                int n = 1 + random.nextInt(3000);
                long span = 1L << bits;
                int min = bits == 32 ? Integer.MIN_VALUE : (int) (random.nextLong(Integer.MIN_VALUE, Integer.MAX_VALUE - span + 2));
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (int) (min + (span <= 1 ? 0 : random.nextLong(span)));
                }
                CommitCodec.Bytes b = CommitCodec.packed(v);
                assertEquals(CommitCodec.packedBytes(v), b.length(), "size of " + n + " cells of " + bits + " bits");
                int[] back = CommitCodec.unpack(new CommitCodec.Reader(java.util.Arrays.copyOf(b.array(), b.length()), 1), n, "a", 1);
                assertArrayEquals(v, back, n + " cells of " + bits + " bits from " + min);
            }
        }
    }

    @Test
    void cellsSpreadEvenlyOverARangeAreBitPackedInVersion4AndReadBack(@TempDir Path dir) throws IOException {
        Random random = new Random(5);
        int n = 20_000;
        int[] opcodes = new int[n];
        int[] ids = new int[n];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            opcodes[i] = random.nextInt(200);
            ids[i] = random.nextInt() ^ (i & 1) << 31; // the whole int range, negative too
            names[i] = "n" + random.nextInt(3000);
        }
        String hash;
        try (Store s = Store.open(dir, options())) {
            try (DeltaBuilder b = s.newDelta("t", 0, n, "a", "b")) {
                b.ints("a", opcodes);
                for (int i = 0; i < n; i++) {
                    b.setSymbol("b", i, names[i]);
                }
                try (Delta d = b.build()) {
                    s.commit(d);
                }
            }
            try (DeltaBuilder b = s.newDelta("t", 0, n, "a")) {
                b.ints("a", ids);
                try (Delta d = b.build()) {
                    s.commit(d);
                }
            }
            hash = s.stateHash(2);
        }
        try (TLog log = TLog.open(dir, LogOptions.defaults())) {
            MemorySegment p = log.recovered().get(0).payload();
            assertEquals(CommitCodec.PACKED_VERSION, p.get(Layouts.SHORT, 4), "a record with a packed stream is version 4");
            long partA = p.get(Layouts.INT_UNALIGNED, 12);
            long partB = p.byteSize() - CommitCodec.HEADER - partA;
            // 200 opcodes in 8 bits each, 3,000 names in 12 bits each, both raw in part B
            assertTrue(partB <= n + n * 12 / 8 + 64, "packed streams in part B: " + partB + " bytes");
        }
        try (Store s = Store.open(dir, options().withStrictRecovery(true))) {
            assertEquals(hash, s.stateHash(2));
            StateView first = s.stateAt(1);
            StateView v = s.latest();
            for (int i = 0; i < n; i++) {
                assertEquals(opcodes[i], first.column("t", "a").getInt(i), "row " + i);
                assertEquals(names[i], v.column("t", "b").getSymbol(i), "row " + i);
                assertEquals(ids[i], v.column("t", "a").getInt(i), "row " + i);
            }
        }
    }

    @Test
    void aPackedStreamOfTheWrongSizeOrWidthIsATypedCorruption() {
        int[] v = {3, 9, 4, 7, 1000};
        byte[] good = java.util.Arrays.copyOf(CommitCodec.packed(v).array(), (int) CommitCodec.packedBytes(v));
        byte[] wide = good.clone();
        wide[0] = 33;
        RecordFormatException e = assertThrows(RecordFormatException.class, () -> CommitCodec.unpack(new CommitCodec.Reader(wide, 4), v.length, "a", 4));
        assertTrue(e.getMessage().contains("33 bits per packed cell in column 'a', expected at most 32"), e.getMessage());
        byte[] shortStream = java.util.Arrays.copyOf(good, good.length - 1);
        e = assertThrows(RecordFormatException.class, () -> CommitCodec.unpack(new CommitCodec.Reader(shortStream, 4), v.length, "a", 4));
        assertTrue(e.getMessage().contains("epoch 4"), e.getMessage());
    }

    @Test
    void writtenRowsAreCompressedOnDisk(@TempDir Path dir) throws IOException {
        try (Store s = Store.open(dir, options())) {
            try (DeltaBuilder b = s.newDelta("t", 0, 100_000, "a", "b", "d")) {
                for (int r = 0; r < 100_000; r++) {
                    b.setInt("a", r, r / 7).setSymbol("b", r, "kind" + (r % 11)).setLong("d", r, 1000L * r);
                }
                try (Delta d = b.build()) {
                    s.commit(d);
                }
            }
        }
        long bytes = logBytes(dir);
        // 100k rows x (4 + 4 + 8) bytes raw, plus 0.5 MB of defaults for the other columns
        assertTrue(bytes < 100_000, "100k rows of regular columns took " + bytes + " log bytes");
        try (TLog log = TLog.open(dir, LogOptions.defaults())) {
            assertEquals(CommitCodec.DICTIONARY_VERSION, log.recovered().get(0).payload().get(Layouts.SHORT, 4), "regular columns are never bit-packed");
        }
    }

    @Test
    void incompressibleColumnsGoRawToPartBAndReadBack(@TempDir Path dir) throws IOException {
        Random random = new Random(3);
        long[] longs = new long[10_000];
        double[] doubles = new double[10_000];
        int[] ints = new int[10_000];
        for (int i = 0; i < longs.length; i++) {
            longs[i] = random.nextLong();
            doubles[i] = random.nextDouble();
            ints[i] = i % 4;
        }
        String hash;
        try (Store s = Store.open(dir, options())) {
            try (DeltaBuilder b = s.newDelta("t", 0, longs.length, "d", "f", "a")) {
                b.longs("d", longs).doubles("f", doubles).ints("a", ints);
                try (Delta d = b.build()) {
                    s.commit(d);
                }
            }
            hash = s.stateHash(1);
        }
        try (TLog log = TLog.open(dir, LogOptions.defaults())) {
            MemorySegment p = log.recovered().get(0).payload();
            long partA = p.get(Layouts.INT_UNALIGNED, 12);
            long partB = p.byteSize() - CommitCodec.HEADER - partA;
            assertTrue(partB >= 10_000 * 16, "random longs and doubles stored raw in part B: " + partB + " bytes");
            assertTrue(partA < 10_000, "the regular columns compressed in part A: " + partA + " bytes");
        }
        try (Store s = Store.open(dir, options())) {
            assertEquals(hash, s.stateHash(1));
            StateView v = s.latest();
            for (int i = 0; i < longs.length; i += 997) {
                assertEquals(longs[i], v.column("t", "d").getLong(i));
                assertEquals(doubles[i], v.column("t", "f").getDouble(i));
                assertEquals(ints[i], v.column("t", "a").getInt(i));
            }
        }
    }

    /**
     * Every single-byte change of a valid uncompressed v2 body, re-framed with valid checksums,
     * either opens to some state or fails with a CorruptLogException (or, where the damage renames
     * something in the logged schema, the SchemaException of a store whose schema differs from the
     * one asked for); never another exception, never a leak.
     */
    @Test
    void aDamagedBodyWithValidChecksumsIsATypedCorruption(@TempDir Path tmp) throws IOException {
        Path good = tmp.resolve("good");
        try (Store s = Store.open(good, options())) {
            try (DeltaBuilder b = s.newDelta("t", 0, 3, "a", "b", "c", "d", "e", "f")) {
                b.setInt("a", 0, 5).setSymbol("b", 1, "x").setIntList("c", 2, 1, 2).setLong("d", 0, -3).setBool("e", 1, true).setDouble("f", 2, 0.5);
                try (Delta d = b.build()) {
                    s.commit(d);
                }
            }
        }
        byte[] payload;
        try (TLog log = TLog.open(good, LogOptions.defaults())) {
            LogRecord r = log.recovered().get(0);
            payload = r.payload().toArray(ValueLayout.JAVA_BYTE);
        }
        assertEquals(CommitCodec.CODEC_NONE, payload[6], "a small body is stored uncompressed");
        Random random = new Random(7);
        int corrupt = 0;
        for (int i = 0; i < 300; i++) {
            byte[] damaged = payload.clone();
            int at = CommitCodec.HEADER + random.nextInt(damaged.length - CommitCodec.HEADER);
            damaged[at] = (byte) (i < 100 ? damaged[at] ^ (1 << random.nextInt(8)) : random.nextInt(256));
            Path dir = tmp.resolve("d" + i);
            Files.createDirectories(dir);
            try (TLog log = TLog.open(dir, LogOptions.defaults())) {
                log.append(1, CommitLog.TYPE_COMMIT, MemorySegment.ofArray(damaged));
            }
            try (Store s = Store.open(dir, options())) {
                s.stateHash(1); // decoded: a valid body
            } catch (CorruptLogException e) {
                corrupt++;
                assertTrue(e.getMessage().contains("epoch 1"), e.getMessage());
            } catch (io.mmsb.core.SchemaException e) {
                corrupt++; // a changed name in the logged schema: the store's schema is not the one asked for
            } catch (RuntimeException e) {
                fail("byte " + at + " of the payload: " + e, e);
            }
        }
        assertTrue(corrupt > 50, "only " + corrupt + " of 300 damaged bodies were refused");
    }

    @Test
    void aTruncatedDeflateBodyIsATypedCorruption(@TempDir Path tmp) throws IOException {
        Path good = tmp.resolve("good");
        try (Store s = Store.open(good, options())) {
            try (DeltaBuilder b = s.newDelta("t", 0, 5000, "a")) {
                for (int r = 0; r < 5000; r++) {
                    b.setInt("a", r, r % 3);
                }
                try (Delta d = b.build()) {
                    s.commit(d);
                }
            }
        }
        byte[] payload;
        try (TLog log = TLog.open(good, LogOptions.defaults())) {
            payload = log.recovered().get(0).payload().toArray(ValueLayout.JAVA_BYTE);
        }
        assertEquals(CommitCodec.CODEC_DEFLATE, payload[6]);
        byte[] cut = java.util.Arrays.copyOf(payload, payload.length - 5);
        Path dir = tmp.resolve("cut");
        Files.createDirectories(dir);
        try (TLog log = TLog.open(dir, LogOptions.defaults())) {
            log.append(1, CommitLog.TYPE_COMMIT, MemorySegment.ofArray(cut));
        }
        assertThrows(CorruptLogException.class, () -> Store.open(dir, options()).close());
    }
}
