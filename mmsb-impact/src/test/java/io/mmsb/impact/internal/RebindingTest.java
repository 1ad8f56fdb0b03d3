package io.mmsb.impact.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.impact.internal.CallSites.Receiver;
import io.mmsb.impact.internal.CallSites.Site;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which recorded call sites a method added, removed or re-scoped can rebind (JLS 15.12). */
class RebindingTest {
    // p.Sub extends p.Base, p.Leaf extends p.Sub, p.Other extends p.Base; p.Outer$In extends p.Outer; q.Far elsewhere
    private final Rebinding rules = new Rebinding(new TypeOracle(
        Set.of("p.Base", "p.Sub", "p.Leaf", "p.Other", "p.Use", "p.Lib", "p.Outer", "p.Outer$In", "p.Outer$Nest", "q.Far"),
        Map.of("p.Sub", Set.of("p.Base"), "p.Leaf", Set.of("p.Sub"), "p.Other", Set.of("p.Base"), "p.Use", Set.of("p.Sub"),
            "p.Outer$In", Set.of("p.Outer")),
        List.of()));

    private static final String PUBLIC = "METHOD public ()int";

    private static Site typed(String cls, String symbol, String receiver, String... args) {
        return new Site(cls, symbol, Receiver.TYPED, receiver, null, List.of(args), false);
    }

    private static Site implicit(String cls, String symbol, String... args) {
        return new Site(cls, symbol, Receiver.IMPLICIT, null, null, List.of(args), false);
    }

    @Test
    void anAddedOverrideRebindsOnlyCallsWhoseReceiverIsTheSubclassOrBelow() {
        String override = "p.Sub#m()";
        assertFalse(rules.mayRebind(typed("q.Far", "p.Base#m()", "p.Base"), override, null, PUBLIC), "receiver of the supertype");
        assertFalse(rules.mayRebind(typed("q.Far", "p.Base#m()", "p.Other"), override, null, PUBLIC), "receiver of a sibling");
        assertTrue(rules.mayRebind(typed("q.Far", "p.Base#m()", "p.Sub"), override, null, PUBLIC));
        assertTrue(rules.mayRebind(typed("q.Far", "p.Base#m()", "p.Leaf"), override, null, PUBLIC));
        assertTrue(rules.mayRebind(typed("q.Far", "p.Base#m()", "T"), override, null, PUBLIC), "a type variable not found may be bounded by Sub");
        assertFalse(rules.mayRebind(new Site("q.Far", "p.Base#m()", Receiver.TYPED, "T", List.of("p.Base"), List.of(), false), override, null,
            PUBLIC), "T extends Base");
        assertTrue(rules.mayRebind(new Site("q.Far", "p.Base#m()", Receiver.TYPED, "T", List.of("java.lang.Runnable", "p.Leaf"), List.of(),
            false), override, null, PUBLIC), "T extends Runnable & Leaf");
        assertTrue(rules.mayRebind(implicit("p.Use", "p.Base#m()"), override, null, PUBLIC), "unqualified in a subclass");
        assertFalse(rules.mayRebind(implicit("p.Other", "p.Base#m()"), override, null, PUBLIC), "unqualified in a sibling");
        assertTrue(rules.mayRebind(new Site("p.Other", "p.Base#m()", Receiver.IMPLICIT, null, null, List.of(), true), override, null, PUBLIC),
            "in an anonymous class, whose supertype is not known");
        assertTrue(rules.mayRebind(typed("q.Far", "java.lang.Object#toString()", "p.Sub"), "p.Sub#toString()", null,
            "METHOD public ()java.lang.String"), "an override of a platform method");
        assertFalse(rules.mayRebind(typed("q.Far", "java.lang.Object#toString()", "java.lang.String"), "p.Sub#toString()", null,
            "METHOD public ()java.lang.String"));
        assertFalse(rules.mayRebind(typed("q.Far", "p.Base#m()", "p.Base"), "p.Outer$In#m()", null, PUBLIC),
            "a nested class (binary name) added a method: a receiver of another class cannot see it");
        assertTrue(rules.mayRebind(typed("q.Far", "p.Outer#m()", "p.Outer.In"), "p.Outer$In#m()", null, PUBLIC),
            "a receiver of the nested class (canonical name) can");
    }

    @Test
    void anAddedOverloadRebindsOnlyCallsItAppliesTo() {
        String added = "p.Lib#m(java.lang.String)";
        String sig = "METHOD public static (java.lang.String)void";
        assertFalse(rules.mayRebind(typed("q.Far", "p.Lib#m(java.lang.Object)", "p.Lib", "java.lang.Object"), added, null, sig));
        assertFalse(rules.mayRebind(typed("q.Far", "p.Lib#m(java.lang.Object)", "p.Lib", "int"), added, null, sig));
        assertFalse(rules.mayRebind(typed("q.Far", "p.Lib#m(java.lang.Object,int)", "p.Lib", "java.lang.String", "int"), added, null, sig),
            "another arity");
        assertTrue(rules.mayRebind(typed("q.Far", "p.Lib#m(java.lang.Object)", "p.Lib", "java.lang.String"), added, null, sig));
        assertTrue(rules.mayRebind(typed("q.Far", "p.Lib#m(java.lang.Object)", "p.Lib", ""), added, null, sig), "a poly expression");
        assertTrue(rules.mayRebind(new Site("q.Far", "p.Lib#m(java.lang.Object)", Receiver.TYPED, "p.Lib", null, null, false), added, null, sig),
            "a method reference: arguments unknown");
        assertTrue(rules.mayRebind(typed("q.Far", "p.Lib#m(java.lang.Object)", "p.Lib", "java.lang.String", "java.lang.String"),
            "p.Lib#m(java.lang.String[])", null, "METHOD public static (java.lang.String...)void"), "variable arity");
    }

    @Test
    void aCallKeepsAnOverloadThatWinsInAnEarlierPhaseOrIsMoreSpecific() {
        assertFalse(rules.mayRebind(typed("q.Far", "p.Lib#m(long)", "p.Lib", "int"), "p.Lib#m(java.lang.Integer)", null,
            "METHOD public static (java.lang.Integer)void"), "m(1) keeps m(long): m(Integer) needs boxing");
        assertTrue(rules.mayRebind(typed("q.Far", "p.Lib#m(java.lang.Object)", "p.Lib", "int"), "p.Lib#m(java.lang.Integer)", null,
            "METHOD public static (java.lang.Integer)void"), "m(Object) needed boxing too: m(Integer) is more specific");
        assertFalse(rules.mayRebind(typed("q.Far", "p.Lib#pow(double,int)", "p.Lib", "double", "int"), "p.Lib#pow(double,long)", null,
            "METHOD public static (double,long)double"), "pow(x, 2) keeps pow(double, int)");
        assertTrue(rules.mayRebind(typed("q.Far", "p.Lib#pow(double,double)", "p.Lib", "double", "long"), "p.Lib#pow(double,long)", null,
            "METHOD public static (double,long)double"), "pow(x, 2L) moves to pow(double, long)");
        assertTrue(rules.mayRebind(typed("q.Far", "p.Lib#m(long)", "p.Lib", "T"), "p.Lib#m(java.lang.Integer)", null,
            "METHOD public static (java.lang.Integer)void"), "an argument of unknown type");
    }

    @Test
    void anAccessChangeRebindsOnlyWhereTheMethodBecomesOrStopsBeingACandidate() {
        String widened = "p.Outer#m(java.lang.String)";
        String was = "METHOD private static (java.lang.String)int";
        String now = "METHOD static (java.lang.String)int";
        assertFalse(rules.mayRebind(typed("p.Outer$Nest", widened, "p.Outer", "java.lang.String"), widened, was, now),
            "a nestmate that called it");
        assertFalse(rules.mayRebind(typed("p.Outer$Nest", "p.Outer#m(java.lang.Object)", "p.Outer", "java.lang.String"), widened, was, now),
            "a nestmate saw it already");
        assertTrue(rules.mayRebind(typed("p.Use", "p.Outer#m(java.lang.Object)", "p.Outer", "java.lang.String"), widened, was, now),
            "the same package sees it now");
        assertFalse(rules.mayRebind(typed("q.Far", "p.Outer#m(java.lang.Object)", "p.Outer", "java.lang.String"), widened, was, now),
            "another package sees it neither way");
        assertTrue(rules.mayRebind(implicit("p.Outer$In", "p.Outer#m(java.lang.Object)", "java.lang.String"), widened, was, now),
            "a nested subclass inherits it now");
        assertTrue(rules.mayRebind(typed("q.Far", widened, "p.Outer", "java.lang.String"), widened, "METHOD public static (java.lang.String)int",
            now), "narrowed: a call from another package cannot bind to it any more");
        assertFalse(rules.mayRebind(implicit("p.Use", "p.Base#get()"), "p.Base#get()", "METHOD protected ()int", "METHOD public ()int"),
            "protected made public: a subclass's unqualified call inherited it both ways");
        assertFalse(rules.mayRebind(implicit("p.Use", "p.Base#get(java.lang.Object)", "java.lang.String"), "p.Base#get(java.lang.String)",
            "METHOD protected (java.lang.String)int", "METHOD public (java.lang.String)int"), "nor an overload of it");
    }

    @Test
    void anAddedConstructorRebindsOnlyInvocationsItAppliesTo() {
        String added = "p.Lib#<init>(java.lang.String)";
        String sig = "CONSTRUCTOR public (java.lang.String)void";
        assertTrue(rules.mayRebindConstructor(ctor("q.Far", List.of("java.lang.String")), added, null, sig), "new Lib(\"x\")");
        assertFalse(rules.mayRebindConstructor(ctor("q.Far", List.of("java.lang.Integer")), added, null, sig));
        assertTrue(rules.mayRebindConstructor(ctor("q.Far", null), added, null, sig), "an anonymous subclass: arguments unknown");
        assertFalse(rules.mayRebindConstructor(ctor("q.Far", List.of("java.lang.String")), added, null, "CONSTRUCTOR  (java.lang.String)void"),
            "package access, another package");
        assertTrue(rules.mayRebindConstructor(ctor("p.Use", List.of("java.lang.String")), added, null, "CONSTRUCTOR  (java.lang.String)void"));
    }

    private static Site ctor(String cls, List<String> args) {
        return new Site(cls, "p.Lib#<init>(java.lang.Object)", Receiver.UNKNOWN, null, null, args, false);
    }

    @Test
    void aRemovedMethodRebindsTheCallsThatBoundToIt() {
        String removed = "p.Lib#m(java.lang.String)";
        assertTrue(rules.mayRebind(typed("q.Far", removed, "p.Lib", "java.lang.String"), removed,
            "METHOD public static (java.lang.String)void", null));
        assertFalse(rules.mayRebind(typed("q.Far", "p.Lib#m(java.lang.Object)", "p.Lib", "java.lang.Integer"), removed,
            "METHOD public static (java.lang.String)void", null));
        assertFalse(rules.mayRebind(typed("q.Far", "p.Lib#m(java.lang.Object)", "p.Lib", "java.lang.String"), removed,
            "METHOD public static (java.lang.String)void", null), "it applied, but another overload was chosen: that one stays");
        assertTrue(rules.mayRebindConstructor(ctor("q.Far", List.of("java.lang.Object")), "p.Lib#<init>(java.lang.Object)",
            "CONSTRUCTOR public (java.lang.Object)void", null), "a constructor removed: the invocations that chose it");
        assertFalse(rules.mayRebindConstructor(ctor("q.Far", List.of("java.lang.String")), "p.Lib#<init>(java.lang.String)",
            "CONSTRUCTOR public (java.lang.String)void", null));
    }
}
