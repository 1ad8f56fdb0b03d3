package io.mmsb.scalac.internal;

import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
import io.mmsb.hooks.Fact;
import io.mmsb.hooks.IrNode;
import io.mmsb.hooks.NodeId;
import io.mmsb.recorder.StoredNodes;
import io.mmsb.hooks.SymbolFact;
import io.mmsb.hooks.TypeFact;
import io.mmsb.recorder.ApiDiff;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The API of a Scala 3 compilation and who uses what, in the form {@link ApiDiff} diffs (the
 * javac host's invalidation rules then apply unchanged), built from the facts mmsb-scalac records:
 * live from the facts handed to the sink, or from a store's latest state (what a new process
 * compares a compilation with).
 *
 * <p>Thread rules: a builder is used by one thread at a time; the results are immutable maps.
 *
 * <p>Entities are written as the javac host writes them, so that the same rules hold: a class,
 * trait or object ({@code pkg.Cls}, an object's class {@code pkg.Obj$}); a member
 * {@code Owner#name} for a val or a type member, {@code Owner#name(P1,P2)} for a method (the
 * parameter types of its erased {@code Signature}). An entity's signature is its kind, its
 * modifiers (scalac's flags without the internal {@code <...>} ones) and its type as scalac
 * printed it when the compilation first met the symbol (after typer: a method's parameters and
 * result, a val's type, a class's parents). The API is every non-private declared entity
 * (declarations: the definition nodes of member keys); a dependent is the class whose member
 * key holds a node that refers to a symbol.
 */
public final class ScalaApi {
    private ScalaApi() {}

    /**
     * Builds one API from facts: like the store, it keeps each node's last kind and symbol and
     * each symbol's and type's last fact, so that a compilation's API built from the facts it hands
     * over is the API a later process rebuilds from the store ({@link #stored}).
     */
    public static final class Builder {
        private final Map<String, String> types = new HashMap<>();
        private final Map<String, SymbolFact> symbols = new HashMap<>();
        /** Each node's last kind and symbol. */
        private final Map<NodeId, String[]> nodes = new HashMap<>();

        /** Adds a batch of facts: symbols, types, and nodes. */
        public void add(Iterable<? extends Fact> facts) {
            for (Fact f : facts) {
                if (f instanceof TypeFact t) {
                    types.put(t.id(), t.descriptor());
                } else if (f instanceof SymbolFact s) {
                    symbols.put(s.id(), s);
                } else if (f instanceof IrNode n) {
                    nodes.put(n.id(), new String[] {n.kind(), n.symbolId()});
                }
            }
        }

        /** The API of everything added. */
        public ApiDiff.Api build() {
            Map<String, String> declared = new TreeMap<>(); // symbol id -> unit
            Map<String, Set<String>> used = new TreeMap<>(); // dependent class -> symbol ids
            Map<String, String> dependentUnit = new TreeMap<>();
            for (Map.Entry<NodeId, String[]> e : nodes.entrySet()) {
                NodeId id = e.getKey();
                String kind = e.getValue()[0];
                String symbol = e.getValue()[1];
                if (symbol.isEmpty() || id.member().isEmpty() || kind.equals(TreeFacts.ABSENT)) continue;
                if (id.path().isEmpty()) { // a member key's root node is its definition (the store may keep its parse-time kind)
                    declared.put(symbol, id.unit());
                    continue;
                }
                int hash = id.member().indexOf('#');
                if (hash <= 0) continue;
                String dependent = id.member().substring(0, hash);
                used.computeIfAbsent(dependent, d -> new TreeSet<>()).add(symbol);
                dependentUnit.put(dependent, id.unit());
            }
            Map<String, String> signatures = new TreeMap<>();
            Map<String, String> declaringUnit = new TreeMap<>();
            Map<String, String> declarations = new TreeMap<>();
            for (Map.Entry<String, String> d : declared.entrySet()) {
                SymbolFact s = symbols.get(d.getKey());
                String entity = s == null ? null : entity(s, symbols);
                if (entity == null) continue;
                String signature = s.kind() + " " + modifiers(s.modifiers()) + " " + types.getOrDefault(s.typeId(), s.typeId());
                declaringUnit.put(entity, d.getValue());
                declarations.put(entity, signature);
                if (!(" " + s.modifiers() + " ").contains(" private")) signatures.put(entity, signature);
            }
            Map<String, Set<String>> uses = new TreeMap<>();
            for (Map.Entry<String, Set<String>> u : used.entrySet()) {
                Set<String> entities = new TreeSet<>();
                for (String symbol : u.getValue()) {
                    SymbolFact s = symbols.get(symbol);
                    String entity = s == null ? null : entity(s, symbols);
                    if (entity != null) entities.add(entity);
                }
                if (!entities.isEmpty()) uses.put(u.getKey(), entities);
            }
            Map<String, String> dependents = new TreeMap<>(dependentUnit);
            dependents.keySet().retainAll(uses.keySet());
            return new ApiDiff.Api(signatures, declaringUnit, uses, dependents, declarations, Map.of());
        }
    }

    /**
     * The entity of a symbol, or null for one that cannot be API (a local, a parameter, a
     * package, a symbol whose owner is not a class).
     */
    static String entity(SymbolFact s, Map<String, SymbolFact> symbols) {
        String id = s.id();
        if (s.kind().equals("PACKAGE") || s.kind().equals("PARAMETER")) return null;
        if (id.endsWith("#")) { // a class, trait, object class or type member
            if (s.kind().equals("TYPE")) {
                String owner = ownerEntity(s);
                return owner == null ? null : owner + "#" + s.name();
            }
            return id.substring(0, id.length() - 1);
        }
        String owner = ownerEntity(s);
        if (owner == null) return null;
        int sig = id.lastIndexOf(".Signature(List(");
        if (sig < 0) return owner + "#" + s.name();
        int end = id.lastIndexOf("),");
        String params = end > sig ? id.substring(sig + ".Signature(List(".length(), end).replace(" ", "") : "";
        return owner + "#" + s.name() + "(" + params + ")";
    }

    private static String ownerEntity(SymbolFact s) {
        String owner = s.owner();
        return owner.endsWith("#") ? owner.substring(0, owner.length() - 1) : null;
    }

    /** scalac's flags without its internal ones ({@code <touched>}, {@code <accessor>}, ...). */
    static String modifiers(String flags) {
        StringBuilder sb = new StringBuilder();
        for (String f : flags.split(" ")) {
            if (f.isEmpty() || f.startsWith("<")) continue;
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(f);
        }
        return sb.toString();
    }

    /**
     * The API recorded in a store as of a view (symbols, types, and the nodes still present), or
     * null when the view has no nodes.
     */
    public static ApiDiff.Api stored(StateView v) {
        int nodes = v.rowCount("nodes");
        if (nodes == 0) return null;
        Builder b = new Builder();
        java.util.List<Fact> facts = ApiDiff.recordedTypesAndSymbols(v);
        b.add(facts);
        StoredNodes ids = StoredNodes.of(v);
        ColumnSlice present = v.column("nodes", "present");
        ColumnSlice kind = v.column("nodes", "kind");
        ColumnSlice symbol = v.column("nodes", "symbol");
        for (int r = 0; r < nodes; r++) {
            if (!present.getBool(r)) continue;
            b.nodes.put(ids.id(r), new String[] {kind.getSymbol(r), symbol.getSymbol(r)});
        }
        return b.build();
    }
}
