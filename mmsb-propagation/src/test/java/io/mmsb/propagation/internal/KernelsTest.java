package io.mmsb.propagation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.propagation.LongSemiring;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Both kernel paths give identical results, including the change flag and the scalar tail. */
class KernelsTest {
    @Test
    void theTestJvmRunsTheVectorPath() {
        assertTrue(Kernels.provider().name().startsWith("vector"), "tests run with --add-modules jdk.incubator.vector: " + Kernels.provider().name());
    }

    @Property(tries = 200)
    void vectorAndScalarAgree(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int n) {
        Random rnd = new Random(seed);
        Kernels vector = Kernels.vector();
        Kernels scalar = Kernels.scalar();
        try (Arena arena = Arena.ofConfined()) {
            for (LongSemiring.Combine op : LongSemiring.Combine.values()) {
                MemorySegment src = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, n));
                MemorySegment a = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, n));
                boolean sameOnly = rnd.nextInt(4) == 0;
                for (int i = 0; i < n; i++) {
                    long x = rnd.nextInt(3) == 0 ? rnd.nextLong() : rnd.nextInt(10);
                    a.setAtIndex(ValueLayout.JAVA_LONG, i, x);
                    src.setAtIndex(ValueLayout.JAVA_LONG, i, sameOnly ? x : (rnd.nextInt(3) == 0 ? rnd.nextLong() : rnd.nextInt(10)));
                }
                MemorySegment b = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, n));
                MemorySegment.copy(a, 0, b, 0, n * 8L);
                boolean cv = vector.combine(op, a, src, n);
                boolean cs = scalar.combine(op, b, src, n);
                assertEquals(cs, cv, op + " change flag");
                for (int i = 0; i < n; i++) {
                    assertEquals(b.getAtIndex(ValueLayout.JAVA_LONG, i), a.getAtIndex(ValueLayout.JAVA_LONG, i), op + " element " + i);
                }
                if (sameOnly) {
                    assertEquals(false, cv, "combining equal columns changes nothing");
                }
            }
        }
    }
}
