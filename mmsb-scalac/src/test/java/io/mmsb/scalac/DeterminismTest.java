package io.mmsb.scalac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import io.mmsb.recorder.FactTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two recordings of the same compilation (fansi) give the same epochs, state hash and log bytes. */
class DeterminismTest {
    @TempDir Path tmp;

    @Test
    void twoRecordingsOfTheSameCompilationAreIdentical() throws Exception {
        List<Path> sources = Scalac.sources(Scalac.libs().resolve("src/fansi"));
        String cp = Scalac.classpath("fansi");
        for (String run : List.of("a", "b")) {
            assertTrue(Scalac.compile(sources, cp, tmp.resolve("out-" + run), "store=" + tmp.resolve("store-" + run), "id=fansi", "mode=strict"));
        }
        try (RootAllocator root = new RootAllocator();
             Store a = Store.open(tmp.resolve("store-a"), StoreOptions.of(FactTables.SCHEMA, root).withReadOnly(true));
             Store b = Store.open(tmp.resolve("store-b"), StoreOptions.of(FactTables.SCHEMA, root).withReadOnly(true))) {
            assertTrue(a.lastEpoch() > 20, "one epoch per observed phase of the unit");
            assertEquals(a.lastEpoch(), b.lastEpoch());
            assertEquals(a.stateHash(a.lastEpoch()), b.stateHash(b.lastEpoch()));
            for (long e = 1; e <= a.lastEpoch(); e += 7) assertEquals(a.stateHash(e), b.stateHash(e), "epoch " + e);
        }
        List<Path> logA = logs(tmp.resolve("store-a"));
        List<Path> logB = logs(tmp.resolve("store-b"));
        assertEquals(logA.size(), logB.size());
        for (int i = 0; i < logA.size(); i++) {
            assertArrayEquals(Files.readAllBytes(logA.get(i)), Files.readAllBytes(logB.get(i)), "log " + logA.get(i).getFileName());
        }
    }

    private static List<Path> logs(Path store) throws Exception {
        try (Stream<Path> s = Files.list(store)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tlog")).sorted().toList();
        }
    }
}
