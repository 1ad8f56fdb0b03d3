package io.mmsb.impact.internal;

import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
import io.mmsb.hooks.NodeId;
import io.mmsb.hooks.Stage;
import io.mmsb.recorder.StoredNodes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The uses of methods in one recorded compilation, one per site, with what overload resolution
 * looked at there: the static type of the receiver and the types of the arguments, read from the
 * attributed nodes (a method invocation's operands are its method select, whose own operand is
 * the receiver, then its arguments; a poly expression's type is left unknown, as another overload
 * would type it differently). A method symbol used elsewhere (a method reference, an
 * annotation element, a select that is not called) is a site whose arguments are unknown.
 * Constructor invocations are kept apart, by the class they construct. Immutable once built; thread-safe.
 */
public final class CallSites {
    /** How a site names its receiver. */
    public enum Receiver {
        /** {@code m(...)}: the receiver comes from the scope (an enclosing class, a static import). */
        IMPLICIT,
        /** {@code e.m(...)}, {@code T.m(...)}, {@code super.m(...)}, {@code e::m}: the static type of e, T or super. */
        TYPED,
        /** Not recorded. */
        UNKNOWN
    }

    /**
     * One use of a method: the named class it is in ({@code cls}), the symbol it resolved to,
     * the receiver (its type as javac prints it when {@code TYPED}; when that type is a type
     * variable of the enclosing method or classes, the classes that bound it, {@code Object}
     * for none, in {@code receiverBounds}, else null), the argument types (null when unknown),
     * and whether it lies in the body of a local or anonymous class (whose supertypes and type
     * parameters the named class's do not show).
     */
    public record Site(String cls, String symbol, Receiver receiver, String receiverType, List<String> receiverBounds, List<String> args,
                       boolean inLocalClass) {}

    private final Map<String, List<Site>> byName;
    private final Map<String, List<Site>> constructors;

    private CallSites(Map<String, List<Site>> byName, Map<String, List<Site>> constructors) {
        this.byName = byName;
        this.constructors = constructors;
    }

    /**
     * The invocations of constructors of class {@code owner} (binary name): {@code new C(...)},
     * {@code super(...)} and {@code this(...)} (javac's implicit ones included), {@code C::new},
     * and the creation of an anonymous subclass, whose arguments count as unknown.
     */
    public List<Site> constructorsOf(String owner) {
        return constructors.getOrDefault(owner, List.of());
    }

    /** The sites of methods named {@code name}. */
    public List<Site> named(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** The simple name of a method symbol ({@code p.A#m(int)} gives m). */
    public static String methodName(String symbol) {
        int hash = symbol.indexOf('#');
        int paren = symbol.indexOf('(', hash);
        return symbol.substring(hash + 1, paren < 0 ? symbol.length() : paren);
    }

    /** The erased parameter types of a method symbol ({@code p.A#m(int,java.lang.String)}). */
    public static List<String> parameters(String symbol) {
        int open = symbol.indexOf('(', symbol.indexOf('#'));
        int close = symbol.lastIndexOf(')');
        if (open < 0 || close <= open + 1) {
            return List.of();
        }
        return List.of(symbol.substring(open + 1, close).split(","));
    }

    /**
     * The sites of the attributed nodes of {@code v}; {@code classOf} maps a node's member id to its named
     * class (null for unit-level nodes).
     */
    public static CallSites of(StateView v, Function<String, String> classOf) {
        int rows = v.rowCount("nodes");
        StoredNodes ids = StoredNodes.of(v);
        ColumnSlice stage = v.column("nodes", "stage");
        ColumnSlice present = v.column("nodes", "present");
        ColumnSlice kind = v.column("nodes", "kind");
        ColumnSlice symbol = v.column("nodes", "symbol");
        ColumnSlice type = v.column("nodes", "type");
        ColumnSlice operands = v.column("nodes", "operands");
        Map<String, String> types = new HashMap<>();
        for (int r = 0; r < v.rowCount("types"); r++) {
            types.put(v.column("types", "key").getSymbol(r), v.column("types", "descriptor").getSymbol(r));
        }
        Set<String> genericMethods = new HashSet<>(); // methods with type parameters: their result may be inferred from the target
        ColumnSlice symbolKey = v.column("symbols", "key");
        ColumnSlice symbolType = v.column("symbols", "type");
        for (int r = 0; r < v.rowCount("symbols"); r++) {
            String t = types.get(symbolType.getSymbol(r));
            if (t != null && t.startsWith("<")) {
                genericMethods.add(symbolKey.getSymbol(r));
            }
        }
        String attribution = Stage.ATTRIBUTION.name();
        BitSet attributed = new BitSet(rows);
        // type parameters declared by a member or a class (member "Owner#"): member -> name -> bounds (null: a bound not a class)
        Map<String, Map<String, List<String>>> typeParameters = new HashMap<>();
        ColumnSlice detail = v.column("nodes", "detail");
        for (int r = 0; r < rows; r++) {
            if (present.getBool(r) && stage.getSymbol(r).equals(attribution)) {
                attributed.set(r);
                if (kind.getSymbol(r).equals("TYPE_PARAMETER")) {
                    NodeId id = ids.id(r);
                    if (id.path().indexOf('/') < 0) { // declared by the member itself, not by a local class in it
                        List<String> bounds = new ArrayList<>();
                        for (int b : operands.getIntList(r)) {
                            String bound = symbol.getSymbol(b);
                            if (bound.isEmpty() || bound.contains("<") || bound.contains("#") || bound.startsWith("local:")) {
                                bounds = null; // another type variable, or not recorded
                                break;
                            }
                            bounds.add(bound);
                        }
                        if (bounds != null && bounds.isEmpty()) {
                            bounds.add("java.lang.Object");
                        }
                        typeParameters.computeIfAbsent(id.member(), m -> new HashMap<>()).put(detail.getSymbol(r), bounds);
                    }
                }
            }
        }
        Map<String, List<Site>> byName = new HashMap<>();
        BitSet consumed = new BitSet(rows);
        Map<String, String> classOfMember = new HashMap<>();
        // pass 1: invocations, whose method select is part of the site
        for (int r = attributed.nextSetBit(0); r >= 0; r = attributed.nextSetBit(r + 1)) {
            String sym = symbol.getSymbol(r);
            if (!kind.getSymbol(r).equals("METHOD_INVOCATION") || !isMethod(sym)) {
                continue;
            }
            NodeId id = ids.id(r);
            String cls = classOfMember.computeIfAbsent(id.member(), m -> classOf.apply(id.toString()));
            if (cls == null) {
                continue;
            }
            int[] ops = operands.getIntList(r);
            int select = -1;
            for (int i = 0; i < ops.length; i++) {
                if (sym.equals(symbol.getSymbol(ops[i]))) {
                    select = i;
                    break;
                }
            }
            Receiver receiver = Receiver.UNKNOWN;
            String receiverType = null;
            List<String> args = null;
            if (select >= 0) {
                int s = ops[select];
                consumed.set(s);
                String sk = kind.getSymbol(s);
                if (sk.equals("IDENTIFIER")) {
                    receiver = Receiver.IMPLICIT;
                } else if (sk.equals("MEMBER_SELECT")) {
                    int[] q = operands.getIntList(s);
                    if (q.length > 0) {
                        receiverType = types.get(type.getSymbol(q[0]));
                        receiver = receiverType == null || receiverType.isEmpty() ? Receiver.UNKNOWN : Receiver.TYPED;
                    }
                }
                args = new ArrayList<>();
                for (int i = select + 1; i < ops.length; i++) {
                    String t = types.get(type.getSymbol(ops[i]));
                    args.add(t == null || poly(kind.getSymbol(ops[i]), symbol.getSymbol(ops[i]), genericMethods) ? "" : t);
                }
            }
            boolean local = inLocalClass(id);
            add(byName, new Site(cls, sym, receiver, receiverType, bounds(receiverType, id.member(), cls, local, typeParameters),
                args == null ? null : List.copyOf(args), local));
        }
        // pass 2: other uses of methods (references, selects not called, annotation elements)
        for (int r = attributed.nextSetBit(0); r >= 0; r = attributed.nextSetBit(r + 1)) {
            String sym = symbol.getSymbol(r);
            String k = kind.getSymbol(r);
            if (sym.isEmpty() || sym.startsWith("local:")) {
                continue;
            }
            boolean identifier = k.equals("IDENTIFIER");
            // a wrapper (parentheses) carries the symbol of the expression inside, which is the use
            if (!isMethod(sym) || consumed.get(r) || !(identifier || k.equals("MEMBER_SELECT") || k.equals("MEMBER_REFERENCE"))) {
                continue;
            }
            NodeId id = ids.id(r);
            String cls = classOfMember.computeIfAbsent(id.member(), m -> classOf.apply(id.toString()));
            if (cls == null) {
                continue;
            }
            Receiver receiver = identifier ? Receiver.IMPLICIT : Receiver.UNKNOWN;
            String receiverType = null;
            if (identifier && inAnnotation(id)) {
                // an element name (@A(v = ...), or the implicit value of @A(...)) binds to its annotation type only
                receiver = Receiver.TYPED;
                receiverType = sym.substring(0, sym.indexOf('#')).replace('$', '.');
            }
            if (!identifier) {
                int[] q = operands.getIntList(r);
                if (q.length > 0) {
                    receiverType = types.get(type.getSymbol(q[0]));
                    receiver = receiverType == null || receiverType.isEmpty() ? Receiver.UNKNOWN : Receiver.TYPED;
                }
            }
            boolean local = inLocalClass(id);
            add(byName, new Site(cls, sym, receiver, receiverType, bounds(receiverType, id.member(), cls, local, typeParameters), null, local));
        }
        // pass 3: constructor invocations
        Map<String, List<Site>> constructors = new HashMap<>();
        for (int r = attributed.nextSetBit(0); r >= 0; r = attributed.nextSetBit(r + 1)) {
            String sym = symbol.getSymbol(r);
            String k = kind.getSymbol(r);
            boolean invocation = k.equals("METHOD_INVOCATION");
            boolean creation = k.equals("NEW_CLASS");
            if (!isConstructor(sym) || !(invocation || creation || k.equals("MEMBER_REFERENCE"))) {
                continue;
            }
            NodeId id = ids.id(r);
            String cls = classOfMember.computeIfAbsent(id.member(), m -> classOf.apply(id.toString()));
            if (cls == null) {
                continue;
            }
            int[] ops = operands.getIntList(r);
            int first = -1; // the operand before the arguments: the method select, or the class created
            boolean body = false;
            String extended = null;
            for (int i = 0; i < ops.length; i++) {
                String ok = kind.getSymbol(ops[i]);
                String os = symbol.getSymbol(ops[i]);
                if (ok.equals("CLASS")) {
                    body = true;
                } else if (first < 0 && invocation && sym.equals(os)) {
                    first = i;
                } else if (first < 0 && creation && !os.isEmpty() && os.indexOf('#') < 0 && !os.startsWith("local:")
                        && (ok.equals("IDENTIFIER") || ok.equals("MEMBER_SELECT") || ok.equals("PARAMETERIZED_TYPE")
                            || ok.equals("ANNOTATED_TYPE"))) {
                    first = i;
                    extended = os;
                }
            }
            List<String> args = null;
            if (first >= 0 && !body) {
                args = new ArrayList<>();
                for (int i = first + 1; i < ops.length; i++) {
                    String t = types.get(type.getSymbol(ops[i]));
                    args.add(t == null || poly(kind.getSymbol(ops[i]), symbol.getSymbol(ops[i]), genericMethods) ? "" : t);
                }
            }
            Site site = new Site(cls, sym, Receiver.UNKNOWN, null, null, args == null ? null : List.copyOf(args), inLocalClass(id));
            String owner = sym.substring(0, sym.indexOf('#'));
            constructors.computeIfAbsent(owner, o -> new ArrayList<>()).add(site);
            if (body && extended != null && !extended.equals(owner)) { // an anonymous subclass: its constructor calls the class's
                constructors.computeIfAbsent(extended, o -> new ArrayList<>()).add(site);
            }
        }
        return new CallSites(byName, constructors);
    }

    /**
     * Whether an argument is a poly expression whose recorded type came from the overload javac
     * chose (JLS 15.12.2.2: a lambda, a method reference, a conditional or switch expression, a
     * parenthesized one, a call of a generic method whose result is inferred): another overload
     * would type it differently, so its type says nothing about that overload's applicability.
     */
    private static boolean poly(String kind, String symbol, Set<String> genericMethods) {
        return switch (kind) {
            case "LAMBDA_EXPRESSION", "MEMBER_REFERENCE", "CONDITIONAL_EXPRESSION", "SWITCH_EXPRESSION", "PARENTHESIZED" -> true;
            case "METHOD_INVOCATION", "NEW_CLASS" -> genericMethods.contains(symbol);
            default -> false;
        };
    }

    /**
     * The bounds of a receiver whose type is a type variable: declared by the site's member
     * (a generic method) or else by the innermost of its enclosing classes that declares that
     * name; null when the type is no type variable, lies in a local class, or is not found.
     */
    private static List<String> bounds(String receiverType, String member, String cls, boolean local,
                                       Map<String, Map<String, List<String>>> typeParameters) {
        if (receiverType == null || local || receiverType.isEmpty() || receiverType.indexOf('.') >= 0 || receiverType.contains("<")
                || receiverType.contains(" ") || receiverType.contains("[")) {
            return null;
        }
        Map<String, List<String>> own = typeParameters.get(member);
        if (own != null && own.containsKey(receiverType)) {
            return own.get(receiverType);
        }
        for (String c : Rebinding.enclosing(cls)) {
            Map<String, List<String>> declared = typeParameters.get(c + "#");
            if (declared != null && declared.containsKey(receiverType)) {
                return declared.get(receiverType);
            }
        }
        return null;
    }

    private static void add(Map<String, List<Site>> byName, Site s) {
        byName.computeIfAbsent(methodName(s.symbol()), n -> new ArrayList<>()).add(s);
    }

    /** A constructor's symbol. */
    private static boolean isConstructor(String sym) {
        int hash = sym.indexOf('#');
        return hash > 0 && sym.startsWith("<init>(", hash + 1) && !sym.startsWith("local:");
    }

    /** A method's symbol (constructors left out). */
    private static boolean isMethod(String sym) {
        int hash = sym.indexOf('#');
        return hash > 0 && sym.indexOf('(', hash) > 0 && !sym.startsWith("<init>(", hash + 1) && !sym.startsWith("local:");
    }

    /** Whether a node lies inside an annotation. */
    private static boolean inAnnotation(NodeId id) {
        for (String segment : id.path().split("/")) {
            String s = segment.startsWith("synthetic.") ? segment.substring("synthetic.".length()) : segment;
            if (s.startsWith("ANNOTATION[") || s.startsWith("TYPE_ANNOTATION[")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a node lies inside a class declared within a member (local or anonymous). */
    private static boolean inLocalClass(NodeId id) {
        for (String segment : id.path().split("/")) {
            String s = segment.startsWith("synthetic.") ? segment.substring("synthetic.".length()) : segment;
            if (s.startsWith("CLASS[") || s.startsWith("INTERFACE[") || s.startsWith("ENUM[") || s.startsWith("RECORD[")
                    || s.startsWith("ANNOTATION_TYPE[")) {
                return true;
            }
        }
        return false;
    }
}
