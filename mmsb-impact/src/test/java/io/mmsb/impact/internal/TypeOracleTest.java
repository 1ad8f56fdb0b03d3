package io.mmsb.impact.internal;

import static io.mmsb.impact.internal.TypeOracle.Truth.FALSE;
import static io.mmsb.impact.internal.TypeOracle.Truth.TRUE;
import static io.mmsb.impact.internal.TypeOracle.Truth.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The three-valued subtype and conversion answers: FALSE only when certain. */
class TypeOracleTest {
    /** p.A extends p.B (recorded), p.B extends AbstractList (from its descriptor), p.D extends a dependency's class. */
    private final TypeOracle types = new TypeOracle(Set.of("p.A", "p.B", "p.C", "p.D", "p.Outer$In"),
        Map.of("p.A", Set.of("p.B"), "p.D", Set.of("org.dep.X")),
        List.of(Map.of("p.B", "CLASS public class p.B<E> extends java.util.AbstractList<E> implements ",
            "p.B#m(java.lang.Object)", "METHOD public <T extends p.C>(T)void")));

    @Test
    void erasesWhatJavacPrintsAndGivesUpOnWhatHasNoName() {
        assertEquals("java.util.List", TypeOracle.erase("java.util.List<java.lang.String>"));
        assertEquals("java.util.Map.Entry[]", TypeOracle.erase("java.util.Map.Entry<K,V>[]"));
        assertEquals("T[]", TypeOracle.erase("T..."));
        assertNull(TypeOracle.erase("capture of ? extends java.lang.Number"));
        assertNull(TypeOracle.erase("java.lang.Object&java.io.Serializable"));
        assertNull(TypeOracle.erase("<nulltype>"));
    }

    @Test
    void readsTheSupertypesOfADeclarationDescriptor() {
        assertEquals(List.of("p.B", "p.I", "java.lang.Comparable"),
            TypeOracle.declaredSupertypes("class p.A<T> extends p.B<T> implements p.I,java.lang.Comparable<p.A<java.util.Map<K,V>>>"));
        assertEquals(List.of("p.J"), TypeOracle.declaredSupertypes("interface p.I extends none implements p.J"));
    }

    @Test
    void resolvesLibraryAndPlatformTypesOnly() {
        assertEquals("p.Outer$In", types.resolve("p.Outer.In"));
        assertEquals("java.util.Map$Entry", types.resolve("java.util.Map.Entry"));
        assertNull(types.resolve("T"));
        assertNull(types.resolve("org.junit.jupiter.api.Test"), "a class of the application is no platform type");
    }

    @Test
    void subtypesThroughLibraryAndPlatformSupertypes() {
        assertEquals(TRUE, types.isSubtype("p.A", "p.B"));
        assertEquals(TRUE, types.isSubtype("p.A", "java.util.List"), "p.B's descriptor: AbstractList, a List");
        assertEquals(FALSE, types.isSubtype("p.A", "p.C"));
        assertEquals(FALSE, types.isSubtype("p.A", "java.lang.CharSequence"));
        assertEquals(FALSE, types.isSubtype("java.lang.String", "p.C"), "a platform type never extends a library type");
        assertEquals(UNKNOWN, types.isSubtype("p.D", "p.C"), "a dependency's class may");
        assertEquals(TRUE, types.isSubtype("p.D", "java.lang.Object"));
        assertEquals(UNKNOWN, types.isSubtype("p.A", "org.dep.X"));
    }

    @Test
    void convertsAsAMethodInvocationContextDoes() {
        assertEquals(TRUE, types.mayConvert("int", "long"));
        assertEquals(FALSE, types.mayConvert("long", "int"));
        assertEquals(TRUE, types.mayConvert("int", "java.lang.Number"), "boxing, then widening");
        assertEquals(FALSE, types.mayConvert("int", "java.lang.String"));
        assertEquals(TRUE, types.mayConvert("java.lang.Integer", "long"), "unboxing, then widening");
        assertEquals(FALSE, types.mayConvert("java.lang.Object", "int"));
        assertEquals(FALSE, types.mayConvert("java.lang.StringBuilder", "java.lang.String"));
        assertEquals(TRUE, types.mayConvert("java.lang.StringBuilder", "java.lang.CharSequence"));
        assertEquals(TRUE, types.mayConvert("java.util.ArrayList<java.lang.String>", "java.util.Collection"));
        assertEquals(TRUE, types.mayConvert("java.lang.String[]", "java.lang.Object[]"));
        assertEquals(FALSE, types.mayConvert("int[]", "long[]"));
        assertEquals(TRUE, types.mayConvert("int[]", "java.lang.Object"));
        assertEquals(FALSE, types.mayConvert("p.A", "java.lang.String[]"));
        assertEquals(UNKNOWN, types.mayConvert("T", "java.lang.String"), "a type variable's bound is not known");
        assertEquals(UNKNOWN, types.mayConvert("", "java.lang.String"), "a poly expression's type is not recorded");
        assertEquals(FALSE, types.convertsStrictly("int", "java.lang.Integer"), "the first phase does not box");
        assertEquals(FALSE, types.convertsStrictly("java.lang.Integer", "int"), "nor unbox");
        assertEquals(TRUE, types.convertsStrictly("int", "long"));
        assertEquals(TRUE, types.convertsStrictly("java.lang.String", "java.lang.CharSequence"));
        assertEquals(UNKNOWN, types.convertsStrictly("T", "int"));
    }
}
