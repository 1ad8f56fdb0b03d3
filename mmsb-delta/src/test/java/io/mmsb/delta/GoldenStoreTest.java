package io.mmsb.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mmsb.core.testing.LeakCheck;
import java.io.IOException;
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
 * Reads the committed golden store of payload version 1 (a deterministic history of the
 * {@link Model} schema) and checks every epoch against the model, and that today's writer
 * produces the same bytes. Regenerate (only for a new format version, in a new folder) with
 * {@code -Dmmsb.golden.write=true}.
 */
class GoldenStoreTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/store-v1");

    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    /** The golden history: 12 epochs from a fixed seed. */
    static Model write(Path dir, org.apache.arrow.memory.BufferAllocator allocator) {
        Random rnd = new Random(20261124L);
        Model model = new Model();
        try (Store store = Store.open(dir, StoreOptions.of(Model.SCHEMA, allocator).withDurability(Durability.NONE))) {
            for (int e = 0; e < 12; e++) {
                List<Model.Write> writes = new ArrayList<>();
                writes.add(model.randomWrite(rnd, writes));
                Model.commit(store, writes);
                model.apply(writes);
            }
        }
        return model;
    }

    @Test
    void theGoldenStoreOfVersion1ReadsBackEpochByEpoch(@TempDir Path tmp) throws IOException {
        if (Boolean.getBoolean("mmsb.golden.write")) {
            write(GOLDEN, leaks.allocator());
        }
        Model model = write(tmp, leaks.allocator());
        try (Store golden = Store.open(GOLDEN.toAbsolutePath(), StoreOptions.of(Model.SCHEMA, leaks.allocator()).withStrictRecovery(true))) {
            assertEquals(12, golden.lastEpoch());
            assertEquals(RecoveryReport.Outcome.CLEAN, golden.recovery().outcome());
            for (long e = 0; e <= 12; e++) {
                model.assertSame(golden.stateAt(e));
            }
        }
        try (Stream<Path> files = Files.list(GOLDEN)) {
            for (Path f : files.sorted().toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(tmp.resolve(f.getFileName())), "today's writer changed the bytes of " + f.getFileName());
            }
        }
    }
}
