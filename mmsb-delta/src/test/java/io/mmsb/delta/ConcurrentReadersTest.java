package io.mmsb.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.core.testing.LeakCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The thread rules: queries from other threads, concurrent with commits, always see exactly the
 * state of the epoch they ask for (its hash never changes once committed).
 */
class ConcurrentReadersTest {
    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    @Test
    void readersDuringCommitsSeeStableEpochs() throws Exception {
        Map<Long, String> hashes = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Store store = Store.inMemory(StoreOptions.of(Model.SCHEMA, leaks.allocator()).withKeyframeInterval(4))) {
            hashes.put(0L, store.stateHash(0));
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                readers.add(pool.submit(() -> {
                    int checks = 0;
                    while (!done.get() || checks == 0) {
                        long last = store.lastEpoch();
                        long e = ThreadLocalRandom.current().nextLong(last + 1);
                        String expected = hashes.get(e);
                        String actual = store.stateHash(e);
                        if (expected != null) {
                            assertEquals(expected, actual, "epoch " + e + " changed under a concurrent commit");
                            checks++;
                        }
                        store.diff(0, e);
                    }
                    return checks;
                }));
            }
            Random rnd = new Random(7);
            Model model = new Model();
            for (int e = 0; e < 150; e++) {
                List<Model.Write> writes = new ArrayList<>();
                writes.add(model.randomWrite(rnd, writes));
                long epoch = Model.commit(store, writes);
                model.apply(writes);
                hashes.put(epoch, store.stateHash(epoch));
            }
            done.set(true);
            for (Future<Integer> r : readers) {
                assertTrue(r.get() > 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
