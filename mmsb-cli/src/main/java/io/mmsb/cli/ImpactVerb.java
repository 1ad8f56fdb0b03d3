package io.mmsb.cli;

import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.QueryException;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.impact.Impact;
import io.mmsb.recorder.ApiDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mmsb impact}: the classes predicted to be affected by the API changes between two
 * recorded compilations (propagation over the earlier one's dependency graph), checked against
 * what actually changed in the recorded facts of the classes whose source did not change; prints
 * precision and recall per hop limit and every disagreement (see {@link Impact}).
 */
@Command(name = "impact", description = "Predicted invalidations (propagation over the earlier compilation's dependencies) vs the facts that really changed.")
final class ImpactVerb extends StoreVerbs.StoreVerb {
    @Option(names = "--from", description = "earlier compilation (default: the one before --to)") String from;
    @Option(names = "--to", description = "later compilation (default: the last one)") String to;
    @Option(names = "--limit", defaultValue = "50", description = "disagreements listed per kind (default: ${DEFAULT-VALUE})") int limit;
    @Option(names = "--all", description = "every pair of consecutive compilations: one line each, then the totals") boolean all;

    @Override
    int answer(Store s) {
        StateView latest = s.latest();
        int n = latest.rowCount("compilations");
        if (all) {
            return summary(s, latest, n);
        }
        CompilationPair pair = CompilationPair.of(latest, from, to, "impact");
        Impact.Report r;
        try (RootAllocator allocator = new RootAllocator()) {
            r = Impact.evaluate(s, allocator, pair.from(), pair.fromEpoch(), pair.to(), pair.toEpoch());
        }
        long added = r.apiChanges().values().stream().filter("API_ADDED"::equals).count();
        long removed = r.apiChanges().values().stream().filter("API_REMOVED"::equals).count();
        out().printf("impact of '%s' (epoch %d) -> '%s' (epoch %d)%n", r.from(), r.fromEpoch(), r.to(), r.toEpoch());
        out().printf("  named classes: %d before, %d after; code changed or removed: %d; code identical (comments and layout aside): %d%n",
            r.classesBefore(), r.classesAfter(), r.codeChanged().size(), r.unchanged().size());
        out().printf("  API changes: %d entities (%d added, %d removed, %d changed)%n", r.apiChanges().size(), added, removed,
            r.apiChanges().size() - added - removed);
        out().printf("  dependency graph of '%s': %d nodes, %d edges; one propagation of wide cause sets, row kernels: %s%n",
            r.from(), r.graphNodes(), r.graphEdges(), r.kernels());
        out().printf("  ground truth: %d of the %d code-identical classes have facts that differ%n", r.actual().size(), r.unchanged().size());
        out().printf("%n  %-34s %9s %6s %9s %7s%n", "predicted", "predicted", "hits", "precision", "recall");
        row("within 1 use hop (incremental compiler)", r.confusion(1));
        row("within 2 use hops", r.confusion(2));
        row("any distance (transitive closure)", r.confusion(Long.MAX_VALUE));
        int[] rec = r.confusion(r.recordedInvalidated());
        row("recorded by the plugin (ApiDiff)", rec);
        row("baseline: name hashing (Zinc)", r.confusion(r.nameHashing()));
        row("baseline: class dependents (Gradle)", r.confusion(r.classDependents()));

        List<String> missed = new ArrayList<>();
        r.actual().forEach((u, d) -> {
            if (!r.predictedWithin(1).contains(u)) {
                Impact.Prediction p = r.predicted().get(u);
                missed.add(u + "  (" + d.rows() + " differing rows" + (p == null ? ", unreachable" : ", at " + p.hops() + " hops") + ")");
                d.examples().forEach(e -> missed.add("    " + e));
            }
        });
        List<String> over = new ArrayList<>();
        for (String u : r.predictedWithin(1)) {
            if (!r.actual().containsKey(u)) {
                over.add(u + "  (uses " + r.predicted().get(u).cause() + ")");
            }
        }
        List<String> withCauses = new ArrayList<>();
        r.predicted().forEach((c, p) -> {
            withCauses.add(c + "  (" + (r.actual().containsKey(c) ? "affected" : "facts identical") + "; " + p.causes().size()
                + " cause(s), nearest at " + p.hops() + " hop(s))");
            int shown = 0;
            for (Map.Entry<String, Integer> e : p.causes().entrySet()) {
                if (shown++ == 5) {
                    withCauses.add("      ... " + (p.causes().size() - 5) + " more");
                    break;
                }
                withCauses.add("      " + e.getValue() + " hop(s): " + r.apiChanges().get(e.getKey()) + " " + e.getKey());
            }
        });
        List<String> affected = new ArrayList<>();
        r.actual().forEach((c, d) -> {
            Impact.Prediction p = r.predicted().get(c);
            affected.add(c + "  (" + d.rows() + " differing rows; " + (p == null ? "not predicted" : "predicted at " + p.hops() + " hop(s)"
                + (p.cause().isEmpty() ? "" : ", uses " + p.cause())) + ")");
            d.examples().forEach(e -> affected.add("    " + e));
        });
        list("affected (ground truth)", affected);
        List<String> api = new ArrayList<>();
        r.apiChanges().forEach((e, how) -> api.add(how + " " + e + (how.equals("API_CHANGED")
            ? ": " + r.before().declarations().get(e) + "  ->  " + r.after().declarations().get(e) : "")));
        list("API changes", api);
        list("predicted (any distance), with the declaration changes that reach each", withCauses);
        list("affected but not predicted within 1 hop", missed);
        list("predicted within 1 hop, facts identical", over);
        List<String> pluginOnly = new ArrayList<>();
        List<String> graphOnly = new ArrayList<>();
        for (String c : r.recordedInvalidated()) {
            if (!r.predictedWithin(1).contains(c)) {
                pluginOnly.add(c + (r.actual().containsKey(c) ? "  (affected)" : "  (facts identical)"));
            }
        }
        for (String c : r.predictedWithin(1)) {
            if (!r.recordedInvalidated().contains(c)) {
                graphOnly.add(c + (r.actual().containsKey(c) ? "  (affected)" : "  (facts identical)"));
            }
        }
        list("invalidated by the plugin, not predicted within 1 hop", pluginOnly);
        list("predicted within 1 hop, not invalidated by the plugin", graphOnly);
        return 0;
    }

    /** One line per consecutive pair, and the totals over all pairs. */
    private int summary(Store s, StateView latest, int n) {
        if (n < 2) {
            throw new QueryException("the store has " + n + " recorded compilation(s); impact compares two");
        }
        ColumnSlice names = latest.column("compilations", "key");
        ColumnSlice last = latest.column("compilations", "last_epoch");
        out().printf("%-52s %9s %5s %6s %11s %11s %11s %11s %11s %11s%n", "compilations", "identical", "API", "truth",
            "hop1 p/hit", "hop2 p/hit", "all p/hit", "plugin p/hit", "zinc p/hit", "gradle p/hit");
        long[][] total = new long[6][2];
        long truth = 0;
        Map<String, List<String>> falsePositives = new TreeMap<>();
        List<String> falseNegatives = new ArrayList<>();
        for (int row = 1; row < n; row++) {
            Impact.Report r;
            try (RootAllocator allocator = new RootAllocator()) {
                r = Impact.evaluate(s, allocator, names.getSymbol(row - 1), last.getLong(row - 1), names.getSymbol(row), last.getLong(row));
            }
            int[][] c = {r.confusion(1), r.confusion(2), r.confusion(Long.MAX_VALUE), r.confusion(r.recordedInvalidated()),
                r.confusion(r.nameHashing()), r.confusion(r.classDependents())};
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < c.length; k++) {
                sb.append(String.format(" %11s", c[k][1] + "/" + c[k][0]));
                total[k][0] += c[k][0];
                total[k][1] += c[k][1];
            }
            truth += r.actual().size();
            for (String cls : r.predictedWithin(1)) {
                if (!r.actual().containsKey(cls)) {
                    String cause = r.predicted().get(cls).cause();
                    falsePositives.computeIfAbsent(category(cause, r), k -> new ArrayList<>()).add(cls + "  (uses " + cause + ")");
                }
            }
            r.actual().forEach((cls, d) -> {
                if (!r.predictedWithin(1).contains(cls)) {
                    falseNegatives.add(cls + " in " + r.to() + ": " + d.examples().getFirst());
                }
            });
            out().printf("%-52s %9d %5d %6d%s%n", r.from() + " -> " + r.to(), r.unchanged().size(), r.apiChanges().size(),
                r.actual().size(), sb);
        }
        out().printf("%ntotals over %d pairs: %d affected classes in the ground truth%n", n - 1, truth);
        String[] what = {"within 1 use hop (incremental compiler)", "within 2 use hops", "any distance (transitive closure)",
            "recorded by the plugin (ApiDiff)", "baseline: name hashing (Zinc)", "baseline: class dependents (Gradle)"};
        out().printf("  %-40s %9s %6s %9s %7s%n", "predicted", "predicted", "hits", "precision", "recall");
        for (int k = 0; k < what.length; k++) {
            row(what[k], new int[] {(int) total[k][0], (int) total[k][1], (int) truth});
        }
        out().printf("%npredicted within 1 hop, facts identical, by the kind of API change that reached them:%n");
        falsePositives.forEach((kind, classes) -> {
            out().printf("  %-44s %5d   e.g. %s%n", kind, classes.size(), classes.getFirst());
        });
        out().printf("%naffected but not predicted within 1 hop: %d%n", falseNegatives.size());
        falseNegatives.stream().limit(limit).forEach(l -> out().println("  " + l));
        return 0;
    }

    /** "API_ADDED member", "API_CHANGED type", ...: what kind of change made a class predicted. */
    private static String category(String cause, Impact.Report r) {
        if (cause.isEmpty()) {
            return "(through a longer path)";
        }
        int space = cause.indexOf(' ');
        String how = cause.substring(0, space);
        String entity = cause.substring(space + 1);
        if (entity.contains(" (over ")) {
            return how + " method, over a supertype's method a class calls";
        }
        String what = entity.contains("#") ? (entity.contains("(") ? "method" : "field") : "type";
        if (how.equals("API_ADDED") && what.equals("method")) {
            String key = ApiDiff.nameKey(entity);
            boolean overload = r.before().declarations().keySet().stream().anyMatch(e -> ApiDiff.nameKey(e).equals(key));
            return "API_ADDED method, " + (overload ? "an overload of a used name" : "a used name that was not API before");
        }
        return how + " " + what;
    }

    private void row(String what, int[] c) {
        out().printf("  %-40s %9d %6d %9s %7s%n", what, c[1], c[0],
            ratio(c[0], c[1]), ratio(c[0], c[2]));
    }

    private static String ratio(int a, int b) {
        return b == 0 ? "-" : String.format("%.2f", (double) a / b);
    }

    private void list(String what, List<String> lines) {
        long units = lines.stream().filter(l -> !l.startsWith(" ")).count();
        out().printf("%n%s: %d%n", what, units);
        int shown = 0;
        for (String l : lines) {
            if (!l.startsWith(" ") && shown++ == limit) {
                out().printf("  ... %d more (--limit)%n", units - limit);
                break;
            }
            out().println("  " + l);
        }
    }
}
