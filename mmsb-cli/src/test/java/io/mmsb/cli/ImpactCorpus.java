package io.mmsb.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The corpus of API edits for {@code mmsb impact}: each case is one kind of change from JLS
 * chapter 13 (binary compatibility) or a source-compatible change that alters how unchanged
 * callers compile, as a before/after pair of library files plus callers that stay the same and
 * cover the ways a use binds (static and virtual calls, {@code super(...)}, field reads, inlined
 * constants, {@code switch} labels, method references, overload resolution, inherited and hidden
 * members, names captured from an enclosing scope). Every case lives in its own package
 * {@code k.NAME} (or its subpackages), so all cases compile together as two compilations and
 * cannot influence each other. {@code affected} is the ground truth MMSB records (code-identical
 * classes whose facts differ), kept here so that a change in what javac or the recorder does
 * shows as a failing test. Immutable; thread-safe.
 */
final class ImpactCorpus {
    private ImpactCorpus() {}

    /**
     * One kind of API edit. {@code before}/{@code after}: path (under the source root) → source of
     * the library files that change; {@code same}: the callers, identical in both compilations;
     * {@code affected}: binary names of the callers whose recorded facts differ.
     */
    record Case(String name, String jls, Map<String, String> before, Map<String, String> after, Map<String, String> same,
                Set<String> affected) {
        String pkg() {
            return "k." + name;
        }
    }

    private static Case c(String name, String jls, String libPath, String before, String after, Map<String, String> same,
                          String... affected) {
        String pkg = "k." + name;
        Map<String, String> s = new java.util.TreeMap<>();
        same.forEach((p, src) -> s.put(pkg.replace('.', '/') + "/" + p, "package " + pkg + ";\n" + src));
        List<String> aff = new ArrayList<>();
        for (String a : affected) {
            aff.add(pkg + "." + a);
        }
        String path = pkg.replace('.', '/') + "/" + libPath;
        int slash = libPath.lastIndexOf('/');
        String libPkg = slash < 0 ? pkg : pkg + "." + libPath.substring(0, slash).replace('/', '.');
        return new Case(name, jls, Map.of(path, "package " + libPkg + ";\n" + before), Map.of(path, "package " + libPkg + ";\n" + after),
            s, Set.copyOf(aff));
    }

    static final List<Case> CASES = List.of(
        // the miss of issue 13 (commons-codec 1.16.0 ColognePhonetic$CologneBuffer): inner -> static nested
        c("nested_made_static", "13.4.1 (static nested class), 13.1 (inner constructor's outer instance)", "Outer.java", """
            public class Outer {
                private abstract class Buf {
                    protected final char[] data;
                    Buf(char[] d) { data = d; }
                    abstract char next();
                }
                private class In extends Buf {
                    In(char[] d) { super(d); }
                    char next() { return data[0]; }
                }
                public char go(String s) { return new In(s.toCharArray()).next(); }
            }
            """, """
            public class Outer {
                private abstract static class Buf {
                    protected final char[] data;
                    Buf(char[] d) { data = d; }
                    abstract char next();
                    public boolean isEmpty() { return data.length == 0; }
                }
                private class In extends Buf {
                    In(char[] d) { super(d); }
                    char next() { return data[0]; }
                }
                public char go(String s) { return new In(s.toCharArray()).next(); }
            }
            """, Map.of(), "Outer$In"),
        c("nested_made_inner", "13.4.1 (static nested -> inner: the constructor gains the outer instance)", "Outer.java", """
            public class Outer {
                static class N { int v() { return 1; } }
                class User { int u() { return new N().v(); } }
            }
            """, """
            public class Outer {
                class N { int v() { return 1; } }
                class User { int u() { return new N().v(); } }
            }
            """, Map.of(), "Outer$User"),
        c("method_made_static", "13.4.19 (static methods)", "Lib.java",
            "public class Lib { public int m() { return 1; } }\n",
            "public class Lib { public static int m() { return 1; } }\n",
            Map.of("Use.java", "public class Use { int f(Lib l) { return l.m(); } }\n"), "Use"),
        c("field_made_static", "13.4.10 (static fields)", "Lib.java",
            "public class Lib { public int f = 1; }\n",
            "public class Lib { public static int f = 1; }\n",
            Map.of("Use.java", "public class Use { int g(Lib l) { return l.f; } }\n"), "Use"),
        c("constant_value", "13.4.9 (final fields and constants)", "Lib.java",
            "public class Lib { public static final int X = 1; }\n",
            "public class Lib { public static final int X = 2; }\n",
            Map.of("Use.java", "public class Use { int g() { return Lib.X; } }\n"), "Use"),
        c("constant_final_removed", "13.4.9 (a field no longer final: no longer a constant, read at run time)", "Lib.java",
            "public class Lib { public static final int X = 1; }\n",
            "public class Lib { public static int X = 1; }\n",
            Map.of("Use.java", "public class Use { int g() { return Lib.X; } }\n"), "Use"),
        c("constant_final_added", "13.4.9 (a field made final: now a constant, inlined)", "Lib.java",
            "public class Lib { public static int X = 1; }\n",
            "public class Lib { public static final int X = 1; }\n",
            Map.of("Use.java", "public class Use { int g() { return Lib.X; } }\n"), "Use"),
        c("constant_in_switch", "13.4.9 (a constant used as a case label)", "Lib.java",
            "public class Lib { public static final String A = \"a\"; }\n",
            "public class Lib { public static final String A = \"b\"; }\n",
            Map.of("Use.java", "public class Use { int g(String s) { switch (s) { case Lib.A: return 1; default: return 0; } } }\n"), "Use"),
        c("constant_inherited", "13.4.9 (a constant inherited from an interface, read through a class)", "K.java",
            "public interface K { int X = 1; }\n",
            "public interface K { int X = 7; }\n",
            Map.of("C.java", "public class C implements K { }\n", "Use.java", "public class Use { int g() { return C.X; } }\n"), "Use"),
        c("constant_chain", "13.4.9 (a constant folded from a changed constant in another class)", "Lib.java",
            "public class Lib { public static final int X = 1; }\n",
            "public class Lib { public static final int X = 2; }\n",
            Map.of("Alias.java", "public class Alias { public static final int Y = Lib.X + 1; }\n",
                "Use.java", "public class Use { int g() { return Alias.Y; } }\n"), "Use"),
        c("return_type", "13.4.15 (method result type)", "Lib.java",
            "public class Lib { public static int m() { return 1; } }\n",
            "public class Lib { public static long m() { return 1; } }\n",
            Map.of("Use.java", "public class Use { long g() { return Lib.m(); } }\n"), "Use"),
        c("parameter_widened", "13.4.14 (method and constructor formal parameters)", "Lib.java",
            "public class Lib { public static void m(int x) { } }\n",
            "public class Lib { public static void m(long x) { } }\n",
            Map.of("Use.java", "public class Use { void g() { Lib.m(1); } }\n"), "Use"),
        c("constructor_parameter", "13.4.14 (constructor formal parameters)", "Lib.java",
            "public class Lib { public Lib(int x) { } }\n",
            "public class Lib { public Lib(long x) { } }\n",
            Map.of("Use.java", "public class Use { Object g() { return new Lib(1); } }\n",
                "Sub.java", "public class Sub extends Lib { Sub() { super(2); } }\n"), "Use", "Sub"),
        c("constructor_added_capturing", "15.9.3, 15.12.2.5 (a constructor added that is more specific for some creations and super calls)",
            "Lib.java",
            "public class Lib { public Lib(Object o) { } }\n",
            "public class Lib { public Lib(Object o) { } public Lib(String s) { } }\n",
            Map.of("Use.java", "public class Use { Object g() { return new Lib(\"x\"); } }\n",
                "Sub.java", "public class Sub extends Lib { Sub() { super(\"y\"); } }\n",
                "UseObject.java", "public class UseObject { Object g() { return new Lib(new Object()); } }\n"), "Use", "Sub"),
        c("constructor_added_other_arguments", "15.9.3 (a constructor added that no creation or super call applies to)",
            "Ex.java",
            "public class Ex extends Exception { public Ex(String m) { super(m); } }\n",
            "public class Ex extends Exception { public Ex(String m) { super(m); } public Ex(Throwable t) { super(t); } }\n",
            Map.of("Sub.java", "public class Sub extends Ex { public Sub(String m) { super(m); } }\n",
                "Use.java", "public class Use { Ex g() { return new Ex(\"x\"); } }\n")),
        c("overload_added", "13.4.12 / 15.12.2 (an added overload captures a call)", "Lib.java",
            "public class Lib { public static void m(Object o) { } }\n",
            "public class Lib { public static void m(Object o) { } public static void m(String s) { } }\n",
            Map.of("Use.java", "public class Use { void g() { Lib.m(\"x\"); } }\n"), "Use"),
        c("overload_not_capturing", "15.12.2 (an added overload that no call prefers: boxing loses to widening)", "Lib.java",
            "public class Lib { public static void m(long x) { } }\n",
            "public class Lib { public static void m(long x) { } public static void m(Integer x) { } }\n",
            Map.of("Use.java", "public class Use { void g() { Lib.m(1); } }\n")),
        c("overload_removed", "13.4.12, 15.12.2.5 (an overload removed: only the calls that chose it bind elsewhere)", "Lib.java",
            "public class Lib { public static void m(Object o) { } public static void m(CharSequence s) { } public static void m(String s) { } }\n",
            "public class Lib { public static void m(Object o) { } public static void m(String s) { } }\n",
            Map.of("Use.java", "public class Use { void g() { Lib.m(\"x\"); } }\n",
                "UseBuilder.java", "public class UseBuilder { void g() { Lib.m(new StringBuilder()); } }\n"), "UseBuilder"),
        c("override_added", "13.4.12 (a method added in a subclass overrides an inherited one)", "Sub.java",
            "public class Sub extends Base { }\n",
            "public class Sub extends Base { @Override public int m() { return 2; } }\n",
            Map.of("Base.java", "public class Base { public int m() { return 1; } }\n",
                "Use.java", "public class Use { int g() { return new Sub().m(); } }\n"), "Use"),
        // receiver types (issue 13): an override binds only the calls whose receiver's static type is the subclass or below
        c("override_added_supertype_receiver", "13.4.12, 15.12.1 (an override added: a call through the supertype binds as before)",
            "Sub.java",
            "public class Sub extends Base { }\n",
            "public class Sub extends Base { @Override public int m() { return 2; } }\n",
            Map.of("Base.java", "public class Base { public int m() { return 1; } }\n",
                "Use.java", "public class Use { int g(Base b) { return b.m(); } }\n")),
        c("override_added_subtype_receiver", "13.4.12, 15.12.1 (an override added: calls through a subtype of the subclass bind to it)",
            "Sub.java",
            "public class Sub extends Base { }\n",
            "public class Sub extends Base { @Override public int m() { return 2; } }\n",
            Map.of("Base.java", "public class Base { public int m() { return 1; } }\n",
                "Leaf.java", "public class Leaf extends Sub { }\n",
                "Use.java", "public class Use { int g(Leaf l) { return l.m(); } }\n",
                "UseBase.java", "public class UseBase { int g(Base b) { return b.m(); } }\n"), "Use"),
        c("override_added_unqualified", "13.4.12, 15.12.1 (an override added: an unqualified call in a subclass binds to it)",
            "Sub.java",
            "public class Sub extends Base { }\n",
            "public class Sub extends Base { @Override public int m() { return 2; } }\n",
            Map.of("Base.java", "public class Base { public int m() { return 1; } }\n",
                "Use.java", "public class Use extends Sub { int g() { return m(); } }\n",
                "Other.java", "public class Other extends Base { int g() { return m(); } }\n"), "Use"),
        c("override_added_type_variable_receiver", "13.4.12, 4.4 (an override added: a receiver of a type variable has its bound's members)",
            "Sub.java",
            "public class Sub extends Base { }\n",
            "public class Sub extends Base { @Override public int m() { return 2; } }\n",
            Map.of("Base.java", "public class Base { public int m() { return 1; } }\n",
                "UseBase.java", "public class UseBase { <T extends Base> int g(T t) { return t.m(); } }\n",
                "UseSub.java", "public class UseSub<T extends Sub> { int g(T t) { return t.m(); } }\n"), "UseSub"),
        c("override_of_platform_method", "13.4.12 (an override of a JDK method added: calls through the class bind to it)",
            "Sub.java",
            "public class Sub { }\n",
            "public class Sub { @Override public String toString() { return \"s\"; } }\n",
            Map.of("Use.java", "public class Use { String g(Sub s) { return s.toString(); } }\n",
                "UseObject.java", "public class UseObject { String g(Object o) { return o.toString(); } }\n"), "Use"),
        // argument types (issue 13): an added overload captures only the calls whose arguments it applies to
        c("overload_added_by_argument_type", "15.12.2.1, 15.12.2.5 (an m(String) added next to m(Object): only String arguments move)",
            "Lib.java",
            "public class Lib { public static void m(Object o) { } }\n",
            "public class Lib { public static void m(Object o) { } public static void m(String s) { } }\n",
            Map.of("UseObject.java", "public class UseObject { void g(StringBuilder sb) { Lib.m(new Object()); Lib.m(1); Lib.m(sb); } }\n",
                "UseString.java", "public class UseString { void g(String s) { Lib.m(s); } }\n"), "UseString"),
        c("overload_added_poly_argument", "15.12.2.2 (a generic call as argument: its type is inferred per overload, so the new one captures it)",
            "Lib.java",
            "public class Lib { public static int m(Object o) { return 0; } public static <T> T get() { return null; } }\n",
            "public class Lib { public static int m(Object o) { return 0; } public static int m(String s) { return 1; }"
                + " public static <T> T get() { return null; } }\n",
            Map.of("Use.java", "public class Use { int g() { return Lib.m(Lib.get()); } }\n"), "Use"),
        c("overload_added_platform_subtype", "15.12.2.1 (an overload taking a JDK interface captures an argument of a class implementing it)",
            "Lib.java",
            "public class Lib { public static void m(Object o) { } }\n",
            "public class Lib { public static void m(Object o) { } public static void m(CharSequence s) { } }\n",
            Map.of("Use.java", "public class Use { void g() { Lib.m(new StringBuilder()); } }\n",
                "UseNumber.java", "public class UseNumber { void g() { Lib.m(Integer.valueOf(1)); } }\n"), "Use"),
        c("overload_added_library_subtype", "15.12.2.1 (an overload taking a library class captures an argument of its subclass)",
            "Lib.java",
            "public class Lib { public static void m(Object o) { } }\n",
            "public class Lib { public static void m(Object o) { } public static void m(Base b) { } }\n",
            Map.of("Base.java", "public class Base { }\n", "Sub.java", "public class Sub extends Base { }\n",
                "Other.java", "public class Other { }\n",
                "Use.java", "public class Use { void g() { Lib.m(new Sub()); } }\n",
                "UseOther.java", "public class UseOther { void g() { Lib.m(new Other()); } }\n"), "Use"),
        // access (issue 13): private removed from an overload: a nestmate saw it already, unless it searches a subclass
        c("private_overload_widened_inherited", "6.6.1, 8.2, 15.12.1 (a private overload made package-private is inherited by a nested subclass)",
            "Outer.java", """
            public class Outer {
                private static int m(String s) { return 1; }
                static int m(Object o) { return 0; }
                static class In extends Outer { int g() { return m("x"); } }
                static class Nest { int g() { return Outer.m("y") + Outer.m(new Object()); } }
            }
            """, """
            public class Outer {
                static int m(String s) { return 1; }
                static int m(Object o) { return 0; }
                static class In extends Outer { int g() { return m("x"); } }
                static class Nest { int g() { return Outer.m("y") + Outer.m(new Object()); } }
            }
            """, Map.of(), "Outer$In"),
        c("access_widened_other_arguments", "13.4.7, 15.12.2.1 (an overload made public that no call's arguments fit)",
            "lib/Lib.java",
            "public class Lib { public static int m(Object o) { return 0; } static int m(String s) { return 1; } }\n",
            "public class Lib { public static int m(Object o) { return 0; } public static int m(String s) { return 1; } }\n",
            Map.of("Use.java", "public class Use { int g() { return k.access_widened_other_arguments.lib.Lib.m(new Object())"
                + " + k.access_widened_other_arguments.lib.Lib.m(1); } }\n")),
        c("override_removed", "13.4.12 (an override deleted: calls bind to the inherited method)", "Sub.java",
            "public class Sub extends Base { @Override public int m() { return 2; } }\n",
            "public class Sub extends Base { }\n",
            Map.of("Base.java", "public class Base { public int m() { return 1; } }\n",
                "Use.java", "public class Use { int g(Sub s) { return s.m(); } }\n"), "Use"),
        c("method_pulled_up", "13.4.12 / 13.4.4 (a method moved to the superclass)", "Lib.java",
            "public class Lib extends Base { public int m() { return 1; } }\n",
            "public class Lib extends Base { }\n",
            Map.of("Base.java", "public class Base { public int m() { return 1; } }\n",
                "Use.java", "public class Use { int g(Lib l) { return l.m(); } }\n"), "Use"),
        c("field_hiding_added", "13.4.8 (a field added in a subclass hides the inherited one)", "Sub.java",
            "public class Sub extends Base { }\n",
            "public class Sub extends Base { public int f = 2; }\n",
            Map.of("Base.java", "public class Base { public int f = 1; }\n",
                "Use.java", "public class Use { int g(Sub s) { return s.f; } }\n"), "Use"),
        c("field_type", "13.4.8 (field type)", "Lib.java",
            "public class Lib { public int f; }\n",
            "public class Lib { public long f; }\n",
            Map.of("Use.java", "public class Use { long g(Lib l) { return l.f; } }\n"), "Use"),
        c("member_captures_enclosing_name", "6.4.1 / 15.12.1 (a member added to a superclass shadows a name from an enclosing scope)",
            "Base.java",
            "public class Base { }\n",
            "public class Base { protected static int x = 5; }\n",
            Map.of("Use.java", "public class Use { static int x = 1; static class In extends Base { int g() { return x; } } }\n"),
            "Use$In"),
        c("interface_added", "13.4.4 (superinterfaces: an overload taking the new interface captures calls)", "C.java",
            "public class C { }\n",
            "public class C implements I { }\n",
            Map.of("I.java", "public interface I { }\n",
                "Util.java", "public class Util { public static int p(Object o) { return 0; } public static int p(I i) { return 1; } }\n",
                "Use.java", "public class Use { int g() { return Util.p(new C()); } }\n"), "Use"),
        c("superclass_changed", "13.4.4 (superclass: the inherited member now comes from another class)", "C.java",
            "public class C extends A { }\n",
            "public class C extends B { }\n",
            Map.of("A.java", "public class A { public int m() { return 1; } }\n",
                "B.java", "public class B { public int m() { return 2; } }\n",
                "Use.java", "public class Use { int g(C c) { return c.m(); } }\n"), "Use"),
        c("class_to_interface", "13.4.1 (a class changed to an interface: invokevirtual becomes invokeinterface)", "T.java",
            "public abstract class T { public abstract int m(); }\n",
            "public interface T { int m(); }\n",
            Map.of("Use.java", "public class Use { int g(T t) { return t.m(); } }\n"), "Use"),
        c("default_override_added", "13.5.6 (an interface method added in a subinterface overrides a default)", "J.java",
            "public interface J extends I { }\n",
            "public interface J extends I { default int m() { return 2; } }\n",
            Map.of("I.java", "public interface I { default int m() { return 1; } }\n",
                "Use.java", "public class Use { int g(J j) { return j.m(); } }\n"), "Use"),
        c("generic_bound", "13.4.13 / 4.6 (a type parameter bound changes the erasure)", "Lib.java",
            "public class Lib { public static <T> void m(T t) { } }\n",
            "public class Lib { public static <T extends Number> void m(T t) { } }\n",
            Map.of("Use.java", "public class Use { void g() { Lib.m(1); } }\n"), "Use"),
        c("generic_return_narrowed", "13.4.15 (a narrower result type: calls on the result bind to the new type)", "Lib.java",
            "import java.util.*;\npublic class Lib { public static List<String> get() { return new ArrayList<>(); } }\n",
            "import java.util.*;\npublic class Lib { public static ArrayList<String> get() { return new ArrayList<>(); } }\n",
            Map.of("Use.java", "public class Use { int g() { return Lib.get().size(); } }\n"), "Use"),
        // the ground truth is blind here: the changed LambdaMetafactory arguments of the invokedynamic are not
        // recorded (bootstrap arguments are not bytecode operands), so no fact of Use differs
        c("method_reference", "15.13 (a method reference's target changes type)", "Lib.java",
            "public class Lib { public static int len(String s) { return s.length(); } }\n",
            "public class Lib { public static Integer len(String s) { return s.length(); } }\n",
            Map.of("Use.java", "import java.util.function.*;\npublic class Use { Function<String, Integer> f = Lib::len; }\n")),
        c("record_component_type", "8.10 / 13.4.15 (a record component's type: its accessor's result)", "R.java",
            "public record R(int a) { }\n",
            "public record R(long a) { }\n",
            Map.of("Use.java", "public class Use { long g(R r) { return r.a(); } }\n"), "Use"),
        c("enum_constant_added", "13.4.26 (enum constants added: switch maps are built at run time)", "E.java",
            "public enum E { A, B }\n",
            "public enum E { A, B, C }\n",
            Map.of("Use.java", "public class Use { int g(E e) { switch (e) { case A: return 1; default: return 0; } } }\n")),
        c("sealed_added", "13.4.2.1 (a class made sealed, its subclasses permitted)", "S.java",
            "public abstract class S { }\n",
            "public abstract sealed class S permits T { }\n",
            Map.of("T.java", "public final class T extends S { }\n", "Use.java", "public class Use { boolean g(Object o) { return o instanceof S; } }\n")),
        c("method_made_final", "13.4.17 (final methods)", "Lib.java",
            "public class Lib { public int m() { return 1; } }\n",
            "public class Lib { public final int m() { return 1; } }\n",
            Map.of("Use.java", "public class Use { int g(Lib l) { return l.m(); } }\n")),
        c("access_widened", "13.4.7 (access to members: widened, no overload)", "Lib.java",
            "public class Lib { protected static int m() { return 1; } }\n",
            "public class Lib { public static int m() { return 1; } }\n",
            Map.of("Use.java", "public class Use { int g() { return Lib.m(); } }\n")),
        c("protected_made_public", "13.4.7 (a protected method made public: a subclass in another package inherits it both ways; commons-io 2.18.0)",
            "lib/Base.java",
            "public class Base { protected int get() { return 1; } protected int get(Object o) { return 2; } }\n",
            "public class Base { public int get() { return 1; } public int get(Object o) { return 2; } }\n",
            Map.of("Sub.java", "public class Sub extends k.protected_made_public.lib.Base { int g() { return get() + get(\"x\"); } }\n")),
        c("annotation_element_name", "9.7.1 (a method named like an annotation element: the element name binds to the annotation only)",
            "Lib.java",
            "public class Lib { }\n",
            "public class Lib { public static int value(Object o) { return 0; } }\n",
            Map.of("Use.java", "@SuppressWarnings(\"unused\") public class Use { int g() { return 1; } }\n")),
        c("package_method_made_public", "13.4.7 (a method without modifiers made public: access only, no overload)", "Lib.java",
            "public class Lib { int m() { return 1; } }\n",
            "public class Lib { public int m() { return 1; } }\n",
            Map.of("Use.java", "public class Use { int g(Lib l) { return l.m(); } }\n")),
        c("access_widened_overload", "13.4.7 / 15.12.2.1 (access widened: an overload becomes applicable and captures calls)",
            "lib/Lib.java",
            "public class Lib { public static int m(Object o) { return 0; } static int m(String s) { return 1; } }\n",
            "public class Lib { public static int m(Object o) { return 0; } public static int m(String s) { return 1; } }\n",
            Map.of("Use.java", "public class Use { int g() { return k.access_widened_overload.lib.Lib.m(\"x\"); } }\n"), "Use"),
        c("private_made_public", "13.4.7 (a private member of a nest made public: how a nestmate invokes it)", "Outer.java",
            "public class Outer { private int m() { return 1; } class In { int g() { return m(); } } }\n",
            "public class Outer { public int m() { return 1; } class In { int g() { return m(); } } }\n",
            Map.of()),
        c("type_parameter_renamed", "13.4.13 (type parameters renamed: same erasure, same binding)", "Lib.java",
            "public class Lib { public static <T> T id(T t) { return t; } }\n",
            "public class Lib { public static <U> U id(U u) { return u; } }\n",
            Map.of("Use.java", "public class Use { String g() { return Lib.id(\"x\"); } }\n")),
        c("annotation_default", "13.5.7 (an annotation element's default: read at run time)", "A.java",
            "public @interface A { int v() default 1; }\n",
            "public @interface A { int v() default 2; }\n",
            Map.of("Use.java", "@A public class Use { }\n")));
}
