package io.mmsb.core.internal.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;

/**
 * The single allocation path for MMSB's off-heap memory: the thin seam between MMSB and Arrow.
 * Memory comes from FFM arenas (so hot loops read it as {@link MemorySegment}s without any
 * restricted call) and is registered with an Arrow {@link BufferAllocator} through
 * {@code wrapForeignAllocation}, which gives reference counting, accounting and leak detection.
 * Swapping Arrow out means changing this class only.
 *
 * <p>Thread rules: thread-safe. Ownership: owns a child allocator of the given parent; closing
 * it throws {@link IllegalStateException} if any block is still referenced (a leak).
 */
public final class Memory implements AutoCloseable {
    /** Alignment of every block, in bytes. */
    public static final long ALIGNMENT = 64;

    private final BufferAllocator allocator;

    private Memory(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    /** A memory pool accounted as a child of {@code parent}. */
    public static Memory childOf(BufferAllocator parent, String name) {
        Objects.requireNonNull(parent, "parent allocator");
        return new Memory(parent.newChildAllocator(name, 0, Long.MAX_VALUE));
    }

    /** Allocates a zero-filled block of {@code bytes} (at least 1 byte is reserved). */
    public Block allocate(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative block size " + bytes);
        }
        Arena arena = Arena.ofShared();
        try {
            MemorySegment segment = arena.allocate(Math.max(bytes, 1), ALIGNMENT);
            ArrowBuf buf = allocator.wrapForeignAllocation(new ArenaAllocation(segment, arena));
            return new Block(bytes == segment.byteSize() ? segment : segment.asSlice(0, bytes), buf);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Registers memory owned elsewhere (a read-only file mapping owned by the log) so that it is
     * reference counted and accounted like any block. Closing the last reference does not free
     * the memory: its owner does, after all blocks over it are closed.
     */
    public Block wrap(MemorySegment external) {
        ArrowBuf buf = allocator.wrapForeignAllocation(new ForeignAllocation(Math.max(external.byteSize(), 1), external.address()) {
            @Override
            protected void release0() {
                // memory owned by the mapping's arena
            }
        });
        return new Block(external, buf);
    }

    /** Bytes currently referenced through this pool. */
    public long allocatedBytes() {
        return allocator.getAllocatedMemory();
    }

    public BufferAllocator allocator() {
        return allocator;
    }

    /** Closes the pool; throws {@link IllegalStateException} naming the leak if blocks are still referenced. */
    @Override
    public void close() {
        allocator.close();
    }

    private static final class ArenaAllocation extends ForeignAllocation {
        private final Arena arena;

        ArenaAllocation(MemorySegment segment, Arena arena) {
            super(segment.byteSize(), segment.address());
            this.arena = arena;
        }

        @Override
        protected void release0() {
            arena.close();
        }
    }
}
