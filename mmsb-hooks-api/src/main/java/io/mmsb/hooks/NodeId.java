package io.mmsb.hooks;

/**
 * A stable IR node id derived from semantic identity, never from a global counter.
 *
 * <p>Scheme (see docs/EXTRACTION-CONTRACT.md): {@code unit} is the compilation unit's stable name
 * (for javac the package path plus file name, e.g. {@code com/x/Foo.java}); {@code member} is the
 * signature of the enclosing member (e.g. {@code com.x.Foo#bar(int,String)}, {@code com.x.Foo#}
 * for class-level nodes, "" for nodes outside any class); {@code path} is a structural path inside
 * that member, one segment per tree level of the form {@code KIND[k]} where {@code k} counts the
 * earlier siblings <em>of the same kind</em> (or {@code insn[i]} / {@code block[b]} for bytecode).
 * Editing one member therefore never changes the ids of nodes in other members, and inserting a
 * statement only shifts later same-kind siblings inside the same member.
 *
 * <p>Thread rules: immutable value, safe everywhere.
 *
 * @param unit   stable unit name
 * @param member enclosing member signature ("" when none)
 * @param path   structural path inside the member ("" for the member's root)
 */
public record NodeId(String unit, String member, String path) implements Comparable<NodeId> {
    /** "No node" (e.g. the parent of a root). */
    public static final NodeId NONE = new NodeId("", "", "");

    /** Whether this is {@link #NONE}. */
    public boolean isNone() {
        return this == NONE || ("".equals(unit) && "".equals(member) && "".equals(path)); // null-safe: an id with a null part is reported by the hooks
    }

    /** The child id: this path extended by one segment. */
    public NodeId child(String segment) {
        return new NodeId(unit, member, path.isEmpty() ? segment : path + "/" + segment);
    }

    @Override
    public int compareTo(NodeId o) {
        int c = unit.compareTo(o.unit);
        if (c == 0) c = member.compareTo(o.member);
        if (c == 0) c = path.compareTo(o.path);
        return c;
    }

    /** The canonical text form {@code unit::member::path}. */
    @Override
    public String toString() {
        return unit + "::" + member + "::" + path;
    }

    /**
     * The id whose text form ({@link #toString()}) is {@code key}: the unit ends at the first
     * {@code ::}, the path starts after the last one (a unit or path holds no {@code ::}).
     *
     * @throws IllegalArgumentException when {@code key} has fewer than two {@code ::}
     */
    public static NodeId parse(String key) {
        NodeId id = tryParse(key);
        if (id == null) {
            throw new IllegalArgumentException("not a node key unit::member::path: '" + key + "'");
        }
        return id;
    }

    /** The id of {@code key} as {@link #parse} reads it, or null when {@code key} is not of the form {@code unit::member::path}. */
    public static NodeId tryParse(String key) {
        int first = key.indexOf("::");
        int last = key.lastIndexOf("::");
        if (first < 0 || last == first) {
            return null;
        }
        return new NodeId(key.substring(0, first), key.substring(first + 2, last), key.substring(last + 2));
    }
}
