package io.mmsb.impact.internal;

import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
import io.mmsb.hooks.NodeId;
import io.mmsb.hooks.Stage;
import io.mmsb.hooks.StoredNodes;
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
 * Constructors are left out. Immutable once built; thread-safe.
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
     * the receiver (its type as javac prints it when {@code TYPED}), the argument types (null
     * when unknown), and whether it lies in the body of a local or anonymous class (whose
     * supertypes the named class's do not show).
     */
    public record Site(String cls, String symbol, Receiver receiver, String receiverType, List<String> args, boolean inLocalClass) {}

    private final Map<String, List<Site>> byName;
    private final Map<String, Set<String>> unqualifiedNames;

    private CallSites(Map<String, List<Site>> byName, Map<String, Set<String>> unqualifiedNames) {
        this.byName = byName;
        this.unqualifiedNames = unqualifiedNames;
    }

    /** The sites of methods named {@code name}. */
    public List<Site> named(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /**
     * For each named class, the simple names it resolves unqualified (identifiers: a variable,
     * a type, a method called without a receiver), which a name brought into scope can capture.
     */
    public Map<String, Set<String>> unqualifiedNames() {
        return unqualifiedNames;
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
        for (int r = 0; r < rows; r++) {
            if (present.getBool(r) && stage.getSymbol(r).equals(attribution)) {
                attributed.set(r);
            }
        }
        Map<String, List<Site>> byName = new HashMap<>();
        Map<String, Set<String>> unqualified = new HashMap<>();
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
            add(byName, new Site(cls, sym, receiver, receiverType, args == null ? null : List.copyOf(args), inLocalClass(id)));
        }
        // pass 2: other uses of methods (references, selects not called, annotation elements), and unqualified names
        for (int r = attributed.nextSetBit(0); r >= 0; r = attributed.nextSetBit(r + 1)) {
            String sym = symbol.getSymbol(r);
            String k = kind.getSymbol(r);
            if (sym.isEmpty() || sym.startsWith("local:")) {
                continue;
            }
            boolean identifier = k.equals("IDENTIFIER");
            // a wrapper (parentheses) carries the symbol of the expression inside, which is the use
            boolean site = isMethod(sym) && !consumed.get(r)
                && (identifier || k.equals("MEMBER_SELECT") || k.equals("MEMBER_REFERENCE"));
            if (!identifier && !site) {
                continue;
            }
            NodeId id = ids.id(r);
            String cls = classOfMember.computeIfAbsent(id.member(), m -> classOf.apply(id.toString()));
            if (cls == null) {
                continue;
            }
            if (identifier) {
                unqualified.computeIfAbsent(cls, c -> new HashSet<>()).add(simpleName(sym));
            }
            if (site) {
                Receiver receiver = identifier ? Receiver.IMPLICIT : Receiver.UNKNOWN;
                String receiverType = null;
                if (!identifier) {
                    int[] q = operands.getIntList(r);
                    if (q.length > 0) {
                        receiverType = types.get(type.getSymbol(q[0]));
                        receiver = receiverType == null || receiverType.isEmpty() ? Receiver.UNKNOWN : Receiver.TYPED;
                    }
                }
                add(byName, new Site(cls, sym, receiver, receiverType, null, inLocalClass(id)));
            }
        }
        return new CallSites(byName, unqualified);
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

    private static void add(Map<String, List<Site>> byName, Site s) {
        byName.computeIfAbsent(methodName(s.symbol()), n -> new ArrayList<>()).add(s);
    }

    /** A method's symbol (constructors left out). */
    private static boolean isMethod(String sym) {
        int hash = sym.indexOf('#');
        return hash > 0 && sym.indexOf('(', hash) > 0 && !sym.startsWith("<init>(", hash + 1) && !sym.startsWith("local:");
    }

    /** A member's or a type's simple name. */
    private static String simpleName(String sym) {
        int hash = sym.indexOf('#');
        if (hash >= 0) {
            int paren = sym.indexOf('(', hash);
            return sym.substring(hash + 1, paren < 0 ? sym.length() : paren);
        }
        int cut = Math.max(sym.lastIndexOf('.'), sym.lastIndexOf('$'));
        return sym.substring(cut + 1);
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
