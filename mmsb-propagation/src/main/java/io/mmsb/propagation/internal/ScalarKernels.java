package io.mmsb.propagation.internal;

import io.mmsb.propagation.LongSemiring;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The scalar kernels: the reference the vector path must match. Stateless. */
final class ScalarKernels implements Kernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {}

    @Override
    public boolean combine(LongSemiring.Combine op, MemorySegment dst, MemorySegment src, long count) {
        return combineRange(op, dst, src, 0, count);
    }

    static boolean combineRange(LongSemiring.Combine op, MemorySegment dst, MemorySegment src, long from, long to) {
        boolean changed = false;
        for (long i = from; i < to; i++) {
            long a = dst.getAtIndex(ValueLayout.JAVA_LONG, i);
            long b = src.getAtIndex(ValueLayout.JAVA_LONG, i);
            long r = switch (op) {
                case OR -> a | b;
                case MIN -> Math.min(a, b);
                case MAX -> Math.max(a, b);
            };
            if (r != a) {
                dst.setAtIndex(ValueLayout.JAVA_LONG, i, r);
                changed = true;
            }
        }
        return changed;
    }

    @Override
    public String name() {
        return "scalar";
    }
}
