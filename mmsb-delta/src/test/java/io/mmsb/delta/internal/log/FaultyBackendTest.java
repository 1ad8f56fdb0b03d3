package io.mmsb.delta.internal.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The disk model the crash tests rely on behaves as documented. */
class FaultyBackendTest {
    private static final byte[] DATA = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    @Test
    void crashKeepsForcedBytesAndSomePrefixOfTheRest() throws IOException {
        Set<Integer> lengthsSeen = new HashSet<>();
        for (int seed = 0; seed < 200; seed++) {
            FaultyBackend disk = new FaultyBackend(seed);
            try (LogBackend.AppendFile f = disk.create("a")) {
                disk.syncDirectory();
                f.write(ByteBuffer.wrap(DATA, 0, 4));
                f.force();
                f.write(ByteBuffer.wrap(DATA, 4, 6));
                disk.crash(new Random(seed));
                assertThrows(IOException.class, () -> f.write(ByteBuffer.wrap(DATA)), "stale handle");
                assertThrows(IOException.class, f::force, "stale handle");
            }
            byte[] after = disk.bytes("a");
            assertTrue(after.length >= 4 && after.length <= 10, "length " + after.length);
            assertArrayEquals(Arrays.copyOf(DATA, after.length), after);
            lengthsSeen.add(after.length);
        }
        assertEquals(7, lengthsSeen.size(), "every prefix length from 4 to 10 occurs");
    }

    @Test
    void directoryChangesNeedADirectorySync() throws IOException {
        Set<List<String>> outcomes = new HashSet<>();
        for (int seed = 0; seed < 100; seed++) {
            FaultyBackend disk = new FaultyBackend(seed);
            disk.create("a").close();
            disk.syncDirectory();
            disk.create("b").close();
            disk.rename("a", "c");
            disk.crash(new Random(seed));
            List<String> names = disk.list().stream().sorted().toList();
            assertTrue(List.of(List.of("a"), List.of("a", "b"), List.of("b", "c")).contains(names), names.toString());
            outcomes.add(names);
        }
        assertEquals(3, outcomes.size(), "every prefix of the pending changes occurs");
    }

    @Test
    void injectedWriteFailureWritesAPrefixAndForceFailureMakesNothingDurable() throws IOException {
        FaultyBackend disk = new FaultyBackend(5);
        try (LogBackend.AppendFile f = disk.create("a")) {
            disk.syncDirectory();
            disk.failWriteAt(2);
            f.write(ByteBuffer.wrap(DATA, 0, 2));
            assertThrows(IOException.class, () -> f.write(ByteBuffer.wrap(DATA, 2, 8)));
            assertTrue(f.size() >= 2 && f.size() < 10);
            disk.failForceAt(1);
            assertThrows(IOException.class, f::force);
        }
        disk.crash(new Random(1) {
            @Override
            public int nextInt(int bound) {
                return 0; // keep only durable bytes
            }
        });
        assertEquals(0, disk.bytes("a").length, "the failed force made nothing durable");
    }
}
