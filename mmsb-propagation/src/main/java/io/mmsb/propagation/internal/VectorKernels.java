package io.mmsb.propagation.internal;

import io.mmsb.propagation.LongSemiring;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API kernels (preferred species; 4 longs per vector on AVX2). Stateless. */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;

    private VectorKernels() {}

    static VectorKernels create() {
        if (SPECIES.length() < 2) {
            throw new IllegalStateException("the preferred long vector has " + SPECIES.length() + " lane; the scalar path is as fast");
        }
        return new VectorKernels();
    }

    @Override
    public boolean combine(LongSemiring.Combine op, MemorySegment dst, MemorySegment src, long count) {
        VectorOperators.Binary lanewise = switch (op) {
            case OR -> VectorOperators.OR;
            case MIN -> VectorOperators.MIN;
            case MAX -> VectorOperators.MAX;
        };
        long step = SPECIES.length();
        long bound = count - count % step;
        LongVector changed = LongVector.zero(SPECIES);
        for (long i = 0; i < bound; i += step) {
            long off = i * 8;
            LongVector a = LongVector.fromMemorySegment(SPECIES, dst, off, ByteOrder.nativeOrder());
            LongVector b = LongVector.fromMemorySegment(SPECIES, src, off, ByteOrder.nativeOrder());
            LongVector r = a.lanewise(lanewise, b);
            changed = changed.or(r.lanewise(VectorOperators.XOR, a));
            r.intoMemorySegment(dst, off, ByteOrder.nativeOrder());
        }
        boolean any = changed.reduceLanes(VectorOperators.OR) != 0;
        return ScalarKernels.combineRange(op, dst, src, bound, count) | any;
    }

    @Override
    public String name() {
        return "vector (" + SPECIES + ")";
    }
}
