package io.mmsb.scalac.internal;

import dotty.tools.dotc.ast.Trees;
import dotty.tools.dotc.ast.untpd;
import dotty.tools.dotc.core.Constants;
import dotty.tools.dotc.core.Contexts;
import dotty.tools.dotc.core.Flags$;
import dotty.tools.dotc.core.Names;
import dotty.tools.dotc.core.SymDenotations;
import dotty.tools.dotc.core.Symbols;
import dotty.tools.dotc.core.Types;
import dotty.tools.dotc.util.SourceFile;
import dotty.tools.dotc.util.Spans;
import io.mmsb.hooks.IrNode;
import io.mmsb.hooks.NodeId;
import io.mmsb.hooks.Provenance;
import io.mmsb.hooks.Stage;
import io.mmsb.hooks.SymbolFact;
import io.mmsb.hooks.TypeFact;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Thread rules: one instance per unit observation, on scalac's thread. Ownership: reads the tree
 * it is given and keeps compiler objects (symbols, in identity maps) only until
 * {@link #extract} returns; what it returns holds strings and numbers only.
 *
 * <p>The facts of one unit's tree as a phase group left it: one {@link IrNode} per tree node (empty
 * trees skipped), in pre-order. Ids (docs/EXTRACTION-CONTRACT.md, "Scala 3"): {@code member} is the
 * enclosing member's key, built from names as written, never from symbols (the parser has none):
 * {@code pkg.Outer.Inner#} for class-level nodes (an object's key ends in {@code $}),
 * {@code pkg.Cls#name(a,b)(c)} for methods (term parameter names per clause; type parameter clauses
 * left out, as erasure removes them), {@code pkg.Cls#name} for vals and type members; a key met
 * again in the same unit gets {@code ~2}, {@code ~3}, ...; compiler-inserted definitions (no span or
 * a zero-extent one) {@code ~synthetic}, {@code ~synthetic2}, .... {@code path} is one
 * {@code KIND[k]} segment per level below the member's definition ({@code k} counts the earlier
 * siblings of the same kind), {@code synthetic.KIND[k]} (own counter) for inserted trees.
 */
final class TreeFacts {
    /** Kind of a node the phase group removed (handed over once, then nothing until it returns). */
    static final String ABSENT = "ABSENT";
    /** Kind of the per-unit phase marker. */
    static final String PHASE = "PHASE";
    /** Path of the per-unit phase marker (member ""). */
    static final String PHASE_PATH = "#phase";

    private static final Spans.Span$ SPAN = Spans.Span$.MODULE$;
    private static final Flags$ FLAGS = Flags$.MODULE$;

    private final String unit;
    private final String sha;
    private final SourceFile source;
    private final Stage stage;
    private final boolean typed;
    private final Contexts.Context ctx;
    private final TypeNames typeNames;
    private final Set<String> emittedSymbols;
    private final Set<String> emittedTypes;
    private final List<SymbolFact> newSymbols = new ArrayList<>();
    private final List<TypeFact> newTypes = new ArrayList<>();
    private final Map<String, Integer> memberRepeats = new HashMap<>();
    private final Map<Symbols.Symbol, NodeId> localDecls = new IdentityHashMap<>();
    private final WeakIdentityMap<Symbols.Symbol, String> symbolIds;
    private final WeakIdentityMap<Trees.Tree<?>, Subtree> subtrees;
    /** The facts in pre-order; a slot is null while its node's children are being walked. */
    private final List<IrNode> out = new ArrayList<>();
    /** Subtrees extracted now, registered in {@link #subtrees} once {@link #out} is complete. */
    private final List<Object[]> extracted = new ArrayList<>();
    private int reusedNodes;
    /** Whether the subtree being walked holds a node whose type is a singleton type. */
    private boolean singletons;
    private int period = Integer.MIN_VALUE;

    /**
     * @param symbolIds the compilation's symbol ids, by symbol object: a symbol keeps the id it had
     *                  at the first observation that met it
     * @param subtrees  the unit's subtrees extracted before, by tree object: a subtree met again at
     *                  the same place keeps its facts
     */
    TreeFacts(String unit, String sha, SourceFile source, Stage stage, boolean typed, Contexts.Context ctx,
              TypeNames typeNames, Set<String> emittedSymbols, Set<String> emittedTypes,
              WeakIdentityMap<Symbols.Symbol, String> symbolIds, WeakIdentityMap<Trees.Tree<?>, Subtree> subtrees) {
        this.unit = unit;
        this.sha = sha;
        this.source = source;
        this.stage = stage;
        this.typed = typed;
        this.ctx = ctx;
        this.typeNames = typeNames;
        this.emittedSymbols = emittedSymbols;
        this.emittedTypes = emittedTypes;
        this.symbolIds = symbolIds;
        this.subtrees = subtrees;
    }

    /**
     * The facts of a subtree as extracted at an earlier observation: its root's id and parent, and
     * its nodes, the range {@code [from, to)} of that observation's pre-order list.
     */
    record Subtree(NodeId id, NodeId parent, List<IrNode> nodes, int from, int to, int period) {}

    /** No stable period: the subtree's facts hold no singleton type (see {@link TypeNames}). */
    static final int ANY_PERIOD = -1;

    /** Subtrees below this size are extracted again rather than looked up. */
    private static final int MIN_REUSED = 3;

    /** Where a walk is: the key prefix for member definitions, and the current member key. */
    private record Scope(String classKey, String member) {}

    /** Symbols first met in the compilation by this observation. */
    List<SymbolFact> newSymbols() {
        return newSymbols;
    }

    /** Types first met in the compilation by this observation. */
    List<TypeFact> newTypes() {
        return newTypes;
    }

    /**
     * The facts of the tree, in pre-order. A subtree that is the same object as one extracted at an
     * earlier observation of the unit, at the same id under the same parent, and that holds no
     * class body and no node without a type or a span (see {@link #walk}), is not walked again:
     * such trees are immutable, so its facts are the ones extracted then (types and symbols keep their
     * descriptors and ids by object, see {@link TypeNames} and the symbol id cache).
     */
    List<IrNode> extract(Trees.Tree<?> root) {
        if (!root.isEmpty()) {
            walk(root, new NodeId(unit, "", segment(root, new HashMap<>())), NodeId.NONE, new Scope("", ""), null, false);
        }
        for (Object[] e : extracted) {
            int from = (Integer) e[3];
            subtrees.put((Trees.Tree<?>) e[0], new Subtree((NodeId) e[1], (NodeId) e[2], out, from, (Integer) e[4], (Integer) e[5]));
        }
        return out;
    }

    /** The compiler's current stable period: the phases over which no denotation changes. */
    private int period() {
        if (period == Integer.MIN_VALUE) period = dotty.tools.dotc.core.Periods$.MODULE$.currentStablePeriod(ctx);
        return period;
    }

    /** How many nodes came from earlier extractions rather than a walk. */
    int reusedNodes() {
        return reusedNodes;
    }

    /**
     * Walks {@code t} (or takes its facts from an earlier extraction); returns whether its subtree
     * may be taken again at a later observation: none of its nodes is a package or a class body
     * (their member keys depend on the rest of the unit), and every one has a type and a span
     * (scalac sets a missing type or span in place: {@code withType} on an untyped tree,
     * {@code withSpan} on a synthetic one, so such a tree can change without a copy). A subtree
     * that holds a singleton type (whose descriptor shows the phase's view of a symbol's info,
     * see {@link TypeNames}) is taken again only within the stable period it was extracted in.
     *
     * @param sc          where the walk is
     * @param ownClassKey the class key of {@code t} when it is a class definition that roots a member
     * @param inClassDef  whether {@code t} is a direct child of a class definition
     */
    private boolean walk(Trees.Tree<?> t, NodeId id, NodeId parent, Scope sc, String ownClassKey, boolean inClassDef) {
        Subtree before = subtrees.get(t);
        if (before != null && before.id.equals(id) && before.parent.equals(parent)
                && (before.period == ANY_PERIOD || before.period == period())) {
            out.addAll(before.nodes.subList(before.from, before.to));
            reusedNodes += before.to - before.from;
            if (before.period != ANY_PERIOD) singletons = true;
            return true;
        }
        boolean outerSingletons = singletons;
        singletons = false;
        int slot = out.size();
        out.add(null);
        Head head = head(t, id); // before the children: a local's declaring node is known to its uses below
        boolean fixed = typed && t.hasType() && SPAN.exists$extension(t.span())
            && !(t instanceof Trees.PackageDef<?> || t instanceof Trees.Template<?>);
        Scope inner = sc;
        String memberPrefix = null;
        if (t instanceof Trees.PackageDef<?> pd) {
            String name = refName(pd.pid());
            if (name.equals("<empty>")) name = "";
            String prefix = sc.classKey.isEmpty() || name.isEmpty() || name.startsWith(sc.classKey + ".") ? (name.isEmpty() ? sc.classKey : name)
                : sc.classKey + "." + name;
            inner = new Scope(prefix, sc.member);
            memberPrefix = prefix;
        } else if (isClassDef(t)) {
            inner = new Scope(ownClassKey != null ? ownClassKey : join(sc.member, className(t)), sc.member);
        } else if (t instanceof Trees.Template<?>) {
            memberPrefix = inClassDef ? sc.classKey : join(sc.member, "<anon>");
        }
        boolean classDef = isClassDef(t);
        Trees.ValDef<?> self = t instanceof Trees.Template<?> tp ? tp.self() : null;
        List<Trees.Tree<?>> children = new ArrayList<>();
        for (int i = 0, n = t.productArity(); i < n; i++) collect(t.productElement(i), children);
        Map<String, Integer> counters = new HashMap<>();
        List<NodeId> operands = new ArrayList<>(children.size());
        for (Trees.Tree<?> c : children) {
            NodeId cid;
            if (memberPrefix != null && c != self && isMemberDef(c)) {
                String[] key = memberKey(c, memberPrefix);
                cid = new NodeId(unit, key[0], "");
                fixed &= walk(c, cid, id, new Scope(memberPrefix, key[0]), key[1], false);
            } else {
                cid = id.child(segment(c, counters));
                fixed &= walk(c, cid, id, inner, null, classDef);
            }
            operands.add(cid);
        }
        out.set(slot, new IrNode(id, stage, head.kind, parent, operands, head.detail, head.type, head.symbol, "", head.provenance));
        if (fixed && out.size() - slot >= MIN_REUSED) {
            extracted.add(new Object[] {t, id, parent, slot, out.size(), singletons ? period() : ANY_PERIOD});
        }
        singletons |= outerSingletons;
        return fixed;
    }

    private static void collect(Object e, List<Trees.Tree<?>> out) {
        if (e instanceof Trees.Tree<?> tr) {
            if (!tr.isEmpty()) out.add(tr);
        } else if (e instanceof scala.collection.immutable.List<?> l) {
            for (scala.collection.Iterator<?> it = l.iterator(); it.hasNext(); ) collect(it.next(), out);
        }
    }

    /** A node's own facts (all but its parent and children). */
    private record Head(String kind, String detail, String type, String symbol, Provenance provenance) {}

    private Head head(Trees.Tree<?> t, NodeId id) {
        String kind = t.getClass().getSimpleName();
        String type = "";
        String symbol = "";
        if (typed && t.hasType()) {
            Types.Type tp = t.typeOpt();
            if (tp.exists()) {
                TypeFact f = typeNames.describe(tp, ctx);
                if (tp instanceof Types.SingletonType) singletons = true;
                if (emittedTypes.add(f.id())) newTypes.add(f);
                type = f.id();
            }
            Symbols.Symbol s = t.symbol(ctx);
            if (s.denot(ctx).exists()) {
                if (t instanceof Trees.DefTree<?> && isLocal(s)) localDecls.putIfAbsent(s, id);
                symbol = symbolId(s);
                if (emittedSymbols.add(symbol)) newSymbols.add(symbolFact(s, symbol));
            }
        }
        return new Head(kind, detail(t), type, symbol, provenance(t));
    }

    private Provenance provenance(Trees.Tree<?> t) {
        long span = t.span();
        if (!SPAN.exists$extension(span) || t.source() != source) return Provenance.NONE;
        return new Provenance(sha, SPAN.start$extension(span), SPAN.end$extension(span));
    }

    private static boolean inserted(Trees.Tree<?> t) {
        long span = t.span();
        return !SPAN.exists$extension(span) || SPAN.start$extension(span) == SPAN.end$extension(span);
    }

    private static String segment(Trees.Tree<?> t, Map<String, Integer> counters) {
        String kind = t.getClass().getSimpleName();
        String key = inserted(t) ? "synthetic." + kind : kind;
        int k = counters.merge(key, 1, Integer::sum) - 1;
        return key + "[" + k + "]";
    }

    private static boolean isClassDef(Trees.Tree<?> t) {
        return (t instanceof Trees.TypeDef<?> td && td.isClassDef()) || t instanceof untpd.ModuleDef;
    }

    private static boolean isMemberDef(Trees.Tree<?> t) {
        return t instanceof Trees.DefDef<?> || t instanceof Trees.ValDef<?> || t instanceof Trees.TypeDef<?>
            || t instanceof untpd.ModuleDef;
    }

    private static String className(Trees.Tree<?> t) {
        if (t instanceof untpd.ModuleDef m) return m.name() + "$";
        return ((Trees.TypeDef<?>) t).name().toString();
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** The member key of a definition and, for a class, its class key. */
    private String[] memberKey(Trees.Tree<?> c, String classKey) {
        String key;
        String cls = null;
        if (isClassDef(c)) {
            cls = join(classKey, className(c));
            key = cls + "#";
        } else if (c instanceof Trees.DefDef<?> d) {
            StringBuilder sb = new StringBuilder(classKey).append('#').append(d.name());
            for (scala.collection.Iterator<?> it = d.paramss().iterator(); it.hasNext(); ) {
                scala.collection.immutable.List<?> clause = (scala.collection.immutable.List<?>) it.next();
                if (!clause.isEmpty() && clause.head() instanceof Trees.TypeDef<?>) continue;
                sb.append('(');
                boolean first = true;
                for (scala.collection.Iterator<?> ps = clause.iterator(); ps.hasNext(); ) {
                    Object param = ps.next();
                    if (!first) sb.append(',');
                    first = false;
                    sb.append(param instanceof Trees.ValDef<?> v ? v.name().toString() : "?");
                }
                sb.append(')');
            }
            key = sb.toString();
        } else {
            key = classKey + "#" + ((Trees.NameTree<?>) c).name();
        }
        String base = inserted(c) ? key + "~synthetic" : key;
        int n = memberRepeats.merge(base, 1, Integer::sum);
        String unique = n == 1 ? base : inserted(c) ? base + n : base + "~" + n;
        if (cls != null && n > 1) cls = cls + "~" + n;
        return new String[] {unique, cls};
    }

    private static String detail(Trees.Tree<?> t) {
        if (t instanceof Trees.Literal<?> l) return constant((Constants.Constant) l.productElement(0)); // const() is a Java keyword
        if (t instanceof Trees.NameTree<?> n) return escape(n.name().toString());
        StringBuilder sb = new StringBuilder();
        for (int i = 0, k = t.productArity(); i < k; i++) {
            Object e = t.productElement(i);
            String s = e instanceof Names.Name name ? escape(name.toString()) : e instanceof String str ? literal(str) : null;
            if (s != null) sb.append(sb.isEmpty() ? "" : " ").append(s);
        }
        return sb.toString();
    }

    private static String constant(Constants.Constant c) {
        Object v = c.value();
        if (v == null) return "null";
        if (v instanceof String s) return literal(s);
        if (v instanceof Character ch) return "'" + escape(String.valueOf(ch)) + "'";
        if (v instanceof Types.Type) return "classOf";
        if (v instanceof scala.runtime.BoxedUnit) return "()";
        return String.valueOf(v);
    }

    /**
     * A string literal's value: quoted, or {@code sha256:<hex>} beyond 64 characters (as the javac
     * adapter), with control characters and lone surrogates escaped: the store's dictionary keeps
     * strings as UTF-8, where two different lone surrogates would become the same "?" (found on
     * geny, whose literals include {@code '\uD800'}).
     */
    private static String literal(String s) {
        if (s.length() > 64) return "sha256:" + Provenance.sha256Hex(s.getBytes(StandardCharsets.UTF_8));
        return '"' + escape(s) + '"';
    }

    static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean plain = c >= 0x20 && c != 0x7f && c != '\\' && !Character.isSurrogate(c);
            if (!plain && sb == null) sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            if (sb != null) {
                if (plain) sb.append(c);
                else if (c == '\\') sb.append("\\\\");
                else sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb == null ? s : sb.toString();
    }

    private boolean isLocal(Symbols.Symbol s) {
        Symbols.Symbol owner = s.denot(ctx).maybeOwner();
        return owner.denot(ctx).exists() && owner.isTerm(ctx);
    }

    /** Stable symbol id: full name, {@code #} for types, {@code .} for terms (plus the signature of a method); a local's declaring node. */
    private String symbolId(Symbols.Symbol s) {
        String id = symbolIds.get(s);
        if (id != null) return id;
        SymDenotations.SymDenotation d = s.denot(ctx);
        if (isLocal(s)) {
            NodeId decl = localDecls.get(s);
            id = decl != null ? decl.toString() : "local:" + d.fullName(ctx) + (s.isType(ctx) ? "#" : ".");
        } else if (s.isType(ctx)) {
            id = d.fullName(ctx) + "#";
        } else if (FLAGS.is(d.flags(ctx), FLAGS.Method())) {
            id = d.fullName(ctx) + "." + s.signature(ctx);
        } else {
            id = d.fullName(ctx) + ".";
        }
        symbolIds.put(s, id);
        return id;
    }

    private SymbolFact symbolFact(Symbols.Symbol s, String id) {
        SymDenotations.SymDenotation d = s.denot(ctx);
        long flags = d.flags(ctx);
        String kind;
        if (FLAGS.is(flags, FLAGS.Package())) kind = "PACKAGE";
        else if (s.isClass()) kind = FLAGS.is(flags, FLAGS.Trait()) ? "TRAIT" : FLAGS.is(flags, FLAGS.Module()) ? "OBJECT" : "CLASS";
        else if (s.isType(ctx)) kind = "TYPE";
        else if (FLAGS.is(flags, FLAGS.Method())) kind = "METHOD";
        else if (FLAGS.is(flags, FLAGS.Module())) kind = "OBJECT";
        else if (FLAGS.is(flags, FLAGS.Param())) kind = "PARAMETER";
        else kind = "VALUE";
        Symbols.Symbol owner = d.maybeOwner();
        String ownerId = owner.denot(ctx).exists() ? symbolId(owner) : "";
        return new SymbolFact(id, d.name(ctx).toString(), kind, ownerId, infoType(s, d), FLAGS.flagsString(flags));
    }

    /**
     * The type id of a symbol's info (a method's parameters and result, a val's type, a class's
     * parents), for the symbols the compilation defines (the API: {@link ScalaApi}); "" for
     * others, and for a symbol not completed yet (MMSB never completes a symbol itself).
     */
    private String infoType(Symbols.Symbol s, SymDenotations.SymDenotation d) {
        if (!d.isCompleted() || !s.isDefinedInCurrentRun(ctx)) return "";
        TypeFact f = typeNames.describe(d.info(ctx), ctx);
        if (emittedTypes.add(f.id())) newTypes.add(f);
        return f.id();
    }

    private static String refName(Trees.Tree<?> t) {
        if (t instanceof Trees.Select<?> s) return refName(s.qualifier()) + "." + s.name();
        if (t instanceof Trees.Ident<?> i) return i.name().toString();
        return "";
    }

    /** The package a unit's tree declares ({@code a.b} for {@code package a; package b}), "" for none. */
    static String packageOf(Trees.Tree<?> root) {
        String pkg = "";
        Trees.Tree<?> t = root;
        while (t instanceof Trees.PackageDef<?> pd) {
            String name = refName(pd.pid());
            if (!name.equals("<empty>") && !name.isEmpty()) {
                pkg = pkg.isEmpty() || name.startsWith(pkg + ".") ? name : pkg + "." + name;
            }
            Trees.Tree<?> next = null;
            for (scala.collection.Iterator<?> it = pd.stats().iterator(); it.hasNext(); ) {
                Object s = it.next();
                if (s instanceof Trees.PackageDef<?> inner) {
                    if (next != null) return pkg;
                    next = inner;
                }
            }
            t = next;
        }
        return pkg;
    }
}
