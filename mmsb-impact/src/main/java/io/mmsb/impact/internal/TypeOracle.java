package io.mmsb.impact.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The type oracle of the rebinding rules: answers subtype and invocation-conversion questions about
 * erased types in three values ({@link Truth}), {@code FALSE} only when it is certain. Library types (the recorded
 * compilations' named classes) are known by their recorded supertypes; platform types (the JDK's)
 * by reflection on the running JDK, through the platform class loader, so that no class of the
 * application or of MMSB is ever taken for one. A platform type that compiled against an older
 * release has at most the supertypes it has in the running JDK (the JDK adds supertypes, it does
 * not remove them), so a {@code FALSE} from reflection holds for any release up to the running
 * one; a type neither known nor loadable (a type variable, a captured or intersection type, a
 * dependency's class) is {@code UNKNOWN}.
 *
 * <p>Types are written as javac prints them ({@code java.util.List<java.lang.String>},
 * {@code java.util.Map.Entry}, {@code int[]}) and erased here; a symbol's parameters are already
 * erased. Thread rules: one thread (it caches lookups).
 */
public final class TypeOracle {
    /** A three-valued answer. */
    public enum Truth {
        TRUE, FALSE, UNKNOWN;

        /** {@code TRUE} or {@code FALSE} from a boolean. */
        static Truth of(boolean b) {
            return b ? TRUE : FALSE;
        }
    }

    private static final Set<String> PRIMITIVES = Set.of("boolean", "byte", "short", "char", "int", "long", "float", "double");
    private static final Map<String, String> BOXES = Map.of("boolean", "java.lang.Boolean", "byte", "java.lang.Byte", "short",
        "java.lang.Short", "char", "java.lang.Character", "int", "java.lang.Integer", "long", "java.lang.Long", "float",
        "java.lang.Float", "double", "java.lang.Double");
    private static final Map<String, String> UNBOXES = new HashMap<>();
    static {
        BOXES.forEach((p, b) -> UNBOXES.put(b, p));
    }
    /** Widening primitive conversions (JLS 5.1.2), identity excluded. */
    private static final Map<String, Set<String>> WIDENS = Map.of(
        "byte", Set.of("short", "int", "long", "float", "double"),
        "short", Set.of("int", "long", "float", "double"),
        "char", Set.of("int", "long", "float", "double"),
        "int", Set.of("long", "float", "double"),
        "long", Set.of("float", "double"),
        "float", Set.of("double"));
    private static final Set<String> ARRAY_SUPERTYPES = Set.of("java.lang.Object", "java.lang.Cloneable", "java.io.Serializable");

    /** Library types: binary name → direct supertypes (binary names, library or platform). */
    private final Map<String, Set<String>> supertypes;
    /** Library types: canonical name ({@code p.A.B}) → binary name ({@code p.A$B}). */
    private final Map<String, String> library = new HashMap<>();
    private final Map<String, Optional<Class<?>>> platform = new HashMap<>();
    private final Map<String, Optional<String>> resolved = new HashMap<>();
    private final Map<String, Truth> subtype = new HashMap<>();

    /**
     * @param libraryTypes binary names of every named class of the library (both compilations)
     * @param supertypes binary name → direct supertypes as binary names; more edges than the truth
     *                   only make answers less certain, never wrong
     * @param typeDescriptors maps of binary name → javac's declaration descriptor of the type
     *                        ({@code class p.A<T> extends p.B<T> implements p.I,p.J}; other
     *                        keys are ignored), whose supertypes are added to {@code supertypes}
     */
    public TypeOracle(Set<String> libraryTypes, Map<String, Set<String>> supertypes, List<Map<String, String>> typeDescriptors) {
        for (String t : libraryTypes) {
            library.put(t.replace('$', '.'), t);
        }
        this.supertypes = new HashMap<>();
        supertypes.forEach((t, s) -> this.supertypes.put(t, new HashSet<>(s)));
        for (Map<String, String> descriptors : typeDescriptors) {
            descriptors.forEach((t, d) -> {
                if (t.indexOf('#') >= 0) {
                    return; // a member
                }
                for (String s : declaredSupertypes(d)) {
                    String b = resolve(s);
                    if (b != null && !b.equals(t)) {
                        this.supertypes.computeIfAbsent(t, x -> new HashSet<>()).add(b);
                    }
                }
            });
        }
    }

    /** The supertypes named in a type's declaration descriptor, erased, canonical ("none" left out). */
    static List<String> declaredSupertypes(String descriptor) {
        int ext = descriptor.indexOf(" extends ");
        if (ext < 0) {
            return List.of();
        }
        String rest = descriptor.substring(ext + " extends ".length());
        int impl = rest.indexOf(" implements ");
        String superclass = impl < 0 ? rest : rest.substring(0, impl);
        String interfaces = impl < 0 ? "" : rest.substring(impl + " implements ".length());
        List<String> out = new java.util.ArrayList<>();
        String s = erase(superclass);
        if (s != null && !s.equals("none")) {
            out.add(s);
        }
        StringBuilder part = new StringBuilder();
        int depth = 0;
        for (int i = 0; i <= interfaces.length(); i++) {
            char c = i < interfaces.length() ? interfaces.charAt(i) : ',';
            if (c == ',' && depth == 0) {
                String e = erase(part.toString());
                if (e != null) {
                    out.add(e);
                }
                part.setLength(0);
                continue;
            }
            depth += c == '<' ? 1 : c == '>' ? -1 : 0;
            part.append(c);
        }
        return out;
    }

    /**
     * A type as javac prints it, erased ({@code java.util.List<T>} gives {@code java.util.List},
     * {@code T...} gives {@code T[]}), or null when it is no nameable type (captured, intersection,
     * annotated, the null type, empty).
     */
    static String erase(String type) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (depth == 0) {
                sb.append(c);
            }
        }
        String t = sb.toString().trim().replace("...", "[]");
        if (t.isEmpty() || depth != 0 || t.contains(" ") || t.contains("&") || t.contains("@") || t.contains("?") || t.contains("|")) {
            return null;
        }
        return t;
    }

    /** Whether an erased type names a primitive. */
    static boolean primitive(String t) {
        return PRIMITIVES.contains(t);
    }

    /**
     * The binary name of a class type written canonically (erased), library first, then the
     * platform's; null when it is neither (a type variable, which has no package, or a dependency's class).
     */
    public String resolve(String canonical) {
        if (canonical == null) {
            return null;
        }
        String lib = library.get(canonical);
        if (lib != null) {
            return lib;
        }
        return resolved.computeIfAbsent(canonical, c -> {
            if (c.indexOf('.') < 0 || c.endsWith("]")) {
                return Optional.empty();
            }
            String name = c;
            for (int tries = 0; tries < 4; tries++) {
                if (platformClass(name) != null) {
                    return Optional.of(name);
                }
                int dot = name.lastIndexOf('.');
                if (dot < 0) {
                    break;
                }
                name = name.substring(0, dot) + "$" + name.substring(dot + 1);
            }
            return Optional.empty();
        }).orElse(null);
    }

    private Class<?> platformClass(String binary) {
        return platform.computeIfAbsent(binary, b -> {
            try {
                return Optional.of(Class.forName(b, false, ClassLoader.getPlatformClassLoader()));
            } catch (ClassNotFoundException | LinkageError e) {
                return Optional.empty();
            }
        }).orElse(null);
    }

    /** Whether {@code binary} is a library type. */
    public boolean isLibrary(String binary) {
        return binary != null && library.containsKey(binary.replace('$', '.')) && library.get(binary.replace('$', '.')).equals(binary);
    }

    /** Whether class type {@code a} is a subtype of (or is) class type {@code b}, both binary names. */
    public Truth isSubtype(String a, String b) {
        if (a == null || b == null) {
            return Truth.UNKNOWN;
        }
        if (a.equals(b) || b.equals("java.lang.Object")) {
            return Truth.TRUE;
        }
        String k = a + "<:" + b;
        Truth known = subtype.get(k);
        if (known == null) {
            known = search(a, b);
            subtype.put(k, known);
        }
        return known;
    }

    private Truth search(String a, String b) {
        Class<?> bPlatform = isLibrary(b) ? null : platformClass(b);
        if (!isLibrary(b) && bPlatform == null) {
            return Truth.UNKNOWN;
        }
        boolean unknown = false;
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(a));
        while (!todo.isEmpty()) {
            String t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t.equals(b)) {
                return Truth.TRUE;
            }
            if (isLibrary(t)) {
                todo.addAll(supertypes.getOrDefault(t, Set.of()));
                continue;
            }
            Class<?> c = platformClass(t);
            if (c == null) {
                unknown = true; // a dependency's type: its supertypes are not known
            } else if (bPlatform != null && bPlatform.isAssignableFrom(c)) {
                return Truth.TRUE;
            } // a platform type is never a subtype of a library type
        }
        return unknown ? Truth.UNKNOWN : Truth.FALSE;
    }

    /** {@link #isSubtype} for two erased canonical class types. */
    public Truth isSubtypeCanonical(String a, String b) {
        if (a != null && a.equals(b) || "java.lang.Object".equals(b)) {
            return Truth.TRUE;
        }
        return isSubtype(resolve(a), resolve(b));
    }

    /**
     * Whether an argument of type {@code arg} converts to a parameter of erased type {@code param}
     * without boxing or unboxing (JLS 15.12.2.2, the first phase of overload resolution): identity,
     * widening primitive or widening reference.
     */
    public Truth convertsStrictly(String arg, String param) {
        String a = erase(arg);
        if (a == null || param == null) {
            return Truth.UNKNOWN;
        }
        if (primitive(a) != primitive(param)) {
            return primitive(a) || a.indexOf('.') >= 0 || a.endsWith("[]") ? Truth.FALSE : Truth.UNKNOWN; // boxing or unboxing needed
        }
        return mayConvert(arg, param);
    }

    /** Whether primitive type {@code a} is {@code b} or widens to it (JLS 4.10.1: primitive subtyping). */
    static boolean primitiveSubtype(String a, String b) {
        return a.equals(b) || WIDENS.getOrDefault(a, Set.of()).contains(b);
    }

    /**
     * Whether an argument of type {@code arg} (as javac prints it) may be passed to a parameter of
     * erased type {@code param} in a method invocation context (JLS 5.3: identity, widening
     * primitive or reference, boxing or unboxing then widening).
     */
    public Truth mayConvert(String arg, String param) {
        String a = erase(arg);
        if (a == null || param == null) {
            return Truth.UNKNOWN;
        }
        if (a.equals(param)) {
            return Truth.TRUE;
        }
        boolean aArray = a.endsWith("[]");
        boolean pArray = param.endsWith("[]");
        if (primitive(a)) {
            if (primitive(param)) {
                return Truth.of(WIDENS.getOrDefault(a, Set.of()).contains(param));
            }
            return pArray ? Truth.FALSE : isSubtypeCanonical(BOXES.get(a), param);
        }
        if (aArray) {
            if (pArray) {
                String ac = a.substring(0, a.length() - 2);
                String pc = param.substring(0, param.length() - 2);
                if (primitive(ac) || primitive(pc)) {
                    return Truth.of(ac.equals(pc));
                }
                return mayConvert(ac, pc);
            }
            return Truth.of(ARRAY_SUPERTYPES.contains(param));
        }
        if (a.indexOf('.') < 0) {
            return Truth.UNKNOWN; // a type variable (or a class of the unnamed package): its bound is not known here
        }
        if (primitive(param)) {
            String unboxed = UNBOXES.get(a);
            if (unboxed != null) {
                return Truth.of(unboxed.equals(param) || WIDENS.getOrDefault(unboxed, Set.of()).contains(param));
            }
            return resolve(a) != null ? Truth.FALSE : Truth.UNKNOWN;
        }
        if (pArray) {
            return Truth.FALSE; // a class or interface type is never an array type
        }
        return isSubtypeCanonical(a, param);
    }
}
