package io.mmsb.impact;

import io.mmsb.delta.Change;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.QueryException;
import io.mmsb.hooks.NodeId;
import io.mmsb.recorder.StoredNodes;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.impact.internal.Baselines;
import io.mmsb.impact.internal.CallSites;
import io.mmsb.impact.internal.Rebinding;
import io.mmsb.impact.internal.TypeOracle;
import io.mmsb.recorder.ApiDiff;
import io.mmsb.propagation.CausePropagation;
import io.mmsb.propagation.DependencyGraph;
import io.mmsb.propagation.KernelPath;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Invalidation impact checked against ground truth, for two compilations of the same code base
 * recorded in one store: the library call is {@link #evaluate}, which returns a {@link Report}
 * (what {@code mmsb impact} prints: the CLI only formats it). Thread rules: stateless; {@link #evaluate} reads the store (any thread) and
 * frees what it allocates before it returns.
 * Granularity: named classes (top-level and nested, by binary name), as javac and incremental
 * compilers see them.
 *
 * <p><b>Prediction</b> uses only the earlier compilation: its recorded declarations (signatures of
 * every type and member, whatever its access) and its uses (which class's nodes resolve to which
 * symbol) form a dependency graph with two kinds of nodes, classes and name keys ({@code Owner} for
 * a type, {@code Owner#name} for a member, so that every overload shares one key). Edges, in the
 * direction a change travels:
 * <ul>
 *   <li>key of a used symbol → class that uses it (weight 1: one "use hop"), for uses across classes;</li>
 *   <li>type key → key of each of its used members (weight 0: a type's change reaches users of its members);</li>
 *   <li>key of a constant → key of a constant whose initializer reads it (weight 0: javac folds it);</li>
 *   <li>class → keys of what it declares (weight 0: a class that must be recompiled may change its own API).</li>
 * </ul>
 * The seeds are the keys of the declarations whose signature was added, removed or changed
 * ({@link ApiDiff#declarationChanges}); a change of access or of non-binding modifiers only
 * ({@link #bindingRelevant}: a binding modifier never is) seeds only where an overload or a hidden
 * name can take over; an added, removed or re-scoped member also seeds its name across the type
 * hierarchy and the subtypes that would capture the name ({@link Graph#seeds}). A method or
 * constructor that was added, removed or whose access changed seeds instead the classes with a call
 * site that may bind differently, by the receiver's static type, the argument types and the access
 * at the site ({@code internal.Rebinding} over {@code internal.CallSites}). Each seeded change
 * is one cause; one propagation of wide cause sets ({@link CausePropagation}) gives every class
 * the causes that reach it and each one's distance in use hops. Hop 1 is what an incremental
 * compiler invalidates; larger hops assume every recompiled dependent changed its API too. The
 * {@link Baselines} are computed from the same facts.
 *
 * <p><b>Ground truth</b> is what MMSB recorded in both compilations. A class's <em>code</em> is its
 * syntax-tree facts (node keys, kinds, structure, and the names and literals in {@code detail}):
 * they differ exactly when its code differs, not when only comments or layout do (spans are
 * ignored). Among the classes present in both compilations whose code is identical, the affected
 * ones are those with at least one other fact that differs: an attributed node's type or resolved
 * symbol, or a bytecode node (kind, detail, operands, appeared or disappeared). Classes whose code
 * changed are recompiled anyway and take part in neither set.
 */
public final class Impact {
    private Impact() {}

    /** Tree-node columns that are code (what the source says). */
    public static final List<String> CODE_COLUMNS = List.of("kind", "parent", "operands", "detail", "present");
    /** Tree-node columns that are attribution (what the compiler inferred). */
    public static final List<String> ATTRIBUTED_COLUMNS = List.of("type", "symbol");
    /** Bytecode-node columns. */
    public static final List<String> BYTECODE_COLUMNS = List.of("kind", "parent", "operands", "detail", "present");

    /** One class whose facts differ: the first differing nodes (key and what differs), and how many there are. */
    public record Difference(String cls, int rows, List<String> examples) {}

    /**
     * A class predicted at some distance: every declaration change that reaches it, with the
     * least hops it takes (sorted by hops, then entity), and the first of them as
     * {@code "API_CHANGED p.A#m()"}.
     */
    public record Prediction(String cls, long hops, String cause, Map<String, Integer> causes) {}

    public record Report(String from, String to, long fromEpoch, long toEpoch, int classesBefore, int classesAfter, Set<String> codeChanged,
                  Set<String> unchanged, Map<String, String> apiChanges, int graphNodes, int graphEdges, String kernels,
                  Map<String, Prediction> predicted, Map<String, Difference> actual, Set<String> recordedInvalidated,
                  ApiDiff.Api before, ApiDiff.Api after, Set<String> nameHashing, Set<String> classDependents) {

        /** Classes predicted within {@code hops} use hops (all distances: {@code Long.MAX_VALUE}). */
        public Set<String> predictedWithin(long hops) {
            Set<String> out = new TreeSet<>();
            predicted.forEach((c, p) -> {
                if (p.hops() <= hops) {
                    out.add(c);
                }
            });
            return out;
        }

        /** {true positives, predicted, actual} for a hop limit. */
        public int[] confusion(long hops) {
            return confusion(predictedWithin(hops));
        }

        public int[] confusion(Set<String> p) {
            int tp = 0;
            for (String c : p) {
                if (actual.containsKey(c)) {
                    tp++;
                }
            }
            return new int[] {tp, p.size(), actual.size()};
        }
    }

    /**
     * The named class a node key belongs to ({@code unit::Owner#member::path} gives Owner; the
     * bytecode of an anonymous or local class {@code Owner$1...} belongs to Owner, whose code it
     * is part of), or null for unit-level nodes.
     */
    public static String classOf(String key) {
        NodeId id = NodeId.tryParse(key);
        int hash = id == null ? -1 : id.member().indexOf('#');
        if (hash < 0) {
            return null;
        }
        String cls = id.member().substring(0, hash);
        for (int d = cls.indexOf('$'); d >= 0 && d + 1 < cls.length(); d = cls.indexOf('$', d + 1)) {
            if (Character.isDigit(cls.charAt(d + 1))) {
                return cls.substring(0, d);
            }
        }
        return cls;
    }

    /** The class that declares a symbol id ({@code Owner#member} gives Owner, a type id is its own class). */
    public static String declaringClass(String symbol) {
        int hash = symbol.indexOf('#');
        return hash < 0 ? symbol : symbol.substring(0, hash);
    }

    /** Compares the compilation that ended at epoch {@code e1} with the one that ended at {@code e2}. */
    public static Report evaluate(Store s, BufferAllocator allocator, String from, long e1, String to, long e2) {
        StateView a = s.stateAt(e1);
        StateView b = s.stateAt(e2);
        Set<String> classesA = classes(a);
        Set<String> classesB = classes(b);

        // ground truth: code-identical classes whose other facts differ
        Set<String> codeChanged = new TreeSet<>();
        Map<String, Difference> differs = factDifferences(s, a, b, codeChanged);
        for (String c : classesA) {
            if (!classesB.contains(c)) {
                codeChanged.add(c); // removed
            }
        }
        Set<String> unchanged = new TreeSet<>(classesB);
        unchanged.retainAll(classesA);
        unchanged.removeAll(codeChanged);
        Map<String, Difference> actual = new TreeMap<>();
        differs.forEach((c, d) -> {
            if (unchanged.contains(c)) {
                actual.put(c, d);
            }
        });

        // prediction: the API changes propagated over the earlier compilation's dependencies
        ApiDiff.Api apiA = ApiDiff.recorded(a);
        ApiDiff.Api apiB = ApiDiff.recorded(b);
        if (apiA == null || apiB == null) {
            throw new QueryException("compilation '" + (apiA == null ? from : to) + "' recorded no attributed nodes");
        }
        Map<String, String> apiChanges = ApiDiff.declarationChanges(apiA, apiB);
        Map<String, Set<String>> supertypes = supertypes(a);
        Graph graph = Graph.of(apiA, classesA);
        Map<String, String> seeded = new TreeMap<>();
        Map<String, Set<Integer>> seedsOf = new LinkedHashMap<>();
        Set<String> libraryTypes = new TreeSet<>(classesA);
        libraryTypes.addAll(classesB);
        for (ApiDiff.Api api : List.of(apiA, apiB)) {
            for (String e : api.declarations().keySet()) {
                if (e.indexOf('#') < 0) {
                    libraryTypes.add(e);
                }
            }
        }
        TypeOracle types = new TypeOracle(libraryTypes, supertypes, List.of(apiA.declarations(), apiB.declarations()));
        graph.seeds(apiChanges, apiA, apiB, supertypes, CallSites.of(a, Impact::classOf), new Rebinding(types), seeded, seedsOf);
        // one cause per seeded change: its seed nodes
        List<String> causeNames = new ArrayList<>(seedsOf.keySet());
        int pairs = seedsOf.values().stream().mapToInt(Set::size).sum();
        int[] seedNodes = new int[pairs];
        int[] seedCauses = new int[pairs];
        int k = 0;
        for (int c = 0; c < causeNames.size(); c++) {
            for (int node : seedsOf.get(causeNames.get(c))) {
                seedNodes[k] = node;
                seedCauses[k++] = c;
            }
        }
        Map<String, Prediction> predicted = new TreeMap<>();
        String kernels;
        try (DependencyGraph g = DependencyGraph.fromEdges(allocator, graph.nodes(), graph.edges.from(), graph.edges.to(),
                graph.edges.weights());
             CausePropagation p = CausePropagation.run(g, allocator, causeNames.size(), seedNodes, seedCauses, KernelPath.AUTO)) {
            kernels = p.kernels();
            for (int id = 0; id < graph.classNames.size(); id++) {
                String c = graph.className(id);
                if (!unchanged.contains(c) || !p.reached(id)) {
                    continue;
                }
                List<Map.Entry<String, Integer>> list = new ArrayList<>();
                for (int cause : p.causesOf(id)) {
                    list.add(Map.entry(causeNames.get(cause), p.hops(id, cause)));
                }
                list.sort(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
                Map<String, Integer> causes = new LinkedHashMap<>();
                list.forEach(e -> causes.put(e.getKey(), e.getValue()));
                String first = list.getFirst().getKey();
                predicted.put(c, new Prediction(c, list.getFirst().getValue(), seeded.get(first) + " " + first, causes));
            }
        }
        return new Report(from, to, e1, e2, classesA.size(), classesB.size(), codeChanged, unchanged, apiChanges, graph.nodes(),
            graph.edges.size(), kernels, predicted, actual, recordedInvalidated(b, to, unchanged), apiA, apiB,
            Baselines.nameHashing(apiA, apiB, apiChanges, supertypes, unchanged),
            Baselines.classDependents(apiA, apiB, apiChanges, supertypes, unchanged));
    }

    /**
     * The dependency graph of one compilation: node ids {@code 0 .. classes-1} are its classes,
     * the rest name keys. Built once, on heap; {@link DependencyGraph} holds it off heap.
     */
    private static final class Graph {
        final List<String> classNames;
        final Map<String, Integer> ids = new HashMap<>();
        final IntEdges edges = new IntEdges();

        private Graph(Set<String> classes) {
            this.classNames = new ArrayList<>(classes);
            for (String c : classNames) {
                ids.put("C:" + c, ids.size());
            }
        }

        static Graph of(ApiDiff.Api api, Set<String> classes) {
            Graph g = new Graph(classes);
            Set<String> typeToMember = new HashSet<>();
            for (Map.Entry<String, Set<String>> use : api.uses().entrySet()) {
                Integer user = g.ids.get("C:" + use.getKey());
                if (user == null) {
                    continue;
                }
                for (String used : use.getValue()) {
                    String owner = declaringClass(used);
                    if (!classes.contains(owner) || owner.equals(use.getKey())) {
                        continue; // a JDK symbol, a local, or the class's own member (implicit members count: default constructors, values())
                    }
                    String key = ApiDiff.nameKey(used);
                    int k = g.key(key);
                    g.edges.add(k, user, 1);
                    int hash = key.indexOf('#');
                    if (hash > 0 && typeToMember.add(key)) {
                        g.edges.add(g.key(key.substring(0, hash)), k, 0);
                    }
                }
            }
            for (String e : api.declarations().keySet()) {
                Integer cls = g.ids.get("C:" + declaringClass(e));
                Integer k = g.ids.get("K:" + ApiDiff.nameKey(e));
                if (cls != null && k != null) {
                    g.edges.add(cls, k, 0);
                }
            }
            // a constant folded from another constant changes with it, in the same hop (javac folds it at compile time)
            api.constantReads().forEach((constant, reads) -> {
                for (String read : reads) {
                    if (!read.equals(constant) && classes.contains(declaringClass(read)) && read.indexOf('#') > 0) {
                        g.edges.add(g.key(ApiDiff.nameKey(read)), g.key(ApiDiff.nameKey(constant)), 0);
                    }
                }
            });
            return g;
        }

        int nodes() {
            return ids.size();
        }

        /** The class of node {@code id}, or null for a name key. */
        String className(int id) {
            return id < classNames.size() ? classNames.get(id) : null;
        }

        private int key(String key) {
            Integer k = ids.get("K:" + key);
            if (k == null) {
                k = ids.size();
                ids.put("K:" + key, k);
            }
            return k;
        }

        /**
         * The seed nodes of the declaration changes that can change how other classes compile; puts
         * those changes in {@code seeded}. Besides the changed entity's own name key: for a member
         * added, removed, or whose access changed, the same name on every supertype and subtype
         * (an override or a new overload captures calls recorded against another class of the
         * hierarchy), and the classes that inherit the name into scope (subtypes and the classes
         * nested in them) and use the same simple name for something else (a member from an
         * enclosing scope or another type is shadowed): each gets a seed of its own, one hop away.
         */
        void seeds(Map<String, String> changes, ApiDiff.Api before, ApiDiff.Api after, Map<String, Set<String>> supertypes,
                   CallSites sites, Rebinding rebinding, Map<String, String> seeded, Map<String, Set<Integer>> seedsOf) {
            Map<String, Set<String>> subtypes = invert(supertypes);
            Map<String, Set<String>> simpleNamesUsed = simpleNamesUsed(before);
            Map<String, Set<String>> membersByName = membersBySimpleName(before, after);
            for (String e : changes.keySet()) {
                Set<Integer> seeds = new LinkedHashSet<>();
                boolean wasDeclared = before.declaringUnit().containsKey(e);
                boolean isDeclared = after.declaringUnit().containsKey(e);
                String was = before.declarations().get(e);
                String now = after.declarations().get(e);
                String key = ApiDiff.nameKey(e);
                int hash = key.indexOf('#');
                String owner = hash > 0 ? key.substring(0, hash) : null;
                String simple = simpleName(e);
                Set<String> hierarchy = new TreeSet<>();
                if (owner != null) {
                    hierarchy.addAll(closure(supertypes, owner));
                    hierarchy.addAll(closure(subtypes, owner));
                    hierarchy.add(owner);
                }
                boolean appears = !wasDeclared || !isDeclared || was == null || now == null || accessChanged(was, now);
                boolean ownKey = wasDeclared && isDeclared && was != null && now != null && accessOnly(was, now)
                    ? !uniqueInHierarchy(e, simple, hierarchy, membersByName) // an access change rebinds only where an overload or a hidden name can take over
                    : true;
                boolean constructor = owner != null && key.endsWith("#<init>");
                boolean method = owner != null && e.indexOf('(') > hash && !constructor;
                if ((method || constructor) && (was == null || now == null || accessOnly(was, now))) {
                    // added, removed or access changed: the call sites (of any class) that may now bind differently, by
                    // receiver type, argument types and access, instead of every use of the name across the hierarchy
                    seeded.put(e, changes.get(e));
                    int node = key("sites:" + e);
                    seeds.add(node);
                    Set<Integer> reached = new HashSet<>();
                    for (CallSites.Site site : method ? sites.named(simple) : sites.constructorsOf(owner)) {
                        Integer cls = ids.get("C:" + site.cls());
                        if (cls != null && !reached.contains(cls)
                                && (method ? rebinding.mayRebind(site, e, was, now) : rebinding.mayRebindConstructor(site, e, was, now))) {
                            reached.add(cls);
                            edges.add(node, cls, 1);
                        }
                    }
                    ownKey = false;
                    appears = false;
                } else if (!ownKey && !appears) {
                    continue;
                } else {
                    seeded.put(e, changes.get(e));
                }
                if (ownKey) {
                    addSeed(seeds, key);
                }
                if (owner != null && appears && !key.endsWith("#<init>")) { // constructors are neither inherited nor overloaded across classes
                    // an added, removed, widened or narrowed member re-binds calls recorded against the same name elsewhere in
                    // the hierarchy (javac records the class that declares the member it chose)
                    for (String other : hierarchy) {
                        if (!other.equals(owner)) {
                            addSeed(seeds, other + key.substring(hash));
                        }
                    }
                }
                String scopeOwner = owner != null ? owner : e.contains("$") ? e.substring(0, e.lastIndexOf('$')) : null;
                if (scopeOwner != null && appears && !key.endsWith("#<init>")) {
                    // the name now (or no longer) comes into the scope of every subtype and the classes nested in them
                    Set<String> inheritors = closure(subtypes, scopeOwner);
                    int capture = -1;
                    for (Map.Entry<String, Set<String>> u : simpleNamesUsed.entrySet()) {
                        String user = u.getKey();
                        if (!u.getValue().contains(simple) || !inScopeOf(user, inheritors)) {
                            continue;
                        }
                        Integer cls = ids.get("C:" + user);
                        if (cls == null) {
                            continue;
                        }
                        if (capture < 0) {
                            capture = key("capture:" + e);
                            seeds.add(capture);
                        }
                        edges.add(capture, cls, 1);
                    }
                }
                if (!seeds.isEmpty()) {
                    seedsOf.put(e, seeds);
                }
            }
        }

        private void addSeed(Set<Integer> seeds, String key) {
            Integer k = ids.get("K:" + key);
            if (k != null) {
                seeds.add(k);
            }
        }
    }

    /**
     * Access modifiers. A change among them alone is an access change: it seeds the entity's own
     * key only where an overload or a hidden member can take over, and, when it changes which
     * subtypes inherit the entity ({@link #accessChanged}: {@code private} members are not
     * inherited), the hierarchy and scope seeds of an added or removed member.
     */
    private static final Set<String> ACCESS = Set.of("public", "protected", "private");
    /** Modifiers of a method or constructor that do not change how a use of it compiles. */
    private static final Set<String> NOT_BINDING_METHOD = Set.of("final", "abstract", "synchronized", "native", "strictfp", "default");
    /** Modifiers of a field that do not change how a use of it compiles ({@code final} does: constants are inlined). */
    private static final Set<String> NOT_BINDING_FIELD = Set.of("transient", "volatile");
    /** Modifiers of a type that do not change how a use of it compiles ({@code static} does: a nested class's constructor). */
    private static final Set<String> NOT_BINDING_TYPE = Set.of("final", "abstract", "sealed", "non-sealed", "strictfp");

    /**
     * Whether a change of signature can change what code using the entity compiles to. It cannot
     * only when the two signatures differ in access ({@code public}, {@code protected},
     * {@code private}) and in modifiers
     * proven not to bind for the entity's kind: {@code synchronized}, {@code native},
     * {@code strictfp}, {@code final}, {@code abstract}, {@code default} on a method;
     * {@code transient}, {@code volatile} on a field; {@code final}, {@code abstract},
     * {@code sealed}, {@code non-sealed} on a type. A binding modifier is never one of them:
     * {@code static} (the invoke and field opcodes, a nested class's outer instance), {@code final}
     * on a field (a constant is inlined or read at run time).
     */
    public static boolean bindingRelevant(String was, String now) {
        if (was == null || now == null) {
            return true;
        }
        return !binding(was).equals(binding(now));
    }

    /** Whether the signatures differ only in modifiers that do not bind (access among them): see {@link #bindingRelevant}. */
    static boolean accessOnly(String was, String now) {
        return !bindingRelevant(was, now);
    }

    /**
     * Whether the access change alters which subtypes inherit the entity (private: none; package
     * access: those in the same package; protected and public: all), so that it enters or leaves
     * their scope like an added or removed member.
     */
    static boolean accessChanged(String was, String now) {
        return inheritance(was) != inheritance(now);
    }

    private static int inheritance(String signature) {
        List<String> t = tokens(signature);
        return t.contains("private") ? 0 : t.contains("public") || t.contains("protected") ? 2 : 1;
    }

    private static List<String> tokens(String signature) {
        return List.of(signature.split(" ", -1));
    }

    private static String binding(String signature) {
        String[] tokens = signature.split(" ", -1);
        String kind = tokens[0];
        Set<String> notBinding = switch (kind) {
            case "METHOD", "CONSTRUCTOR" -> NOT_BINDING_METHOD;
            case "FIELD", "ENUM_CONSTANT" -> NOT_BINDING_FIELD;
            case "CLASS", "INTERFACE", "ENUM", "RECORD", "ANNOTATION_TYPE" -> NOT_BINDING_TYPE;
            default -> Set.of();
        };
        StringBuilder sb = new StringBuilder();
        for (String token : tokens) {
            // a member without modifiers (package access) has an empty modifier list: "METHOD  ()int"
            if (!token.isEmpty() && !ACCESS.contains(token) && !notBinding.contains(token)) {
                sb.append(token).append(' ');
            }
        }
        return sb.toString();
    }

    /** The simple name of a symbol id: a member's name ({@code p.A#m(int)} gives m), a type's last part ({@code p.A$B} gives B). */
    public static String simpleName(String id) {
        int hash = id.indexOf('#');
        if (hash >= 0) {
            String k = ApiDiff.nameKey(id);
            return k.substring(hash + 1);
        }
        int cut = Math.max(id.lastIndexOf('.'), id.lastIndexOf('$'));
        return id.substring(cut + 1);
    }

    /** Whether no other declaration (before or after) in the hierarchy has the simple name of {@code entity}. */
    private static boolean uniqueInHierarchy(String entity, String simple, Set<String> hierarchy, Map<String, Set<String>> membersByName) {
        for (String other : membersByName.getOrDefault(simple, Set.of())) {
            if (!other.equals(entity) && hierarchy.contains(declaringClass(other))) {
                return false;
            }
        }
        return true;
    }

    /** Declared members of both compilations by simple name. */
    private static Map<String, Set<String>> membersBySimpleName(ApiDiff.Api before, ApiDiff.Api after) {
        Map<String, Set<String>> out = new HashMap<>();
        for (ApiDiff.Api api : List.of(before, after)) {
            for (String e : api.declarations().keySet()) {
                if (e.indexOf('#') > 0) {
                    out.computeIfAbsent(simpleName(e), n -> new TreeSet<>()).add(e);
                }
            }
        }
        return out;
    }

    /** For each class, the simple names of every symbol it uses (members and types). */
    private static Map<String, Set<String>> simpleNamesUsed(ApiDiff.Api api) {
        Map<String, Set<String>> out = new TreeMap<>();
        api.uses().forEach((cls, used) -> {
            Set<String> names = new HashSet<>();
            for (String u : used) {
                if (!u.startsWith("local:")) {
                    names.add(simpleName(u));
                }
            }
            out.put(cls, names);
        });
        return out;
    }

    /** Whether {@code user} is one of {@code classes} or nested in one of them. */
    private static boolean inScopeOf(String user, Set<String> classes) {
        for (String c = user; ; ) {
            if (classes.contains(c)) {
                return true;
            }
            int d = c.lastIndexOf('$');
            if (d < 0) {
                return false;
            }
            c = c.substring(0, d);
        }
    }

    /** The inverse of a relation. */
    private static Map<String, Set<String>> invert(Map<String, Set<String>> direct) {
        Map<String, Set<String>> out = new HashMap<>();
        direct.forEach((a, bs) -> bs.forEach(b -> out.computeIfAbsent(b, x -> new TreeSet<>()).add(a)));
        return out;
    }

    /** Every supertype of {@code cls} (transitively) that {@code direct} knows, {@code cls} excluded. */
    private static Set<String> closure(Map<String, Set<String>> direct, String cls) {
        Set<String> out = new TreeSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(direct.getOrDefault(cls, Set.of()));
        while (!todo.isEmpty()) {
            String t = todo.poll();
            if (!t.equals(cls) && out.add(t)) {
                todo.addAll(direct.getOrDefault(t, Set.of()));
            }
        }
        return out;
    }

    /**
     * Direct supertypes of every named class, from its declaration's facts: the children of the
     * class node ({@code unit::C#::KIND[k]}) that resolve to a type (its extends and implements
     * clauses; type parameters resolve to {@code C<T>} and are left out).
     */
    static Map<String, Set<String>> supertypes(StateView v) {
        Map<String, Set<String>> out = new HashMap<>();
        StoredNodes key = StoredNodes.of(v);
        ColumnSlice symbol = v.column("nodes", "symbol");
        ColumnSlice present = v.column("nodes", "present");
        for (int r = 0; r < v.rowCount("nodes"); r++) {
            String k = key.key(r);
            NodeId id = NodeId.tryParse(k);
            if (id == null || !id.member().endsWith("#") || id.path().isEmpty() || id.path().contains("/") || !present.getBool(r)) {
                continue; // not a direct child of a class declaration
            }
            String sym = symbol.getSymbol(r);
            if (sym.isEmpty() || sym.contains("#") || sym.contains("<") || sym.startsWith("local:")) {
                continue;
            }
            String cls = classOf(k);
            if (cls != null && !sym.equals(cls)) {
                out.computeIfAbsent(cls, c -> new TreeSet<>()).add(sym);
            }
        }
        return out;
    }

    /** The classes the later compilation's recorded invalidations name (the plugin's own one-hop answer), among {@code among}. */
    private static Set<String> recordedInvalidated(StateView v, String compilation, Set<String> among) {
        Set<String> out = new TreeSet<>();
        ColumnSlice comp = v.column("invalidations", "compilation");
        ColumnSlice inv = v.column("invalidations", "invalidated");
        for (int r = 0; r < v.rowCount("invalidations"); r++) {
            if (comp.getSymbol(r).equals(compilation) && among.contains(inv.getSymbol(r))) {
                out.add(inv.getSymbol(r));
            }
        }
        return out;
    }

    /** Named classes with at least one present syntax-tree node. */
    private static Set<String> classes(StateView v) {
        Set<String> out = new TreeSet<>();
        StoredNodes key = StoredNodes.of(v);
        ColumnSlice stage = v.column("nodes", "stage");
        ColumnSlice present = v.column("nodes", "present");
        for (int r = 0; r < v.rowCount("nodes"); r++) {
            if (present.getBool(r) && !stage.getSymbol(r).equals("LOWERING")) {
                String c = classOf(key.key(r));
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /**
     * Classes with a fact that differs between the views (attribution or bytecode); classes whose
     * code differs are added to {@code codeChanged}.
     */
    private static Map<String, Difference> factDifferences(Store s, StateView a, StateView b, Set<String> codeChanged) {
        Map<String, List<String>> examples = new TreeMap<>();
        Map<String, Integer> counts = new HashMap<>();
        int rowsA = a.rowCount("nodes");
        StoredNodes keyB = StoredNodes.of(b);
        ColumnSlice stageB = b.column("nodes", "stage");
        ColumnSlice stageA = a.column("nodes", "stage");
        ColumnSlice presentA = a.column("nodes", "present");
        ColumnSlice presentB = b.column("nodes", "present");
        for (Change c : s.diff(a.epoch(), b.epoch())) {
            if (!c.table().equals("nodes")) {
                continue;
            }
            for (int r = c.rowStart(); r < c.rowEnd(); r++) {
                String key = keyB.key(r);
                String cls = classOf(key);
                if (cls == null) {
                    continue;
                }
                boolean wasThere = r < rowsA && presentA.getBool(r);
                boolean lowering = (r < rowsA ? stageA : stageB).getSymbol(r).equals("LOWERING") || stageB.getSymbol(r).equals("LOWERING");
                String what;
                if (!wasThere && !presentB.getBool(r)) {
                    continue;
                }
                if (!lowering) {
                    if (!wasThere || !presentB.getBool(r) || !differing(a, b, r, CODE_COLUMNS).isEmpty()) {
                        codeChanged.add(cls);
                        continue;
                    }
                    what = differing(a, b, r, ATTRIBUTED_COLUMNS);
                } else {
                    what = !wasThere ? "new bytecode" : !presentB.getBool(r) ? "bytecode gone" : differing(a, b, r, BYTECODE_COLUMNS);
                }
                if (what.isEmpty()) {
                    continue;
                }
                counts.merge(cls, 1, Integer::sum);
                List<String> ex = examples.computeIfAbsent(cls, u -> new ArrayList<>());
                if (ex.size() < 3) {
                    NodeId id = NodeId.parse(key);
                    ex.add(id.member() + "::" + id.path() + " [" + what + "]");
                }
            }
        }
        Map<String, Difference> out = new TreeMap<>();
        examples.forEach((cls, ex) -> out.put(cls, new Difference(cls, counts.get(cls), ex)));
        return out;
    }

    /** "column: before -> after" for each column of node row {@code r} that differs, joined; "" if none. */
    private static String differing(StateView a, StateView b, int r, List<String> columns) {
        StringBuilder sb = new StringBuilder();
        for (String col : columns) {
            Object x = a.column("nodes", col).get(r);
            Object y = b.column("nodes", col).get(r);
            if (!Objects.deepEquals(x, y)) {
                sb.append(sb.isEmpty() ? "" : "; ").append(col).append(": ").append(show(x)).append(" -> ").append(show(y));
            }
        }
        return sb.toString();
    }

    /** A growable edge list. */
    private static final class IntEdges {
        private int[] from = new int[1024];
        private int[] to = new int[1024];
        private long[] w = new long[1024];
        private int n;

        void add(int f, int t, long weight) {
            if (n == from.length) {
                from = Arrays.copyOf(from, 2 * n);
                to = Arrays.copyOf(to, 2 * n);
                w = Arrays.copyOf(w, 2 * n);
            }
            from[n] = f;
            to[n] = t;
            w[n++] = weight;
        }

        int size() {
            return n;
        }

        int[] from() {
            return Arrays.copyOf(from, n);
        }

        int[] to() {
            return Arrays.copyOf(to, n);
        }

        long[] weights() {
            return Arrays.copyOf(w, n);
        }
    }

    /** A cell value for people. */
    private static String show(Object v) {
        return switch (v) {
            case int[] list -> Arrays.toString(list);
            case String str -> '"' + str + '"';
            case null -> "null";
            default -> v.toString();
        };
    }
}
