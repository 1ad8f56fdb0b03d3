package io.mmsb.propagation;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.core.testing.LeakCheck;
import io.mmsb.propagation.internal.KernelProvider;
import java.util.Arrays;
import java.util.Random;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The scalar fallback of a JVM started without {@code --add-modules jdk.incubator.vector}: the
 * module is optional ({@code requires static}), so the propagation module loads, every kernel
 * choice (vector, auto, the system property) falls back to the scalar kernels, and results equal
 * the references. Runs only in the surefire execution {@code scalar-fallback} of this module
 * (tag {@value #TAG}), whose JVM lacks the incubator module; the other tests run with it.
 */
@Tag(ScalarFallbackTest.TAG)
class ScalarFallbackTest {
    static final String TAG = "scalar-fallback";

    @Test
    void theIncubatorModuleIsAbsentAndEveryChoiceIsScalar() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(),
                "this execution must run without --add-modules jdk.incubator.vector (pom: execution scalar-fallback)");
        assertTrue(KernelProvider.class.getModule().isNamed(), "on the module path, where a plain requires would resolve the module anyway");
        assertEquals("scalar", KernelProvider.select(KernelPath.VECTOR).name());
        assertEquals("scalar", KernelProvider.select(KernelPath.AUTO).name());
        assertEquals("scalar", KernelProvider.forPropertyValue("vector").name());
        assertEquals("scalar", KernelProvider.forPropertyValue("").name());
    }

    @Test
    void propagationAskedForVectorsEqualsTheClosureReference() {
        RootAllocator root = LeakCheck.newRoot();
        for (long seed = 0; seed < 200; seed++) {
            Semirings semiring = Semirings.values()[(int) (seed % Semirings.values().length)];
            FixpointPropertyTest.RandomGraph g = FixpointPropertyTest.randomGraph(seed, (int) (seed % 13), (int) (seed % 37), semiring, seed % 2 == 0);
            long[] seedValues = new long[g.seeds().length];
            Random r = new Random(seed);
            for (int i = 0; i < seedValues.length; i++) {
                seedValues[i] = semiring == Semirings.BIT_PARALLEL ? r.nextLong() : semiring.oneLong();
            }
            long[] expected = Reference.fixpoint(semiring, g.n(), g.src(), g.dst(), g.weights(), g.seeds(), seedValues);
            try (DependencyGraph graph = DependencyGraph.fromEdges(root, g.n(), g.src(), g.dst(), g.weights());
                    Propagator p = Propagator.over(graph, root, KernelPath.VECTOR);
                    PropagationResult result = p.propagate(semiring, g.seeds(), seedValues)) {
                assertEquals("scalar", p.kernels());
                long[] actual = new long[g.n()];
                Arrays.fill(actual, semiring.zeroLong());
                for (int i = 0; i < result.size(); i++) {
                    actual[result.id(i)] = result.valueAt(i);
                }
                assertArrayEquals(expected, actual, "seed " + seed + " " + semiring);
            }
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    @Test
    void causePropagationAskedForVectorsEqualsOneSearchPerCause() {
        RootAllocator root = LeakCheck.newRoot();
        for (long seed = 0; seed < 40; seed++) {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(30);
            int m = r.nextInt(80);
            int causes = 1 + r.nextInt(600);
            int[] src = new int[m];
            int[] dst = new int[m];
            long[] w = new long[m];
            for (int i = 0; i < m; i++) {
                src[i] = r.nextInt(n);
                dst[i] = r.nextInt(n);
                w[i] = r.nextInt(3) == 0 ? 0 : 1;
            }
            int[] seedNodes = new int[1 + r.nextInt(2 * causes)];
            int[] seedCauses = new int[seedNodes.length];
            for (int i = 0; i < seedNodes.length; i++) {
                seedNodes[i] = r.nextInt(n);
                seedCauses[i] = r.nextInt(causes);
            }
            try (DependencyGraph g = DependencyGraph.fromEdges(root, n, src, dst, w);
                    CausePropagation p = CausePropagation.run(g, root, causes, seedNodes, seedCauses, KernelPath.VECTOR)) {
                assertEquals("scalar", p.kernels());
                for (int c = 0; c < causes; c++) {
                    int[] dist = CausePropagationTest.reference(n, src, dst, w, seedNodes, seedCauses, c);
                    for (int v = 0; v < n; v++) {
                        assertEquals(dist[v], p.hops(v, c), "seed " + seed + " cause " + c + " node " + v);
                    }
                }
            }
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    @Test
    void aDenseColumnAskedForVectorsIsScalarAndCombinesTheSame() {
        RootAllocator root = LeakCheck.newRoot();
        Random r = new Random(7);
        for (Semirings s : Semirings.values()) {
            int n = 67;
            try (DenseColumn a = DenseColumn.filled(root, s, n, KernelPath.VECTOR); DenseColumn b = DenseColumn.filled(root, s, n, KernelPath.VECTOR)) {
                assertEquals("scalar", a.kernels());
                long[] dst = new long[n];
                long[] src = new long[n];
                for (int i = 0; i < n; i++) {
                    dst[i] = KernelEquivalencePropertyTest.draw(r, s);
                    src[i] = KernelEquivalencePropertyTest.draw(r, s);
                    a.set(i, dst[i]);
                    b.set(i, src[i]);
                }
                long w = s == Semirings.BOOLEAN ? 1 : KernelEquivalencePropertyTest.draw(r, s);
                a.combine(b, w);
                long[] expected = new long[n];
                for (int i = 0; i < n; i++) {
                    expected[i] = s.plusLong(dst[i], s.timesLong(src[i], w));
                }
                assertArrayEquals(expected, a.segment().toArray(JAVA_LONG), s.toString());
            }
        }
        LeakCheck.assertEmptyAndClose(root);
    }
}
