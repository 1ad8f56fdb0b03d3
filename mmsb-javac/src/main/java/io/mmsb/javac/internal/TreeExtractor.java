package io.mmsb.javac.internal;

import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeParameterTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.mmsb.hooks.IrNode;
import io.mmsb.hooks.NodeId;
import io.mmsb.hooks.Provenance;
import io.mmsb.hooks.ScopeFact;
import io.mmsb.hooks.Stage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;

/**
 * The javac tree walk of the MMSB plugin: copies a compilation unit's tree into {@link IrNode}
 * facts. Thread rules: one instance per callback, confined to javac's thread; it keeps no tree,
 * element or type after {@link #parse} / {@link #attribute} return.
 *
 * <p>Walks a javac tree and copies it into {@link IrNode} facts with stable ids (see
 * {@link NodeId}): named classes and their direct members (methods by name, type parameters and parameter types as written, a repeated one suffixed {@code ~k},
 * fields by name, initializers by kind and ordinal) root a new id; everything below a member is a
 * path of {@code KIND[k]} segments, {@code k} counting earlier siblings of the same kind.
 * Compiler-inserted trees (no end position, e.g. the implicit {@code super()}) get
 * {@code synthetic.KIND[k]} segments that do not shift the others, so PARSE and ATTRIBUTION ids
 * of the same source node are equal.
 */
final class TreeExtractor extends TreePathScanner<Void, TreeExtractor.Ctx> {
    /** Per-node walk state: ids and sibling counters (strings and numbers only). */
    static final class Ctx {
        final NodeId id;
        final String owner;
        final boolean membersBelow;
        final String scope;
        // sibling counters per (kind, inserted): a node has a few kinds of children, so a short
        // list searched linearly, made on the first child (an EnumMap pair per node was most of the
        // adapter's garbage)
        private Tree.Kind[] kinds;
        private boolean[] inserted;
        private int[] counts;
        private int distinct;

        /** The ordinal of the next child of {@code kind} (source or compiler-inserted), counting from 0. */
        int next(Tree.Kind kind, boolean isInserted) {
            for (int i = 0; i < distinct; i++) {
                if (kinds[i] == kind && inserted[i] == isInserted) {
                    return counts[i]++;
                }
            }
            if (kinds == null) {
                kinds = new Tree.Kind[4];
                inserted = new boolean[4];
                counts = new int[4];
            } else if (distinct == kinds.length) {
                kinds = Arrays.copyOf(kinds, distinct * 2);
                inserted = Arrays.copyOf(inserted, distinct * 2);
                counts = Arrays.copyOf(counts, distinct * 2);
            }
            kinds[distinct] = kind;
            inserted[distinct] = isInserted;
            counts[distinct++] = 1;
            return 0;
        }
        final List<NodeId> children = new ArrayList<>();

        Ctx(NodeId id, String owner, boolean membersBelow, String scope) {
            this.id = id;
            this.owner = owner;
            this.membersBelow = membersBelow;
            this.scope = scope;
        }
    }

    private final String unit;
    private final String sha;
    private final CompilationUnitTree cu;
    private final SourcePositions positions;
    private final Trees trees;
    private final Symbols symbols;          // null at PARSE
    private final ClassTree only;           // at ATTRIBUTION: the one top-level class to emit
    private final Stage stage;
    private final List<IrNode> nodes = new ArrayList<>();
    private final List<ScopeFact> scopes = new ArrayList<>();

    private TreeExtractor(String unit, String sha, CompilationUnitTree cu, Trees trees, Symbols symbols, ClassTree only) {
        this.unit = unit;
        this.sha = sha;
        this.cu = cu;
        this.trees = trees;
        this.positions = trees.getSourcePositions();
        this.symbols = symbols;
        this.only = only;
        this.stage = symbols == null ? Stage.PARSE : Stage.ATTRIBUTION;
    }

    /** Syntax nodes of a whole unit, preorder. */
    static List<IrNode> parse(String unit, String sha, CompilationUnitTree cu, Trees trees) {
        TreeExtractor x = new TreeExtractor(unit, sha, cu, trees, null, null);
        x.run();
        return x.nodes;
    }

    /** Attributed nodes of one top-level class of a unit, preorder; scopes are added to {@code scopesOut}. */
    static List<IrNode> attribute(String unit, String sha, CompilationUnitTree cu, Trees trees, Symbols symbols,
                                  ClassTree topLevel, List<ScopeFact> scopesOut) {
        TreeExtractor x = new TreeExtractor(unit, sha, cu, trees, symbols, topLevel);
        x.run();
        scopesOut.addAll(x.scopes);
        return x.nodes;
    }

    private void run() {
        String pkg = cu.getPackageName() == null ? "" : cu.getPackageName().toString();
        Ctx root = new Ctx(new NodeId(unit, "", ""), pkg.isEmpty() ? "" : pkg + ".", true, "");
        int slot = -1;
        if (stage == Stage.PARSE) {
            slot = nodes.size();
            nodes.add(null);
        }
        scan(new TreePath(cu), root);
        if (slot >= 0) nodes.set(slot, node(root.id, NodeId.NONE, cu, positions.getEndPosition(cu, cu), root.children, "", "", ""));
    }

    @Override
    public Void scan(Tree tree, Ctx parent) {
        if (tree == null) return null;
        Tree.Kind kind = tree.getKind();
        long end = positions.getEndPosition(cu, tree); // looked up once: javac keeps end positions in a map
        boolean synthetic = end < 0;
        int k = parent.next(kind, synthetic);
        String segment = segment(kind, synthetic, k);
        if (only != null && parent.id.member().isEmpty() && parent.id.path().isEmpty() && tree != only) {
            return null; // ATTRIBUTION: another top-level class or an import, emitted elsewhere
        }
        Ctx ctx = child(parent, tree, segment);
        parent.children.add(ctx.id);
        int slot = nodes.size();
        nodes.add(null);
        String typeId = "";
        String symbolId = "";
        if (symbols != null && isTyped(tree)) {
            attribute(tree, kind, ctx, parent);
            typeId = attributedType;
            symbolId = attributedSymbol;
        }
        super.scan(tree, ctx);
        nodes.set(slot, node(ctx.id, parent.id, tree, end, ctx.children, typeId, symbolId, ctx.scope));
        return null;
    }

    /** The type and symbol ids {@link #attribute} found last (read right after the call). */
    private String attributedType = "";
    private String attributedSymbol = "";

    /**
     * Looks up the type and symbol of a typed node (and records its scope); kept out of
     * {@link #scan}, which runs for every node, so that the common path stays small for the JIT.
     */
    private void attribute(Tree tree, Tree.Kind kind, Ctx ctx, Ctx parent) {
        TreePath path = new TreePath(getCurrentPath(), tree);
        Element e = trees.getElement(path);
        if (kind == Tree.Kind.VARIABLE) symbols.declareLocal(e, ctx.id);
        attributedType = symbols.type(trees.getTypeMirror(path));
        attributedSymbol = symbols.symbol(e);
        if (ctx.id.path().isEmpty() && (tree instanceof ClassTree || tree instanceof MethodTree)) {
            scopes.add(new ScopeFact(ctx.scope, kind.name(), parent.scope, attributedSymbol));
        }
    }

    /** Segments {@code KIND[k]} and {@code synthetic.KIND[k]} for small k, made once (immutable strings; a racy fill is harmless). */
    private static final String[][] SEGMENTS = new String[Tree.Kind.values().length * 2][32];

    private static String segment(Tree.Kind kind, boolean synthetic, int k) {
        if (k >= 32) return (synthetic ? "synthetic." : "") + kind + "[" + k + "]";
        String[] row = SEGMENTS[kind.ordinal() * 2 + (synthetic ? 1 : 0)];
        String s = row[k];
        if (s == null) s = row[k] = (synthetic ? "synthetic." : "") + kind + "[" + k + "]";
        return s;
    }

    private static boolean isTyped(Tree t) {
        return t instanceof ExpressionTree || t instanceof ClassTree || t instanceof MethodTree || t instanceof VariableTree;
    }

    /** The id and scope of {@code tree}, a child of {@code parent}. */
    private Ctx child(Ctx parent, Tree tree, String segment) {
        if (parent.membersBelow) {
            Ctx member = member(parent, tree, segment);
            if (member != null) return member;
        }
        return new Ctx(parent.id.child(segment), parent.owner, false, parent.scope);
    }

    /**
     * The context of a named class or a direct member (a new id root), or null for any other
     * child. Kept apart from {@link #child}, which runs for every node, so that the common path
     * stays small.
     */
    private Ctx member(Ctx parent, Tree tree, String segment) {
        boolean inClass = !parent.id.member().isEmpty();
        return switch (tree.getKind()) {
            case CLASS, INTERFACE, ENUM, ANNOTATION_TYPE, RECORD -> {
                ClassTree c = (ClassTree) tree;
                String owner = inClass ? parent.owner + "$" + c.getSimpleName() : parent.owner + c.getSimpleName();
                yield new Ctx(new NodeId(unit, owner + "#", ""), owner, true, "scope:" + owner);
            }
            case METHOD -> inClass ? method(parent, (MethodTree) tree) : null;
            case VARIABLE -> inClass
                    ? new Ctx(new NodeId(unit, parent.owner + "#" + ((VariableTree) tree).getName(), ""), parent.owner, false, parent.scope)
                    : null;
            case BLOCK -> {
                if (!inClass) yield null;
                String member = parent.owner + "#" + segment;
                yield new Ctx(new NodeId(unit, member, ""), parent.owner, false, "scope:" + member);
            }
            default -> null;
        };
    }

    private Ctx method(Ctx parent, MethodTree m) {
        StringBuilder sb = new StringBuilder(parent.owner).append('#').append(m.getName());
        if (!m.getTypeParameters().isEmpty()) {
            sb.append('<');
            for (int i = 0; i < m.getTypeParameters().size(); i++) {
                if (i > 0) sb.append(',');
                sb.append(SPACES.matcher(m.getTypeParameters().get(i).toString().trim()).replaceAll(" "));
            }
            sb.append('>');
        }
        sb.append('(');
        for (int i = 0; i < m.getParameters().size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(compact(m.getParameters().get(i).getType()));
        }
        String member = unique(sb.append(')').toString());
        return new Ctx(new NodeId(unit, member, ""), parent.owner, false, "scope:" + member);
    }

    private final Map<String, Integer> members = new HashMap<>();

    /**
     * {@code member}, or {@code member~k} for its k-th repetition in source order: two methods
     * whose parameters read the same (say {@code <T extends A> f(T)} and {@code <T extends B> f(T)}
     * written without bounds, or types of the same simple name) still get distinct ids.
     */
    private String unique(String member) {
        int k = members.merge(member, 1, Integer::sum);
        return k == 1 ? member : member + "~" + k;
    }

    /** A parameter type as a compact name (whitespace removed), e.g. {@code List<String>}. */
    private static String compact(Tree type) {
        if (type == null) return "?";
        String text = type.toString();
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) return SPACES.matcher(text).replaceAll("");
        }
        return text;
    }

    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    private IrNode node(NodeId id, NodeId parent, Tree tree, long end, List<NodeId> children, String typeId, String symbolId,
                        String scope) {
        long start = positions.getStartPosition(cu, tree);
        Provenance p = start < 0 && end < 0 ? Provenance.NONE : new Provenance(sha, start, end);
        return new IrNode(id, stage, tree.getKind().name(), parent, children, detail(tree), typeId, symbolId, scope, p);
    }

    /** Longest literal kept as it is; a longer one is recorded as its SHA-256. */
    static final int MAX_LITERAL = 64;

    /**
     * The token a node carries beyond its kind: a name (identifier, member select, member
     * reference, declaration, type parameter, label), a literal's value, a primitive type, the
     * flags of a modifier list. With kinds and structure, this makes the tree facts of a class
     * change exactly when its code changes (not its comments or layout), while the source text is
     * never stored: a literal longer than {@value #MAX_LITERAL} characters is recorded as
     * {@code sha256:<hex>} of its value.
     */
    static String detail(Tree tree) {
        // a switch on the kind, not on the tree's interfaces: the type switch's instanceof chain
        // ran for every node and compiled into one of the adapter's largest methods
        return switch (tree.getKind()) {
            case IDENTIFIER -> ((IdentifierTree) tree).getName().toString();
            case MEMBER_SELECT -> ((MemberSelectTree) tree).getIdentifier().toString();
            case MEMBER_REFERENCE -> ((MemberReferenceTree) tree).getName().toString();
            case CLASS, INTERFACE, ENUM, ANNOTATION_TYPE, RECORD -> ((ClassTree) tree).getSimpleName().toString();
            case METHOD -> ((MethodTree) tree).getName().toString();
            case VARIABLE -> ((VariableTree) tree).getName().toString();
            case TYPE_PARAMETER -> ((TypeParameterTree) tree).getName().toString();
            case LABELED_STATEMENT -> ((LabeledStatementTree) tree).getLabel().toString();
            case BREAK -> label(((BreakTree) tree).getLabel());
            case CONTINUE -> label(((ContinueTree) tree).getLabel());
            case PRIMITIVE_TYPE -> ((PrimitiveTypeTree) tree).getPrimitiveTypeKind().name();
            case MODIFIERS -> modifiers(((ModifiersTree) tree).getFlags());
            case INT_LITERAL, LONG_LITERAL, FLOAT_LITERAL, DOUBLE_LITERAL, BOOLEAN_LITERAL, CHAR_LITERAL, STRING_LITERAL,
                 NULL_LITERAL -> literal(((LiteralTree) tree).getValue());
            default -> "";
        };
    }

    private static String label(javax.lang.model.element.Name label) {
        return label == null ? "" : label.toString();
    }

    /** Modifier lists as text (flag names sorted), by flag set: a few dozen distinct sets in a code base. */
    private static final java.util.concurrent.ConcurrentHashMap<java.util.Set<javax.lang.model.element.Modifier>, String> MODIFIERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static String modifiers(java.util.Set<javax.lang.model.element.Modifier> flags) {
        String text = MODIFIERS.get(flags);
        if (text == null) {
            text = flags.stream().map(Enum::name).sorted().collect(Collectors.joining(" "));
            if (MODIFIERS.size() < 4096) MODIFIERS.put(java.util.Set.copyOf(flags), text);
        }
        return text;
    }

    static String literal(Object value) {
        String v = value == null ? "null" : value instanceof Character c ? "'" + c + "'"
                : value instanceof String str ? "\"" + str + "\"" : String.valueOf(value);
        if (v.length() <= MAX_LITERAL) return v;
        return "sha256:" + Provenance.sha256Hex(v.getBytes(StandardCharsets.UTF_8));
    }
}
