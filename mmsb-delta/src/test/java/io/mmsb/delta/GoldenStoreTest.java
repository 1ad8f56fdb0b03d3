package io.mmsb.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mmsb.core.testing.LeakCheck;
import io.mmsb.delta.internal.log.LogOptions;
import io.mmsb.delta.internal.log.TLog;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the committed golden stores of payload versions 1 to 4 (a fixed history over the
 * {@link Model} schema: every column type, appends, patches, defaults, a multi-delta commit;
 * version 4 adds an epoch of bit-packed cells) and checks every epoch against the model, and that
 * today's writer produces the bytes of the newest one (version 4) and still writes the records of
 * version 3 without a packed stream as version 3. Regenerate (only for a new format version, in a
 * new folder) with {@code -Dmmsb.golden.write=true}.
 */
class GoldenStoreTest {
    static final Path GOLDEN_V1 = Path.of("src/test/resources/golden/store-v1");
    static final Path GOLDEN = Path.of("src/test/resources/golden/store-v4");
    /** Version 3: records without a bit-packed stream, which today's writer still writes as version 3. */
    static final Path GOLDEN_V3 = Path.of("src/test/resources/golden/store-v3");
    /** Version 2: part A deflated alone, symbol codes always as differences. */
    static final Path GOLDEN_V2 = Path.of("src/test/resources/golden/store-v2");
    /** Version 2 as first written, part A compressed with zstd (codec 1), before deflate (codec 2) replaced it. */
    static final Path GOLDEN_V2_ZSTD = Path.of("src/test/resources/golden/store-v2-zstd");

    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    /** The golden history, written out in full so that it never changes with the test helpers. */
    static List<List<Model.Write>> history() {
        List<List<Model.Write>> epochs = new ArrayList<>();
        int[][] ops = new int[100][];
        Object[] opcodes = new Object[100];
        Object[] widths = new Object[100];
        Object[] pure = new Object[100];
        Object[] weights = new Object[100];
        Object[] names = new Object[100];
        for (int r = 0; r < 100; r++) {
            ops[r] = r == 0 ? new int[0] : new int[] {r - 1, r / 2};
            opcodes[r] = r % 7;
            widths[r] = (long) r << 33;
            pure[r] = r % 3 == 0;
            weights[r] = r * 0.25;
            names[r] = "v" + (r % 13);
        }
        epochs.add(List.of(new Model.Write(Model.NODES, 0, 100, List.of("opcode", "width", "pure", "weight", "name", "operands"),
            new Object[][] {opcodes, widths, pure, weights, names, ops})));
        epochs.add(List.of(new Model.Write(Model.NODES, 10, 20, List.of("name"), new Object[][] {
            {"x", "y", "z", "x", "y", "z", "x", "y", "z", "ω"}})));
        epochs.add(List.of(
            new Model.Write(Model.BLOCKS, 0, 3, List.of("succ", "label"), new Object[][] {{new int[] {1, 2}, new int[] {2}, new int[0]}, {"entry", "loop", "exit"}}),
            new Model.Write(Model.NODES, 64, 65, List.of("opcode", "operands"), new Object[][] {{99}, {new int[] {1, 2, 3, 4}}})));
        epochs.add(List.of(new Model.Write(Model.NODES, 100, 150, List.of("opcode"), new Object[][] {java.util.stream.IntStream.range(0, 50).boxed().toArray()})));
        epochs.add(List.of(new Model.Write(Model.BLOCKS, 1, 2, List.of("succ"), new Object[][] {{new int[] {1}}})));
        epochs.add(List.of(new Model.Write(Model.NODES, 0, 150, List.of("pure"), new Object[][] {java.util.stream.IntStream.range(0, 150).mapToObj(r -> r % 2 == 0).toArray()})));
        return epochs;
    }

    /**
     * The golden history of version 4: {@link #history()} and one epoch of 2,000 opcodes spread
     * evenly over 10 bits (a hash of the row), which the writer bit-packs.
     */
    static List<List<Model.Write>> historyV4() {
        List<List<Model.Write>> epochs = new ArrayList<>(history());
        Object[] spread = new Object[2000];
        for (int r = 0; r < spread.length; r++) {
            long x = (r + 1) * 0x9E3779B97F4A7C15L; // SplitMix64's finaliser: no pattern a difference or deflate can use
            x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
            x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
            spread[r] = (int) (x ^ (x >>> 31)) & 0x3FF;
        }
        epochs.add(List.of(new Model.Write(Model.NODES, 0, spread.length, List.of("opcode"), new Object[][] {spread})));
        return epochs;
    }

    static Model write(Path dir, org.apache.arrow.memory.BufferAllocator allocator) {
        return write(dir, allocator, history());
    }

    static Model write(Path dir, org.apache.arrow.memory.BufferAllocator allocator, List<List<Model.Write>> history) {
        Model model = new Model();
        try (Store store = Store.open(dir, StoreOptions.of(Model.SCHEMA, allocator).withDurability(Durability.NONE))) {
            for (List<Model.Write> writes : history) {
                Model.commit(store, writes);
                model.apply(writes);
            }
        }
        return model;
    }

    @Test
    void theGoldenStoreOfVersion1IsStillReadEpochByEpoch(@TempDir Path tmp) throws IOException {
        Model model = new Model();
        history().forEach(model::apply);
        readBack(GOLDEN_V1, tmp.resolve("v1"), model);
    }

    @Test
    void theGoldenStoreOfVersion2WithZstdPartsIsStillReadEpochByEpoch(@TempDir Path tmp) throws IOException {
        Model model = new Model();
        history().forEach(model::apply);
        readBack(GOLDEN_V2_ZSTD, tmp.resolve("v2-zstd"), model);
    }

    @Test
    void theGoldenStoreOfVersion2IsStillReadEpochByEpoch(@TempDir Path tmp) throws IOException {
        Model model = new Model();
        history().forEach(model::apply);
        readBack(GOLDEN_V2, tmp.resolve("v2"), model);
    }

    @Test
    void aStoreOfVersion2TakesVersion3CommitsAndReadsBackWhole(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("v2");
        Model model = new Model();
        history().forEach(model::apply);
        readBack(GOLDEN_V2, copy, model);
        List<List<Model.Write>> more = List.of(history().get(0), history().get(1)); // the first v3 record follows the last v2 one
        try (Store store = Store.open(copy, StoreOptions.of(Model.SCHEMA, leaks.allocator()).withDurability(Durability.NONE))) {
            for (List<Model.Write> writes : more) {
                Model.commit(store, writes);
                model.apply(writes);
            }
        }
        try (Store store = Store.open(copy, StoreOptions.of(Model.SCHEMA, leaks.allocator()).withStrictRecovery(true).withReadOnly(true))) {
            assertEquals(history().size() + more.size(), store.lastEpoch());
            model.assertSame(store.latest());
        }
    }

    @Test
    void theGoldenStoreOfVersion3ReadsBackEpochByEpochAndTodaysWriterStillWritesItsRecordsAsVersion3(@TempDir Path tmp) throws IOException {
        Path written = tmp.resolve("written");
        Model model = write(written, leaks.allocator());
        readBack(GOLDEN_V3, tmp.resolve("v3"), model);
        assertSameLogBytes(GOLDEN_V3, written);
    }

    @Test
    void theGoldenStoreOfVersion4ReadsBackEpochByEpochAndTodaysWriterMatchesIt(@TempDir Path tmp) throws IOException {
        if (Boolean.getBoolean("mmsb.golden.write")) {
            Files.createDirectories(GOLDEN);
            write(GOLDEN, leaks.allocator(), historyV4());
        }
        Path written = tmp.resolve("written");
        Model model = write(written, leaks.allocator(), historyV4());
        readBack(GOLDEN, tmp.resolve("v4"), model);
        assertSameLogBytes(GOLDEN, written);
        try (TLog log = TLog.open(written, LogOptions.defaults())) {
            var records = log.recovered();
            assertEquals(3, records.get(0).payload().get(ValueLayout.JAVA_SHORT_UNALIGNED, 4), "a record without a packed stream stays version 3");
            assertEquals(4, records.get(records.size() - 1).payload().get(ValueLayout.JAVA_SHORT_UNALIGNED, 4), "the spread opcodes are bit-packed: version 4");
        }
    }

    private static void assertSameLogBytes(Path golden, Path written) throws IOException {
        try (Stream<Path> files = Files.list(golden)) {
            List<Path> logs = files.filter(f -> f.toString().endsWith(".tlog")).sorted().toList();
            assertEquals(1, logs.size());
            for (Path f : logs) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(written.resolve(f.getFileName())), "today's writer changed the bytes of " + f.getFileName());
            }
        }
    }

    private void readBack(Path golden, Path copy, Model model) throws IOException {
        Files.createDirectories(copy); // opening takes the directory's lock: never open the source tree itself
        try (Stream<Path> files = Files.list(golden)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".tlog")).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        try (Store store = Store.open(copy, StoreOptions.of(Model.SCHEMA, leaks.allocator()).withStrictRecovery(true))) {
            assertEquals(model.states.size() - 1, store.lastEpoch());
            assertEquals(RecoveryReport.Outcome.CLEAN, store.recovery().outcome());
            for (long e = 0; e <= store.lastEpoch(); e++) {
                model.assertSame(store.stateAt(e));
            }
        }
    }
}
