package io.mmsb.core.internal.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.core.testing.LeakCheck;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MemoryTest {
    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    @Test
    void blocksAreAlignedZeroFilledAndAccounted() {
        try (Memory memory = Memory.childOf(leaks.allocator(), "t")) {
            try (Block b = memory.allocate(1000)) {
                assertEquals(1000, b.byteSize());
                assertEquals(0, b.segment().address() % Memory.ALIGNMENT);
                for (long i = 0; i < 1000; i++) {
                    assertEquals(0, b.segment().get(ValueLayout.JAVA_BYTE, i));
                }
                assertTrue(memory.allocatedBytes() >= 1000);
            }
            assertEquals(Memory.SLAB_BYTES, memory.allocatedBytes(), "the current slab is held until the pool closes or a newer slab replaces it");
            try (Block large = memory.allocate(Memory.SLAB_THRESHOLD + 1)) {
                assertEquals(Memory.SLAB_BYTES + Memory.SLAB_THRESHOLD + 1, memory.allocatedBytes(), "a large block is accounted alone");
            }
            assertEquals(Memory.SLAB_BYTES, memory.allocatedBytes());
        }
        assertEquals(0, leaks.allocator().getAllocatedMemory());
    }

    @Test
    void aSlabBlockClosedTooOftenOrRetainedAfterItsLastCloseThrows() {
        try (Memory memory = Memory.childOf(leaks.allocator(), "t")) {
            Block b = memory.allocate(100);
            Block kept = memory.allocate(100); // keeps the slab alive, so that the checks below touch live memory
            b.retain();
            assertEquals(2, b.refCount());
            b.close();
            b.close();
            assertEquals(0, b.refCount());
            assertThrows(IllegalStateException.class, b::close);
            assertThrows(IllegalStateException.class, b::retain);
            assertEquals(0, b.refCount());
            kept.close();
        }
    }

    @Test
    void memoryLivesUntilTheLastReferenceIsClosed() {
        try (Memory memory = Memory.childOf(leaks.allocator(), "t")) {
            Block b = memory.allocate(Memory.SLAB_THRESHOLD + 1);
            b.segment().set(ValueLayout.JAVA_INT, 0, 42);
            Block second = b.retain();
            assertEquals(2, b.refCount());
            b.close();
            assertEquals(42, second.segment().get(ValueLayout.JAVA_INT, 0));
            second.close();
            assertThrows(IllegalStateException.class, () -> second.segment().get(ValueLayout.JAVA_INT, 0),
                "access after the last release must fail, not read freed memory");
        }
    }

    @Test
    void smallBlocksShareSlabsThatAreFreedWhenRetiredAndUnreferenced() {
        Memory memory = Memory.childOf(leaks.allocator(), "t");
        java.util.List<Block> blocks = new java.util.ArrayList<>();
        for (int i = 0; i < 40_000; i++) { // ~2.5 MiB of 64-byte blocks: three slabs
            Block b = memory.allocate(1 + i % 64);
            assertEquals(0, b.segment().address() % Memory.ALIGNMENT);
            assertEquals(0, b.segment().get(ValueLayout.JAVA_BYTE, 0), "fresh blocks are zero-filled");
            b.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            blocks.add(b);
        }
        Block first = blocks.get(0);
        Block last = blocks.get(blocks.size() - 1);
        first.retain();
        blocks.forEach(Block::close);
        assertEquals(1, first.segment().get(ValueLayout.JAVA_BYTE, 0), "a referenced block keeps its slab alive");
        first.close();
        assertThrows(IllegalStateException.class, () -> first.segment().get(ValueLayout.JAVA_BYTE, 0), "a retired slab with no block left is freed");
        memory.close();
        assertThrows(IllegalStateException.class, () -> last.segment().get(ValueLayout.JAVA_BYTE, 0), "closing the pool frees the current slab");
    }

    @Test
    void largeBlocksOfABatchShareAnArenaFreedWhenTheBatchHasEndedAndTheLastBlockIsReleased() {
        try (Memory memory = Memory.childOf(leaks.allocator(), "t")) {
            long large = Memory.SLAB_THRESHOLD + 1000;
            memory.beginBatch();
            assertThrows(IllegalStateException.class, memory::beginBatch, "one batch at a time");
            Block a = memory.allocate(large);
            Block b = memory.allocate(large);
            Block small = memory.allocate(100); // small blocks still come from slabs
            assertEquals(0, a.segment().address() % Memory.ALIGNMENT);
            assertEquals(0, b.segment().get(ValueLayout.JAVA_LONG, large - 8), "fresh blocks are zero-filled");
            assertTrue(memory.allocatedBytes() >= 2 * large, "each large block is accounted");
            b.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 3);
            a.close();
            assertEquals(3, b.segment().get(ValueLayout.JAVA_BYTE, 0), "the batch is open: its arena lives");
            memory.endBatch();
            Block after = memory.allocate(large); // an arena of its own again
            assertEquals(3, b.segment().get(ValueLayout.JAVA_BYTE, 0), "a block of the ended batch is still referenced");
            b.close();
            assertThrows(IllegalStateException.class, () -> b.segment().get(ValueLayout.JAVA_BYTE, 0), "ended and unreferenced: freed");
            assertEquals(0, after.segment().get(ValueLayout.JAVA_BYTE, 0));
            after.close();
            small.close();
        }
    }

    @Test
    void aLeakedBlockFailsTheAllocatorClose() {
        RootAllocator root = new RootAllocator();
        Memory memory = Memory.childOf(root, "leaky");
        memory.allocate(128); // never closed: a leak (128 bytes stay allocated in this test JVM)
        IllegalStateException e = assertThrows(IllegalStateException.class, memory::close);
        assertTrue(e.getMessage().contains("leaky"), e.getMessage());
        assertThrows(IllegalStateException.class, root::close);
    }

    @Test
    void wrappedExternalMemoryIsAccountedButNotFreedByTheBlock() {
        try (Arena arena = Arena.ofConfined(); Memory memory = Memory.childOf(leaks.allocator(), "t")) {
            MemorySegment external = arena.allocate(256);
            external.set(ValueLayout.JAVA_LONG, 8, 7L);
            try (Block b = memory.wrap(external)) {
                assertEquals(7L, b.segment().get(ValueLayout.JAVA_LONG, 8));
                assertTrue(memory.allocatedBytes() >= 256);
            }
            assertEquals(7L, external.get(ValueLayout.JAVA_LONG, 8), "the owner's memory is still alive");
        }
    }
}
