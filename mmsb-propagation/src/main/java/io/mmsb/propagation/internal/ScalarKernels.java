package io.mmsb.propagation.internal;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.mmsb.propagation.LongSemiring;
import java.lang.foreign.MemorySegment;

/**
 * Reference kernels: plain loops through the semiring's primitive operations. Also the tail and
 * custom-semiring path of {@link VectorKernels}. Thread rules: stateless. Ownership: none.
 */
public final class ScalarKernels implements Kernels {
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void fill(MemorySegment seg, long n, long value) {
        fillRange(seg, 0, n, value);
    }

    static void fillRange(MemorySegment seg, long from, long to, long value) {
        for (long i = from; i < to; i++) {
            seg.setAtIndex(JAVA_LONG, i, value);
        }
    }

    @Override
    public void combine(LongSemiring s, MemorySegment dst, MemorySegment src, long n, long w) {
        combineRange(s, dst, src, 0, n, w);
    }

    static void combineRange(LongSemiring s, MemorySegment dst, MemorySegment src, long from, long to, long w) {
        for (long i = from; i < to; i++) {
            dst.setAtIndex(JAVA_LONG, i, s.plusLong(dst.getAtIndex(JAVA_LONG, i), s.timesLong(src.getAtIndex(JAVA_LONG, i), w)));
        }
    }

    @Override
    public long countNotEqual(MemorySegment seg, long n, long value) {
        return countNotEqualRange(seg, 0, n, value);
    }

    static long countNotEqualRange(MemorySegment seg, long from, long to, long value) {
        long c = 0;
        for (long i = from; i < to; i++) {
            if (seg.getAtIndex(JAVA_LONG, i) != value) {
                c++;
            }
        }
        return c;
    }

    @Override
    public long popcountSum(MemorySegment seg, long n) {
        return popcountRange(seg, 0, n);
    }

    static long popcountRange(MemorySegment seg, long from, long to) {
        long c = 0;
        for (long i = from; i < to; i++) {
            c += Long.bitCount(seg.getAtIndex(JAVA_LONG, i));
        }
        return c;
    }
}
