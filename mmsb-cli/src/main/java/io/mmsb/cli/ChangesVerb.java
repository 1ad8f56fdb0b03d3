package io.mmsb.cli;

import io.mmsb.delta.Change;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.Filter;
import io.mmsb.delta.QueryException;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.hooks.NodeId;
import io.mmsb.recorder.StoredNodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mmsb changes}: what changed semantically between two recorded compilations (by default
 * the last two): members added, removed and changed (their IR nodes' facts: kind, type, symbol,
 * operands, ...; a node whose span alone moved is counted apart), and the invalidations the
 * later compilation recorded, as a cause -> affected tree.
 */
@Command(name = "changes", description = "What changed between two recorded compilations, and what it invalidates.")
final class ChangesVerb extends StoreVerbs.StoreVerb {
    @Option(names = "--from", description = "earlier compilation (default: the one before --to)") String from;
    @Option(names = "--to", description = "later compilation (default: the last one)") String to;
    @Option(names = "--limit", defaultValue = "25", description = "members listed per group (default: ${DEFAULT-VALUE})") int limit;

    @Override
    int answer(Store s) {
        StateView latest = s.latest();
        CompilationPair pair = CompilationPair.of(latest, from, to, "changes");
        long e1 = pair.fromEpoch();
        long e2 = pair.toEpoch();
        StateView a = s.stateAt(e1);
        StateView b = s.stateAt(e2);
        Map<String, int[]> members = new TreeMap<>(); // member -> {added, removed, changed} node counts
        StoredNodes key = StoredNodes.of(b);
        ColumnSlice presentB = b.column("nodes", "present");
        ColumnSlice presentA = a.column("nodes", "present");
        int rowsA = a.rowCount("nodes");
        List<String> semantic = List.of("stage", "kind", "parent", "operands", "detail", "type", "symbol", "scope", "present");
        int moved = 0;
        for (Change c : s.diff(e1, e2)) {
            if (!c.table().equals("nodes")) {
                continue;
            }
            for (int r = c.rowStart(); r < c.rowEnd(); r++) {
                if (r < rowsA && !semanticallyChanged(a, b, r, semantic)) {
                    moved++; // only its span moved: provenance, not semantics
                    continue;
                }
                NodeId id = key.id(r);
                String member = id.unit() + "::" + id.member();
                boolean was = r < rowsA && presentA.getBool(r);
                boolean is = presentB.getBool(r);
                if (!was && !is) {
                    continue; // absent at both ends (a row only referenced, or made and dropped in between): nothing to report
                }
                int[] counts = members.computeIfAbsent(member, m -> new int[3]);
                counts[!was && is ? 0 : was && !is ? 1 : 2]++;
            }
        }
        // a method's bytecode is its own member (JVM descriptor): counted with its source member
        Map<String, String> sourceOf = sourceMembers(a, b);
        Map<String, int[]> bySource = new TreeMap<>(); // member -> {added, removed, changed, bytecode added, removed, changed}
        members.forEach((m, c) -> {
            String source = bytecodeToSource(m, sourceOf);
            int[] to = bySource.computeIfAbsent(source == null ? m : source, x -> new int[6]);
            for (int i = 0; i < 3; i++) {
                to[i] += c[i];
                to[i + 3] += source == null ? 0 : c[i];
            }
        });
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        bySource.forEach((m, c) -> (c[0] > 0 && c[1] == 0 && c[2] == 0 ? added : c[1] > 0 && c[0] == 0 && c[2] == 0 ? removed : changed)
            .add(m + "  (+" + c[0] + " -" + c[1] + " ~" + c[2] + " nodes"
                + (c[3] + c[4] + c[5] == 0 ? "" : ", of which bytecode +" + c[3] + " -" + c[4] + " ~" + c[5]) + ")"));
        out().printf("from '%s' (epoch %d) to '%s' (epoch %d): %d members touched: %d added, %d removed, %d changed"
                + " (%d more nodes only moved in their file; spans are kept relative to their member, so a moved member counts once)%n",
            pair.from(), e1, pair.to(), e2, bySource.size(), added.size(), removed.size(), changed.size(), moved);
        print("added", added);
        print("removed", removed);
        print("changed", changed);
        printInvalidations(b, pair.to(), limit);
        return 0;
    }

    /** The invalidations one compilation recorded, as a cause -> affected tree. */
    void printInvalidations(StateView v, String compilation, int max) {
        Map<String, List<String>> tree = new TreeMap<>();
        ColumnSlice comp = v.column("invalidations", "compilation");
        for (int r = 0; r < v.rowCount("invalidations"); r++) {
            if (comp.getSymbol(r).equals(compilation)) {
                tree.computeIfAbsent(v.column("invalidations", "cause").getSymbol(r), x -> new ArrayList<>())
                    .add(v.column("invalidations", "invalidated").getSymbol(r) + "  (" + v.column("invalidations", "reason").getSymbol(r) + ")");
            }
        }
        out().printf("%ninvalidated by API changes in '%s': %d cause(s), %d dependent(s)%n", compilation, tree.size(),
            tree.values().stream().mapToInt(List::size).sum());
        int shown = 0;
        for (Map.Entry<String, List<String>> e : tree.entrySet()) {
            if (shown++ == max) {
                out().printf("  ... %d more causes (--limit)%n", tree.size() - max);
                break;
            }
            out().println("  " + e.getKey());
            e.getValue().stream().limit(max).forEach(d -> out().println("    -> " + d));
            if (e.getValue().size() > max) {
                out().printf("    ... %d more%n", e.getValue().size() - max);
            }
        }
    }

    /** A javac bytecode member: {@code owner#name(JVM parameter descriptors)JVM return descriptor}. */
    private static final Pattern BYTECODE_MEMBER = Pattern.compile(
        "(?<unit>.*)::(?<owner>[^#]+)#(?<name>[^(]+)\\((?<params>(\\[*([ZBCSIJFD]|L[^;]+;))*)\\)\\[*([VZBCSIJFD]|L[^;]+;)");
    private static final Pattern LAMBDA = Pattern.compile("lambda\\$(.+)\\$\\d+");
    private static final Pattern PARAM = Pattern.compile("(\\[*)([ZBCSIJFD]|L([^;]+);)");

    /**
     * The source member ({@code unit::member}) of each method symbol (javac's symbol id
     * {@code owner#name(erased parameter types)}, with {@code $} and {@code .} alike) and of each
     * {@code unit::owner#name} that names one method only: the root nodes (path "") of declared
     * methods in either state.
     */
    private static Map<String, String> sourceMembers(StateView... views) {
        Map<String, String> out = new HashMap<>();
        Map<String, Set<String>> byName = new HashMap<>();
        for (StateView v : views) {
            int[] roots = v.select("nodes", Filter.symbols("path", String::isEmpty),
                Filter.symbols("kind", "METHOD"::equals));
            StoredNodes nodes = StoredNodes.of(v);
            ColumnSlice symbol = v.column("nodes", "symbol");
            for (int r : roots) {
                NodeId id = nodes.id(r);
                String member = id.unit() + "::" + id.member();
                if (!symbol.getSymbol(r).isEmpty()) {
                    out.putIfAbsent(id.unit() + "::" + symbol.getSymbol(r).replace('$', '.'), member);
                }
                int paren = id.member().indexOf('(');
                if (paren > 0) {
                    byName.computeIfAbsent(id.unit() + "::" + id.member().substring(0, paren).replaceAll("(?<!#)<.*>$", "").replace('$', '.'),
                        x -> new TreeSet<>()).add(member);
                }
            }
        }
        byName.forEach((name, m) -> {
            if (m.size() == 1) {
                out.putIfAbsent(name, m.iterator().next());
            }
        });
        return out;
    }

    /** The source member of bytecode member {@code member} ({@code unit::owner#name(desc)ret}), or null. */
    static String bytecodeToSource(String member, Map<String, String> sourceOf) {
        Matcher m = BYTECODE_MEMBER.matcher(member);
        if (!m.matches()) {
            return null;
        }
        StringBuilder params = new StringBuilder();
        Matcher p = PARAM.matcher(m.group("params"));
        while (p.find()) {
            String base = p.group(3) != null ? p.group(3).replace('/', '.') : switch (p.group(2)) {
                case "Z" -> "boolean";
                case "B" -> "byte";
                case "C" -> "char";
                case "S" -> "short";
                case "I" -> "int";
                case "J" -> "long";
                case "F" -> "float";
                default -> "double";
            };
            params.append(params.isEmpty() ? "" : ",").append(base).append("[]".repeat(p.group(1).length()));
        }
        String name = m.group("unit") + "::" + (m.group("owner") + "#" + m.group("name")).replace('$', '.');
        String source = sourceOf.get(name + "(" + params.toString().replace('$', '.') + ")");
        if (source == null) {
            source = sourceOf.get(name);
        }
        Matcher lambda = LAMBDA.matcher(m.group("name"));
        if (source == null && lambda.matches()) { // javac's lambda$m$0 belongs to method m (lambda$new$0: a constructor)
            String in = lambda.group(1).equals("new") ? "<init>" : lambda.group(1);
            source = sourceOf.get(m.group("unit") + "::" + (m.group("owner") + "#" + in).replace('$', '.'));
        }
        return source;
    }

    private static boolean semanticallyChanged(StateView a, StateView b, int row, List<String> columns) {
        for (String c : columns) {
            if (!Objects.deepEquals(a.column("nodes", c).get(row), b.column("nodes", c).get(row))) {
                return true;
            }
        }
        return false;
    }

    private void print(String what, List<String> members) {
        if (members.isEmpty()) {
            return;
        }
        out().printf("%n%s (%d):%n", what, members.size());
        members.stream().limit(limit).forEach(m -> out().println("  " + m));
        if (members.size() > limit) {
            out().printf("  ... %d more (--limit)%n", members.size() - limit);
        }
    }
}
