package io.mmsb.propagation;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mmsb.core.testing.LeakCheck;
import io.mmsb.propagation.internal.KernelProvider;
import io.mmsb.propagation.internal.Kernels;
import io.mmsb.propagation.internal.ScalarKernels;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.RootAllocator;

/** Vector and scalar kernels give identical results on every built-in, including saturation edges and tails. */
class KernelEquivalencePropertyTest {

    static long draw(Random r, Semirings s) {
        int k = r.nextInt(6);
        return switch (s) {
            case BOOLEAN -> r.nextInt(2);
            case BIT_PARALLEL -> r.nextLong();
            case TROPICAL -> k == 0 ? Semirings.INFINITY : k == 1 ? Semirings.INFINITY - r.nextInt(100) : k == 2 ? r.nextLong() >>> 1 : r.nextInt(1000);
            case MAX_PLUS -> k == 0 ? Semirings.INFINITY : k == 1 ? Semirings.NEG_INFINITY : k == 2 ? r.nextLong() >>> 1 : r.nextInt(1000);
            case COUNTING -> k == 0 ? Semirings.INFINITY : k == 1 ? r.nextLong() >>> 1 : k == 2 ? r.nextLong() >>> 33 : r.nextInt(1000);
        };
    }

    @Example
    void vectorPathIsAvailableHere() {
        assertEquals("vector", KernelProvider.select(KernelPath.VECTOR).name(), "this machine has the incubator module (see surefire argLine)");
        assertEquals("scalar", KernelProvider.select(KernelPath.SCALAR).name());
    }

    @Example
    void systemPropertyValuesForceAPath() {
        assertEquals("scalar", KernelProvider.forPropertyValue("scalar").name());
        assertEquals("scalar", KernelProvider.forPropertyValue(" SCALAR ").name());
        assertEquals("vector", KernelProvider.forPropertyValue("vector").name());
        assertEquals("vector", KernelProvider.forPropertyValue("").name());
        assertEquals("vector", KernelProvider.forPropertyValue("bogus").name()); // logged and ignored
    }

    @Property(tries = 300)
    void combineCountAndPopcountAgree(@ForAll long seed, @ForAll Semirings s, @ForAll @IntRange(min = 0, max = 70) int n) {
        Random r = new Random(seed);
        long[] dst = new long[n];
        long[] src = new long[n];
        for (int i = 0; i < n; i++) {
            dst[i] = draw(r, s);
            src[i] = draw(r, s);
        }
        long w = switch (s) {
            case BOOLEAN -> r.nextInt(2);
            case COUNTING -> r.nextInt(3) == 0 ? r.nextLong() >>> 1 : r.nextInt(4);
            default -> draw(r, s);
        };
        Kernels vector = KernelProvider.select(KernelPath.VECTOR);
        Kernels scalar = ScalarKernels.INSTANCE;
        RootAllocator root = LeakCheck.newRoot();
        try (DenseColumn a = DenseColumn.filled(root, s, n, KernelPath.VECTOR); DenseColumn b = DenseColumn.filled(root, s, n, KernelPath.SCALAR);
                DenseColumn sa = DenseColumn.filled(root, s, n, KernelPath.VECTOR); DenseColumn sb = DenseColumn.filled(root, s, n, KernelPath.SCALAR)) {
            for (int i = 0; i < n; i++) {
                a.set(i, dst[i]);
                b.set(i, dst[i]);
                sa.set(i, src[i]);
                sb.set(i, src[i]);
            }
            a.combine(sa, w);
            b.combine(sb, w);
            long[] expected = new long[n];
            for (int i = 0; i < n; i++) {
                expected[i] = s.plusLong(dst[i], s.timesLong(src[i], w));
            }
            assertArrayEquals(expected, b.segment().toArray(JAVA_LONG), "scalar");
            assertArrayEquals(expected, a.segment().toArray(JAVA_LONG), "vector, w=" + w);
            assertEquals(b.countAffected(), a.countAffected());
            assertEquals(b.bitCount(), a.bitCount());
            assertEquals(scalar.countNotEqual(a.segment(), n, Semirings.INFINITY), vector.countNotEqual(a.segment(), n, Semirings.INFINITY));
            assertEquals(scalar.popcountSum(a.segment(), n), vector.popcountSum(a.segment(), n));
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    @Example
    void fillAgrees() {
        RootAllocator root = LeakCheck.newRoot();
        for (int n : new int[] {0, 1, 3, 4, 5, 63, 64, 65}) {
            try (DenseColumn a = DenseColumn.filled(root, Semirings.TROPICAL, n, KernelPath.VECTOR);
                    DenseColumn b = DenseColumn.filled(root, Semirings.TROPICAL, n, KernelPath.SCALAR)) {
                assertArrayEquals(b.segment().toArray(JAVA_LONG), a.segment().toArray(JAVA_LONG));
                assertEquals(0, a.countAffected());
            }
        }
        LeakCheck.assertEmptyAndClose(root);
    }
}
