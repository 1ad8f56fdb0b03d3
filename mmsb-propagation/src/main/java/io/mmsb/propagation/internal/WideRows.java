package io.mmsb.propagation.internal;

import io.mmsb.propagation.KernelPath;
import java.lang.foreign.MemorySegment;

/**
 * Row operations of the wide cause-set propagation ({@code io.mmsb.propagation.CausePropagation}):
 * a row is {@code w} consecutive {@code long}s (64 causes each) at a long index of an off-heap
 * segment. Two implementations give identical results: {@link ScalarWideRows} and
 * {@link VectorWideRows} ({@code w} a multiple of {@link #granule()}). Thread rules: stateless,
 * thread-safe; callers own the segments. Ownership: none.
 */
public interface WideRows {
    /** "scalar" or "vector". */
    String name();

    /** The row width must be a multiple of this many longs. */
    int granule();

    /** {@code dst[d..d+w) |= src[s..s+w)}. */
    void or(MemorySegment dst, long d, MemorySegment src, long s, int w);

    /** {@code seg[r..r+w) = 0}. */
    void clear(MemorySegment seg, long r, int w);

    /**
     * Keeps only the bits of row {@code r} of {@code next} not yet in {@code visited}, adds them
     * to {@code visited}; whether any bit was new.
     */
    boolean keepNew(MemorySegment next, MemorySegment visited, long r, int w);

    /**
     * The bits of row {@code u} of {@code cur} not yet in row {@code v} of {@code visited} are
     * added to row {@code v} of both; whether any was.
     */
    boolean spread(MemorySegment cur, MemorySegment visited, long u, long v, int w);

    /** The wide rows for a kernel choice: vector when {@link KernelProvider} would choose the Vector API kernels. */
    static WideRows of(KernelPath path) {
        return KernelProvider.select(path) instanceof VectorKernels ? VectorWideRows.INSTANCE : ScalarWideRows.INSTANCE;
    }
}
