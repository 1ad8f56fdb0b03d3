package io.mmsb.propagation.internal;

import io.mmsb.propagation.LongSemiring;
import io.mmsb.propagation.Semirings;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels ({@code jdk.incubator.vector}) over off-heap segments, for the built-in
 * semirings; a custom semiring goes through {@link ScalarKernels}. Saturation is computed with
 * compare-and-blend against thresholds so results equal the scalar path bit for bit.
 * Loaded only through {@link KernelProvider} (the class needs the incubator module).
 * Thread rules: stateless. Ownership: none.
 */
public final class VectorKernels implements Kernels {
    static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long INF = Semirings.INFINITY;
    private static final long NEG_INF = Semirings.NEG_INFINITY;

    public static final VectorKernels INSTANCE = new VectorKernels();

    private VectorKernels() {}

    /** Lanes of the preferred species (checked by the provider). */
    static int lanes() {
        return SPECIES.length();
    }

    @Override
    public String name() {
        return "vector";
    }

    private static long bound(long n) {
        return SPECIES.loopBound(n);
    }

    @Override
    public void fill(MemorySegment seg, long n, long value) {
        LongVector v = LongVector.broadcast(SPECIES, value);
        long up = bound(n);
        int step = SPECIES.length();
        for (long i = 0; i < up; i += step) {
            v.intoMemorySegment(seg, i * Long.BYTES, ORDER);
        }
        ScalarKernels.fillRange(seg, up, n, value);
    }

    @Override
    public void combine(LongSemiring s, MemorySegment dst, MemorySegment src, long n, long w) {
        if (!(s instanceof Semirings builtin)) {
            ScalarKernels.combineRange(s, dst, src, 0, n, w);
            return;
        }
        long up = bound(n);
        int step = SPECIES.length();
        switch (builtin) {
            case TROPICAL -> {
                // weights are >= 0 (validated); src > INF - w would pass INFINITY: saturate
                long threshold = INF - w;
                for (long i = 0; i < up; i += step) {
                    LongVector a = LongVector.fromMemorySegment(SPECIES, src, i * Long.BYTES, ORDER);
                    LongVector d = LongVector.fromMemorySegment(SPECIES, dst, i * Long.BYTES, ORDER);
                    LongVector sum = a.add(w).blend(INF, a.compare(VectorOperators.GT, threshold));
                    d.min(sum).intoMemorySegment(dst, i * Long.BYTES, ORDER);
                }
            }
            case MAX_PLUS -> {
                if (w == NEG_INF) {
                    return; // times gives -inf, the identity of max
                }
                long threshold = INF - w;
                for (long i = 0; i < up; i += step) {
                    LongVector a = LongVector.fromMemorySegment(SPECIES, src, i * Long.BYTES, ORDER);
                    LongVector d = LongVector.fromMemorySegment(SPECIES, dst, i * Long.BYTES, ORDER);
                    LongVector sum = a.add(w)
                            .blend(INF, a.compare(VectorOperators.GT, threshold).or(a.compare(VectorOperators.EQ, INF)))
                            .blend(NEG_INF, a.compare(VectorOperators.EQ, NEG_INF));
                    d.max(sum).intoMemorySegment(dst, i * Long.BYTES, ORDER);
                }
            }
            case COUNTING -> {
                if (w == 0) {
                    return;
                }
                long threshold = INF / w; // a <= threshold => a * w does not overflow
                for (long i = 0; i < up; i += step) {
                    LongVector a = LongVector.fromMemorySegment(SPECIES, src, i * Long.BYTES, ORDER);
                    LongVector d = LongVector.fromMemorySegment(SPECIES, dst, i * Long.BYTES, ORDER);
                    LongVector prod = a.mul(w).blend(INF, a.compare(VectorOperators.GT, threshold));
                    LongVector sum = d.add(prod);
                    VectorMask<Long> over = sum.compare(VectorOperators.LT, 0L)
                            .or(d.compare(VectorOperators.EQ, INF)).or(prod.compare(VectorOperators.EQ, INF));
                    sum.blend(INF, over).intoMemorySegment(dst, i * Long.BYTES, ORDER);
                }
            }
            case BOOLEAN, BIT_PARALLEL -> {
                for (long i = 0; i < up; i += step) {
                    LongVector a = LongVector.fromMemorySegment(SPECIES, src, i * Long.BYTES, ORDER);
                    LongVector d = LongVector.fromMemorySegment(SPECIES, dst, i * Long.BYTES, ORDER);
                    d.or(a.and(w)).intoMemorySegment(dst, i * Long.BYTES, ORDER);
                }
            }
        }
        ScalarKernels.combineRange(s, dst, src, up, n, w);
    }

    @Override
    public long countNotEqual(MemorySegment seg, long n, long value) {
        long up = bound(n);
        int step = SPECIES.length();
        LongVector acc = LongVector.zero(SPECIES);
        LongVector ones = LongVector.broadcast(SPECIES, 1L);
        for (long i = 0; i < up; i += step) {
            LongVector a = LongVector.fromMemorySegment(SPECIES, seg, i * Long.BYTES, ORDER);
            acc = acc.add(ones, a.compare(VectorOperators.NE, value));
        }
        return acc.reduceLanes(VectorOperators.ADD) + ScalarKernels.countNotEqualRange(seg, up, n, value);
    }

    @Override
    public long popcountSum(MemorySegment seg, long n) {
        long up = bound(n);
        int step = SPECIES.length();
        LongVector acc = LongVector.zero(SPECIES);
        for (long i = 0; i < up; i += step) {
            acc = acc.add(LongVector.fromMemorySegment(SPECIES, seg, i * Long.BYTES, ORDER).lanewise(VectorOperators.BIT_COUNT));
        }
        return acc.reduceLanes(VectorOperators.ADD) + ScalarKernels.popcountRange(seg, up, n);
    }
}
