package io.mmsb.hooks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.mmsb.hooks.NodeId;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The 64-bit id fingerprints the hooks check references with: equal for equal ids, distinct in practice for distinct ones. */
class FingerprintTest {
    private static final String[] KINDS = {"METHOD_INVOCATION", "IDENTIFIER", "BLOCK", "IF", "RETURN", "insn", "synthetic.IDENTIFIER"};

    @Test
    void distinctIdsOfARealisticShapeGetDistinctFingerprints() {
        Random r = new Random(2026);
        Set<NodeId> ids = new HashSet<>();
        Set<Long> prints = new HashSet<>();
        while (ids.size() < 300_000) {
            int u = r.nextInt(60);
            String unit = "org/x/U" + u + ".java";
            String member = r.nextInt(10) == 0 ? "" : "org.x.U" + u + "#m" + r.nextInt(40) + "(int)";
            StringBuilder path = new StringBuilder();
            for (int d = r.nextInt(7); d > 0; d--) {
                if (!path.isEmpty()) path.append('/');
                path.append(KINDS[r.nextInt(KINDS.length)]).append('[').append(r.nextInt(6)).append(']');
            }
            NodeId id = new NodeId(unit, member, path.toString());
            if (ids.add(id)) prints.add(CompilationState.fingerprint(id));
        }
        assertEquals(ids.size(), prints.size(), "a fingerprint shared by two ids");
    }

    @Test
    void equalIdsFromDistinctStringsGetEqualFingerprints() {
        NodeId a = new NodeId("a/A.java", "A#m()", "BLOCK[0]/RETURN[0]");
        NodeId b = new NodeId(new String("a/A.java"), new String("A#m()"), new String("BLOCK[0]/RETURN[0]"));
        assertEquals(CompilationState.fingerprint(a), CompilationState.fingerprint(b));
    }

    @Test
    void partsAreNotInterchangeable() {
        assertNotEquals(CompilationState.fingerprint(new NodeId("a", "b", "")), CompilationState.fingerprint(new NodeId("b", "a", "")));
        assertNotEquals(CompilationState.fingerprint(new NodeId("a", "", "b")), CompilationState.fingerprint(new NodeId("a", "b", "")));
    }
}
