package io.mmsb.recorder;

import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.hooks.Fact;
import io.mmsb.hooks.InvalidationFact;
import io.mmsb.hooks.IrNode;
import io.mmsb.hooks.Provenance;
import io.mmsb.hooks.SymbolFact;
import io.mmsb.hooks.TypeFact;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * API-change invalidation, as incremental compilers do (sbt's Zinc, Gradle): a pure function over
 * the ATTRIBUTION facts of an earlier and the current compilation.
 *
 * <p>The API of a compilation is every type and member <em>declared</em> in it (a declaration
 * node carries its symbol) whose modifiers contain {@code public} or {@code protected}; its
 * signature is kind, modifiers and type descriptor (for a type: its supertypes too; for a static final
 * field of a primitive or String type, a digest of its initializer code, as javac inlines constants). An entity is
 * changed when its API signature was added, removed or altered, among the units compiled now.
 * Dependents are the named classes whose nodes resolve to a symbol: a class is invalidated when
 * it uses the changed entity; for a member, also any member of the same owner with the same name
 * (an added overload can change resolution, Zinc's name hashing); for a type, also any of its
 * members. A dependent in the changed entity's own unit is not reported (it is recompiled).
 *
 * <p>Thread rules: stateless and pure; the result is sorted (invalidated, cause).
 */
public final class ApiDiff {
    private ApiDiff() {}

    /**
     * The API of one compilation and who uses what. {@code signatures}: the public and protected
     * entities; {@code declarations}: the signature of every declared type and member whatever its
     * access (a private nested class binds its nestmates as much as a public one binds its users);
     * {@code constantReads}: for each constant-capable static final field, the symbols its
     * initializer reads (a constant folded from another changes with it).
     */
    public record Api(Map<String, String> signatures, Map<String, String> declaringUnit,
                      Map<String, Set<String>> uses, Map<String, String> dependentUnit,
                      Map<String, String> declarations, Map<String, Set<String>> constantReads) {
        /** An API without declarations beyond {@code signatures} and without constant reads. */
        public Api(Map<String, String> signatures, Map<String, String> declaringUnit, Map<String, Set<String>> uses,
                   Map<String, String> dependentUnit) {
            this(signatures, declaringUnit, uses, dependentUnit, signatures, Map.of());
        }
    }

    private static final Set<String> DECLARATIONS = Set.of("CLASS", "INTERFACE", "ENUM", "RECORD",
            "ANNOTATION_TYPE", "METHOD", "VARIABLE");

    /** Extracts the API and the uses from a compilation's facts (other facts are ignored). */
    public static Api api(Collection<? extends Fact> facts) {
        Builder b = new Builder();
        b.add(facts);
        return b.build();
    }

    /**
     * Builds the API of a compilation one batch of facts at a time (one top-level class's
     * ATTRIBUTION facts), keeping only the symbols, types and the API itself, never the nodes: a
     * declaration, its constant initializer and a class's uses all lie in one batch. Types and
     * symbols reported by earlier batches stay known. Thread rules: one thread at a time.
     */
    public static final class Builder {
        private final Map<String, String> types = new HashMap<>();
        private final Map<String, SymbolFact> symbols = new HashMap<>();
        private final Map<String, String> signatures = new TreeMap<>();
        private final Map<String, String> declaringUnit = new TreeMap<>();
        // hashed while facts are added (a lookup per node), sorted once in build()
        private final Map<String, Set<String>> uses = new HashMap<>();
        private final Map<String, String> dependentUnit = new HashMap<>();
        private final Map<String, String> declarations = new TreeMap<>();
        private final Map<String, Set<String>> constantReads = new HashMap<>();

        /** Adds one batch of facts. */
        public void add(Collection<? extends Fact> facts) {
            for (Fact f : facts) {
                if (f instanceof TypeFact t) types.put(t.id(), t.descriptor());
                if (f instanceof SymbolFact s) symbols.put(s.id(), s);
            }
            Map<String, TreeMap<String, String>> constantCode = constantFieldCode(facts, symbols, types);
            Map<String, String> constantOf = constantCode.isEmpty() ? Map.of() : constants(facts, constantCode);
            // nodes of one member come together: its dependent and use set are looked up once per run;
            // declarations and constant reads are rare and kept out of this loop (small for the JIT)
            MemberKey key = new MemberKey();
            String lastMember = null;
            Set<String> lastUses = null;
            for (Fact f : facts) {
                if (!(f instanceof IrNode n) || n.symbolId().isEmpty()) continue;
                SymbolFact s = symbols.get(n.symbolId());
                if (s != null && n.id().path().isEmpty() && DECLARATIONS.contains(n.kind()) && !n.id().member().isEmpty()) {
                    declare(n, s, constantCode, key);
                    continue;
                }
                if (!constantOf.isEmpty()) readsConstant(n, constantOf, key);
                String member = n.id().member();
                if (!member.equals(lastMember)) {
                    lastMember = member;
                    lastUses = usesOf(member, n.unit());
                }
                if (lastUses != null) {
                    lastUses.add(n.symbolId());
                }
            }
        }

        /** {@code unit::member} of each static final constant field's declaration -> its symbol. */
        private static Map<String, String> constants(Collection<? extends Fact> facts, Map<String, TreeMap<String, String>> constantCode) {
            Map<String, String> constantOf = new HashMap<>(); // unit::member of a constant field -> its symbol
            MemberKey key = new MemberKey();
            for (Fact f : facts) {
                if (f instanceof IrNode n && n.id().path().isEmpty() && !n.symbolId().isEmpty()
                        && constantCode.containsKey(key.of(n))) {
                    constantOf.put(key.of(n), n.symbolId());
                }
            }
            return constantOf;
        }

        /** Records a declaration's signature (a constant's code hashed in). */
        private void declare(IrNode n, SymbolFact s, Map<String, TreeMap<String, String>> constantCode, MemberKey key) {
            declaringUnit.put(s.id(), n.unit());
            TreeMap<String, String> code = constantCode.isEmpty() ? null : constantCode.get(key.of(n));
            String signature = s.kind() + " " + s.modifiers() + " " + types.getOrDefault(s.typeId(), s.typeId())
                    + (code == null ? "" : " = " + Provenance.sha256Hex(code.toString()
                            .getBytes(StandardCharsets.UTF_8)).substring(0, 16));
            declarations.put(s.id(), signature);
            if (isApi(s)) signatures.put(s.id(), signature);
        }

        /** A node inside a constant field's initializer: the symbols it reads are the constant's. */
        private void readsConstant(IrNode n, Map<String, String> constantOf, MemberKey key) {
            String constant = constantOf.get(key.of(n));
            if (constant != null && !n.id().path().isEmpty()) {
                constantReads.computeIfAbsent(constant, c -> new HashSet<>()).add(n.symbolId());
            }
        }

        /** The use set of the class of {@code member} ("Owner#..."), or null for nodes outside a class's members. */
        private Set<String> usesOf(String member, String unit) {
            int hash = member.indexOf('#');
            if (hash <= 0) return null; // a class's own nodes have member "Owner#", its members "Owner#name..."
            String dependent = member.substring(0, hash);
            dependentUnit.put(dependent, unit);
            return uses.computeIfAbsent(dependent, d -> new HashSet<>());
        }

        /** The API of everything added. */
        public Api build() {
            return new Api(new TreeMap<>(signatures), new TreeMap<>(declaringUnit), sorted(uses), new TreeMap<>(dependentUnit),
                    new TreeMap<>(declarations), sorted(constantReads));
        }

        private static Map<String, Set<String>> sorted(Map<String, Set<String>> sets) {
            Map<String, Set<String>> out = new TreeMap<>();
            sets.forEach((k, v) -> out.put(k, new TreeSet<>(v)));
            return out;
        }
    }

    private static final Set<String> CONSTANT_TYPES = Set.of("boolean", "byte", "short", "char", "int", "long", "float",
            "double", "java.lang.String");

    /**
     * The code (path -> kind and detail, sorted by path) of every static final field of a type a
     * compile-time constant can have: javac inlines such a constant into the code that reads it,
     * so its value is API. The code stands in for the value (the facts do not carry javac's
     * constant folding): a changed initializer changes the signature.
     */
    private static Map<String, TreeMap<String, String>> constantFieldCode(Collection<? extends Fact> facts,
                                                                          Map<String, SymbolFact> symbols, Map<String, String> types) {
        Map<String, TreeMap<String, String>> out = new HashMap<>();
        MemberKey key = new MemberKey();
        for (Fact f : facts) {
            if (f instanceof IrNode n && n.id().path().isEmpty() && n.kind().equals("VARIABLE") && !n.symbolId().isEmpty()) {
                SymbolFact s = symbols.get(n.symbolId());
                String m = s == null ? "" : " " + s.modifiers() + " ";
                if (m.contains(" static ") && m.contains(" final ") && CONSTANT_TYPES.contains(types.getOrDefault(s.typeId(), ""))) {
                    out.put(key.of(n), new TreeMap<>());
                }
            }
        }
        if (out.isEmpty()) return out;
        for (Fact f : facts) {
            if (f instanceof IrNode n && !n.id().path().isEmpty()) {
                TreeMap<String, String> code = out.get(key.of(n));
                if (code != null) code.put(n.id().path(), n.kind() + ":" + n.detail());
            }
        }
        return out;
    }

    /**
     * {@code unit::member} of a node, built once per run of nodes of one member (a batch holds a
     * member's nodes together), not once per node. One thread.
     */
    private static final class MemberKey {
        private String unit;
        private String member;
        private String key;

        String of(IrNode n) {
            String u = n.unit();
            String m = n.id().member();
            if (!u.equals(unit) || !m.equals(member)) {
                unit = u;
                member = m;
                key = u + "::" + m;
            }
            return key;
        }
    }

    private static boolean isApi(SymbolFact s) {
        String m = " " + s.modifiers() + " ";
        return m.contains(" public ") || m.contains(" protected ");
    }

    /** Invalidations caused by API changes from {@code before} to {@code after}. */
    public static List<InvalidationFact> invalidations(Collection<? extends Fact> before, Collection<? extends Fact> after) {
        return invalidations(api(before), api(after));
    }

    /**
     * The API entities that changed from {@code before} to {@code after}, among the units compiled
     * in {@code after}, sorted, each with {@code API_ADDED}, {@code API_REMOVED} or {@code API_CHANGED}.
     */
    public static Map<String, String> changes(Api before, Api after) {
        Set<String> compiledUnits = new TreeSet<>(after.declaringUnit().values());
        Map<String, String> changes = new TreeMap<>();
        Set<String> entities = new TreeSet<>(after.signatures().keySet());
        for (String e : before.signatures().keySet()) {
            if (compiledUnits.contains(before.declaringUnit().get(e))) entities.add(e);
        }
        for (String e : entities) {
            String was = before.signatures().get(e);
            String now = after.signatures().get(e);
            if (Objects.equals(was, now)) continue;
            changes.put(e, was == null ? "API_ADDED" : now == null ? "API_REMOVED" : "API_CHANGED");
        }
        return changes;
    }

    /**
     * The API recorded in a store as of a view (attributed nodes still present, symbols, types),
     * or null when the view has no nodes: what a new process compares a compilation with.
     */
    public static Api recorded(StateView view) {
        return StoredApi.of(view);
    }

    /**
     * The type facts, then the symbol facts, recorded in a view's types and symbols tables (a
     * mutable list): what a host's own stored-API reader starts from.
     */
    public static List<Fact> recordedTypesAndSymbols(StateView view) {
        return StoredApi.typesAndSymbols(view);
    }

    /** {@link #recorded(StateView)} of the store's latest state. */
    public static Api recorded(Store store) {
        return StoredApi.of(store);
    }

    /** Invalidations caused by API changes from {@code before} to {@code after}. */
    public static List<InvalidationFact> invalidations(Api before, Api after) {
        Map<String, String> changes = changes(before, after);
        // current uses of recompiled units replace their earlier ones
        Api merged = merge(before, after);
        Map<String, Set<String>> uses = merged.uses();
        Map<String, String> dependentUnit = merged.dependentUnit();
        List<InvalidationFact> out = new ArrayList<>();
        for (Map.Entry<String, String> change : changes.entrySet()) {
            String entity = change.getKey();
            String unit = after.declaringUnit().getOrDefault(entity, before.declaringUnit().get(entity));
            String nameKey = nameKey(entity);
            for (Map.Entry<String, Set<String>> use : uses.entrySet()) {
                if (Objects.equals(dependentUnit.get(use.getKey()), unit)) continue;
                for (String used : use.getValue()) {
                    if (used.equals(entity) || used.startsWith(entity + "#") || nameKey(used).equals(nameKey)) {
                        out.add(new InvalidationFact(entity, use.getKey(), change.getValue() + " " + entity));
                        break;
                    }
                }
            }
        }
        out.sort(Comparator.comparing(InvalidationFact::invalidated).thenComparing(InvalidationFact::cause));
        return out;
    }

    /**
     * The API after {@code now} was compiled on top of {@code earlier}: everything of the units
     * compiled now comes from {@code now}, everything of the other units from {@code earlier}.
     */
    public static Api merge(Api earlier, Api now) {
        Set<String> compiled = new TreeSet<>(now.declaringUnit().values());
        compiled.addAll(now.dependentUnit().values());
        Map<String, String> signatures = new TreeMap<>();
        Map<String, String> declaringUnit = new TreeMap<>();
        Map<String, String> declarations = new TreeMap<>();
        Map<String, Set<String>> constantReads = new TreeMap<>();
        earlier.declaringUnit().forEach((e, u) -> {
            if (compiled.contains(u)) return;
            declaringUnit.put(e, u);
            if (earlier.signatures().containsKey(e)) signatures.put(e, earlier.signatures().get(e));
            if (earlier.declarations().containsKey(e)) declarations.put(e, earlier.declarations().get(e));
            if (earlier.constantReads().containsKey(e)) constantReads.put(e, earlier.constantReads().get(e));
        });
        signatures.putAll(now.signatures());
        declaringUnit.putAll(now.declaringUnit());
        declarations.putAll(now.declarations());
        constantReads.putAll(now.constantReads());
        Map<String, Set<String>> uses = new TreeMap<>();
        Map<String, String> dependentUnit = new TreeMap<>();
        earlier.dependentUnit().forEach((d, u) -> {
            if (compiled.contains(u)) return;
            dependentUnit.put(d, u);
            uses.put(d, earlier.uses().get(d));
        });
        uses.putAll(now.uses());
        dependentUnit.putAll(now.dependentUnit());
        return new Api(signatures, declaringUnit, uses, dependentUnit, declarations, constantReads);
    }

    /**
     * The declared entities (any access) whose signature was added, removed or altered from
     * {@code before} to {@code after}, among the units compiled in {@code after}: what can change
     * how other classes compile, nestmates and the same package included. Same form as {@link #changes}.
     */
    public static Map<String, String> declarationChanges(Api before, Api after) {
        Set<String> compiledUnits = new TreeSet<>(after.declaringUnit().values());
        Map<String, String> changes = new TreeMap<>();
        Set<String> entities = new TreeSet<>(after.declarations().keySet());
        for (String e : before.declarations().keySet()) {
            if (compiledUnits.contains(before.declaringUnit().get(e))) entities.add(e);
        }
        for (String e : entities) {
            String was = before.declarations().get(e);
            String now = after.declarations().get(e);
            if (Objects.equals(was, now)) continue;
            changes.put(e, was == null ? "API_ADDED" : now == null ? "API_REMOVED" : "API_CHANGED");
        }
        return changes;
    }

    /** {@code Owner#name} of a member id (parameters dropped); a type id stays as it is. */
    public static String nameKey(String id) {
        int paren = id.indexOf('(');
        return paren < 0 ? id : id.substring(0, paren);
    }
}
