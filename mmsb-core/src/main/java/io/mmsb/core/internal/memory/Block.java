package io.mmsb.core.internal.memory;

import java.lang.foreign.MemorySegment;
import org.apache.arrow.memory.ArrowBuf;

/**
 * A reference-counted region of off-heap memory, 64-byte aligned, accounted for by an Arrow
 * {@code BufferAllocator} (so a leak shows up when the allocator closes).
 *
 * <p>Thread rules: {@link #retain()} and {@link #close()} are thread-safe (Arrow's atomic
 * reference count); writes through {@link #segment()} happen only before the block is
 * published (sealed) and are then never made again; reads are safe from any thread after
 * publication. Ownership: whoever holds a reference closes it once; the memory is freed when
 * the last reference is closed.
 */
public final class Block implements AutoCloseable {
    private final MemorySegment segment;
    private final ArrowBuf accounting;

    Block(MemorySegment segment, ArrowBuf accounting) {
        this.segment = segment;
        this.accounting = accounting;
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
        accounting.getReferenceManager().retain();
        return this;
    }

    /** Current number of references (for tests and diagnostics). */
    public int refCount() {
        return accounting.refCnt();
    }

    /** Releases one reference. */
    @Override
    public void close() {
        accounting.getReferenceManager().release();
    }
}
