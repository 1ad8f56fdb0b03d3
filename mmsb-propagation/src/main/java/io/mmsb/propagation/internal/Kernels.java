package io.mmsb.propagation.internal;

import io.mmsb.propagation.LongSemiring;
import java.lang.foreign.MemorySegment;

/**
 * Dense kernels over off-heap {@code long} columns. Two implementations give identical results:
 * {@link ScalarKernels} and {@link VectorKernels}; {@link KernelProvider} chooses.
 * Thread rules: stateless, thread-safe; callers own the segments. Ownership: none.
 */
public interface Kernels {
    /** Name for logs and benchmarks ("scalar" or "vector"). */
    String name();

    /** {@code seg[i] = value} for i in [0, n). */
    void fill(MemorySegment seg, long n, long value);

    /** {@code dst[i] = dst[i] + src[i] * w} in semiring {@code s}, for i in [0, n). */
    void combine(LongSemiring s, MemorySegment dst, MemorySegment src, long n, long w);

    /** Number of i in [0, n) with {@code seg[i] != value}. */
    long countNotEqual(MemorySegment seg, long n, long value);

    /** Sum of {@code Long.bitCount(seg[i])} for i in [0, n). */
    long popcountSum(MemorySegment seg, long n);
}
