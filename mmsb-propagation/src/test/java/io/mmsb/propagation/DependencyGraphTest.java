package io.mmsb.propagation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.core.MmsbException;
import io.mmsb.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CSR layout, reverse graph, reference counting, and typed errors naming the bad edge. */
class DependencyGraphTest {
    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    @Test
    void buildsCsrInInputOrderAndReverses() {
        try (DependencyGraph g = DependencyGraph.fromEdges(leaks.allocator(), 4, new int[] {2, 0, 0, 2, 3}, new int[] {1, 3, 1, 1, 3})) {
            assertEquals(4, g.nodeCount());
            assertEquals(5, g.edgeCount());
            assertEquals(2, g.outDegree(0));
            assertEquals(0, g.outDegree(1));
            assertEquals(3, g.target(g.firstEdge(0)));
            assertEquals(1, g.target(g.firstEdge(0) + 1));
            assertEquals(2, g.outDegree(2)); // duplicate edges kept
            try (DependencyGraph r = g.reverse()) {
                assertEquals(5, r.edgeCount());
                assertEquals(3, r.outDegree(1)); // 1 <- 0, 2, 2
                assertEquals(2, r.outDegree(3)); // 3 <- 0, 3 (self-loop)
                assertEquals(0, r.target(r.firstEdge(1)));
            }
        }
    }

    @Test
    void emptyGraphAndIsolatedNodes() {
        try (DependencyGraph g = DependencyGraph.fromEdges(leaks.allocator(), 0, new int[0], new int[0]);
                DependencyGraph h = DependencyGraph.fromEdges(leaks.allocator(), 5, new int[0], new int[0])) {
            assertEquals(0, g.nodeCount());
            assertEquals(0, h.outDegree(4));
        }
    }

    @Test
    void targetOutOfRangeNamesTheEdge() {
        InvalidEdgeException e = assertThrows(InvalidEdgeException.class,
                () -> DependencyGraph.fromEdges(leaks.allocator(), 3, new int[] {0, 1, 2}, new int[] {1, 7, 0}));
        assertEquals(1, e.edgeIndex());
        assertEquals(1, e.source());
        assertEquals(7, e.target());
        assertTrue(e.getMessage().contains("edge #1 (1 -> 7)"), e.getMessage());
        assertTrue(e instanceof PropagationException && e instanceof MmsbException);
    }

    @Test
    void negativeSourceNamesTheEdge() {
        InvalidEdgeException e = assertThrows(InvalidEdgeException.class,
                () -> DependencyGraph.fromEdges(leaks.allocator(), 3, new int[] {0, -4}, new int[] {1, 2}));
        assertEquals(1, e.edgeIndex());
        assertTrue(e.getMessage().contains("source -4"), e.getMessage());
    }

    @Test
    void weightInvalidForSemiringNamesTheEdge() {
        try (DependencyGraph g = DependencyGraph.fromEdges(leaks.allocator(), 3, new int[] {0, 1}, new int[] {1, 2}, new long[] {2, -5});
                Propagator p = Propagator.over(g, leaks.allocator())) {
            InvalidEdgeException e = assertThrows(InvalidEdgeException.class, () -> p.propagate(Semirings.TROPICAL, 0));
            assertTrue(e.getMessage().contains("(1 -> 2): weight -5 is invalid for TROPICAL"), e.getMessage());
            try (PropagationResult r = p.propagate(Semirings.BIT_PARALLEL, 0)) { // any weight is a mask
                assertEquals(3, r.size()); // 0, 1 (mask 2), 2 (mask 2 & -5 = 2)
            }
        }
    }

    @Test
    void referenceCountedPages() {
        DependencyGraph g = DependencyGraph.fromEdges(leaks.allocator(), 2, new int[] {0}, new int[] {1});
        g.retain();
        g.close();
        assertEquals(1, g.target(0)); // still alive
        g.close();
        assertThrows(IllegalStateException.class, g::retain);
        assertEquals(0, leaks.allocator().getAllocatedMemory());
    }

    @Test
    void offsetsAreReadOnlyViews() {
        try (DependencyGraph g = DependencyGraph.fromEdges(leaks.allocator(), 2, new int[] {0, 0}, new int[] {1, 0})) {
            assertArrayEquals(new int[] {0, 2, 2}, g.offsets().toArray(java.lang.foreign.ValueLayout.JAVA_INT));
            assertTrue(g.targets().isReadOnly());
        }
    }
}
