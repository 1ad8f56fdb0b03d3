package io.mmsb.core.internal.dictionary;

import io.mmsb.core.SchemaException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MutableSymbolDictionaryTest {
    @Test
    void codesAreDenseStableAndVersionedByEpoch() {
        MutableSymbolDictionary d = new MutableSymbolDictionary();
        assertEquals(0, d.add("int", 1));
        assertEquals(1, d.add("long", 1));
        assertEquals(0, d.add("int", 3), "adding a known symbol returns its code");
        assertEquals(2, d.add("String", 4));
        assertEquals(0, d.sizeAt(0));
        assertEquals(2, d.sizeAt(1));
        assertEquals(2, d.sizeAt(3));
        assertEquals(3, d.sizeAt(4));
        assertEquals(4, d.epochOf(2));
        assertEquals("long", d.string(1));
        assertEquals(-1, d.code("double"));
    }

    @Test
    void unknownCodesAndOutOfOrderRestoresAreErrors() {
        MutableSymbolDictionary d = new MutableSymbolDictionary();
        d.add("a", 1);
        assertThrows(SchemaException.class, () -> d.string(1));
        assertThrows(SchemaException.class, () -> d.string(-1));
        assertThrows(SchemaException.class, () -> d.restore(5, "x", 2), "a log whose dictionary skips codes is corrupt");
        assertThrows(SchemaException.class, () -> d.add("b", 0), "epochs of entries never go backwards");
        d.restore(1, "b", 2);
        assertEquals(1, d.code("b"));
    }
}
