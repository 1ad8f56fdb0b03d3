package io.mmsb.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The node key {@code unit::member::path}: {@link NodeId#parse} reads back what {@link NodeId#toString()} writes. */
class NodeIdTest {

    @Test
    void parseReadsBackEveryForm() {
        List<NodeId> ids = List.of(
            new NodeId("p/A.java", "p.A#f(int)", "BLOCK[0]/STMT[2]"),
            new NodeId("p/A.java", "p.A#", ""),
            new NodeId("p/A.java", "", "IMPORT[0]"),
            new NodeId("p/A.java", "p.A$1#run()V", "insn[3]"),
            new NodeId("p/A.scala", "p.A#map[B](f: A => B)", "APPLY[0]"),
            NodeId.NONE);
        for (NodeId id : ids) {
            assertEquals(id, NodeId.parse(id.toString()), id.toString());
            assertEquals(id, NodeId.tryParse(id.toString()));
        }
        assertEquals(new NodeId("u", "m", "a/b"), NodeId.parse("u::m::a/b"));
    }

    @Test
    void aKeyWithoutTwoSeparatorsIsNoKey() {
        for (String key : List.of("", "u", "u::m", "u:m:p", "p.A#f()")) {
            assertNull(NodeId.tryParse(key), key);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeId.parse(key));
            assertEquals("not a node key unit::member::path: '" + key + "'", e.getMessage());
        }
    }
}
