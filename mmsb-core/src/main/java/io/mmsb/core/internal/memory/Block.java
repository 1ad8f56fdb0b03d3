package io.mmsb.core.internal.memory;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.arrow.memory.ArrowBuf;

/**
 * A reference-counted region of off-heap memory, 64-byte aligned, accounted for by an Arrow
 * {@code BufferAllocator} (so a leak shows up when the allocator closes): a large block as an
 * Arrow buffer of its own, a small one through the slab it is carved from (see {@link Memory}).
 *
 * <p>Thread rules: {@link #retain()} and {@link #close()} are thread-safe (Arrow's atomic
 * reference count, or an atomic count of its own for a slab block); writes through {@link #segment()} happen only before the block is
 * published (sealed) and are then never made again; reads are safe from any thread after
 * publication. Ownership: whoever holds a reference closes it once; the memory is freed when
 * the last reference is closed.
 */
public final class Block implements AutoCloseable {
    private static final VarHandle REFS;

    static {
        try {
            REFS = MethodHandles.lookup().findVarHandle(Block.class, "refs", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MemorySegment segment;
    /** A large block's own Arrow buffer, or null for a block carved out of {@link #slab}. */
    private final ArrowBuf accounting;
    private final Memory.Slab slab;
    /** References of a slab block (a large block counts them in {@link #accounting}). */
    @SuppressWarnings("unused") // through REFS
    private volatile int refs;

    Block(MemorySegment segment, ArrowBuf accounting) {
        this.segment = segment;
        this.accounting = accounting;
        this.slab = null;
    }

    Block(MemorySegment segment, Memory.Slab slab) {
        this.segment = segment;
        this.accounting = null;
        this.slab = slab;
        this.refs = 1;
    }

    /** The memory. Do not use after the last reference is closed (access then throws). */
    public MemorySegment segment() {
        return segment;
    }

    public long byteSize() {
        return segment.byteSize();
    }

    /** Adds a reference; the caller must close it. */
    public Block retain() {
        if (accounting != null) {
            accounting.getReferenceManager().retain();
            return this;
        }
        int r;
        do {
            r = refs;
            if (r <= 0) {
                throw new IllegalStateException("block retained after its last reference was closed");
            }
        } while (!REFS.compareAndSet(this, r, r + 1));
        return this;
    }

    /** Current number of references (for tests and diagnostics). */
    public int refCount() {
        return accounting != null ? accounting.refCnt() : refs;
    }

    /** Releases one reference. */
    @Override
    public void close() {
        if (accounting != null) {
            accounting.getReferenceManager().release();
            return;
        }
        int r = (int) REFS.getAndAdd(this, -1) - 1;
        if (r == 0) {
            slab.release();
        } else if (r < 0) {
            REFS.getAndAdd(this, 1);
            throw new IllegalStateException("block closed more often than it was retained");
        }
    }
}
