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
 * <p>Small blocks (up to {@link #SLAB_THRESHOLD}) are carved out of 1 MiB slabs, each one
 * shared arena whose memory is freed when its last block is released and a newer slab has taken
 * its place; larger blocks get an arena of their own. Closing a shared arena costs a thread
 * handshake (about 60 us measured here), so one arena per small block would dominate small
 * commits and make closing a large store take seconds. Arrow accounts a slab as one allocation
 * (its blocks count references on the slab itself): a store's pages are mostly 64-row chunks of
 * a few hundred bytes, and an Arrow buffer, ledger and allocation manager per block took about
 * 200 bytes of heap each, two thirds of the bytes of the pages they stood for. The allocator
 * therefore sees whole slabs: {@link #allocatedBytes()} is the memory held, not the bytes asked for.
 *
 * <p>Thread rules: thread-safe. Ownership: owns a child allocator of the given parent; closing
 * it throws {@link IllegalStateException} if any block is still referenced (a leak).
 */
public final class Memory implements AutoCloseable {
    /** Alignment of every block, in bytes. */
    public static final long ALIGNMENT = 64;

    /** Blocks up to this size are carved out of slabs. */
    public static final long SLAB_THRESHOLD = 128 * 1024;
    static final long SLAB_BYTES = 1024 * 1024;

    private final BufferAllocator allocator;
    private Slab current;
    /** While not null, large blocks share its arena ({@link #beginBatch()}). */
    private volatile Batch batch;

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
        long size = Math.max(bytes, 1);
        if (size <= SLAB_THRESHOLD) {
            return carve(bytes, size);
        }
        Batch batch = this.batch;
        if (batch != null) {
            return batch.allocate(allocator, bytes, size);
        }
        Arena arena = Arena.ofShared();
        try {
            MemorySegment segment = arena.allocate(size, ALIGNMENT);
            ArrowBuf buf = allocator.wrapForeignAllocation(new Owned(segment, arena::close));
            return new Block(segment.asSlice(0, bytes), buf);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private synchronized Block carve(long bytes, long size) {
        long aligned = (size + ALIGNMENT - 1) & -ALIGNMENT;
        if (current == null || current.used + aligned > SLAB_BYTES) {
            if (current != null) {
                current.retire();
            }
            current = new Slab(allocator);
        }
        Slab slab = current;
        MemorySegment segment = slab.segment.asSlice(slab.used, bytes);
        slab.used += aligned;
        slab.acquire();
        return new Block(segment, slab);
    }

    /**
     * From now until {@link #endBatch()}, large blocks share one arena, freed when the batch has
     * ended and its last block is released. For many large blocks that live and die together (a
     * store replaying its log keeps every page until it closes): closing an arena per block is a
     * thread handshake each. A block released early keeps its memory until the whole batch goes.
     * One batch at a time, begun and ended by one thread.
     */
    public void beginBatch() {
        if (batch != null) {
            throw new IllegalStateException("a batch is already open");
        }
        batch = new Batch();
    }

    /** Ends the batch begun last: later large blocks get arenas of their own again. */
    public void endBatch() {
        Batch b = batch;
        batch = null;
        if (b != null) {
            b.retire();
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
        endBatch();
        synchronized (this) {
            if (current != null) {
                current.retire();
                current = null;
            }
        }
        allocator.close();
    }

    /**
     * One shared arena carved into small blocks. Freed when it is retired (no longer the slab new
     * blocks come from) and its last block is released. Guarded by its own monitor.
     */
    static final class Slab extends Retirable {
        private final MemorySegment segment;
        /** Arrow's view of the whole slab; releasing it closes the arena. */
        private final ArrowBuf accounting;
        private long used;

        Slab(BufferAllocator allocator) {
            Arena arena = Arena.ofShared();
            try {
                segment = arena.allocate(SLAB_BYTES, ALIGNMENT);
                accounting = allocator.wrapForeignAllocation(new Owned(segment, arena::close));
            } catch (RuntimeException | Error e) {
                arena.close();
                throw e;
            }
        }

        @Override
        void free() {
            accounting.close();
        }
    }

    /**
     * One shared arena for the large blocks of a batch, each accounted by Arrow as an allocation
     * of its own whose release un-references the batch; the arena closes when the batch is
     * retired and its last block released. Guarded by its own monitor.
     */
    static final class Batch extends Retirable {
        private final Arena arena = Arena.ofShared();

        synchronized Block allocate(BufferAllocator allocator, long bytes, long size) {
            MemorySegment segment = arena.allocate(size, ALIGNMENT);
            acquire();
            try {
                ArrowBuf buf = allocator.wrapForeignAllocation(new Owned(segment, this::release));
                return new Block(segment.asSlice(0, bytes), buf);
            } catch (RuntimeException | Error e) {
                release();
                throw e;
            }
        }

        @Override
        void free() {
            arena.close();
        }
    }

    /**
     * Memory shared by blocks: freed once, when its owner has retired it (no new block comes from
     * it) and its last block is released. Slabs and batches both count their blocks this way.
     * Guarded by its own monitor.
     */
    abstract static class Retirable {
        private int live;
        private boolean retired;
        private boolean freed;

        synchronized void acquire() {
            live++;
        }

        synchronized void release() {
            live--;
            freeIfDone();
        }

        synchronized void retire() {
            retired = true;
            freeIfDone();
        }

        private void freeIfDone() {
            if (retired && live == 0 && !freed) {
                freed = true;
                free();
            }
        }

        /** Frees the memory; called once, holding the monitor. */
        abstract void free();
    }

    /** Arrow's view of a block: its release hook frees (or un-references) the memory. */
    private static final class Owned extends ForeignAllocation {
        private final Runnable free;

        Owned(MemorySegment segment, Runnable free) {
            super(segment.byteSize(), segment.address());
            this.free = free;
        }

        @Override
        protected void release0() {
            free.run();
        }
    }
}
