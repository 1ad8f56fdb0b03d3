package io.mmsb.impact.internal;

import io.mmsb.impact.Impact;
import io.mmsb.recorder.ApiDiff;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The two invalidation rules {@code mmsb impact} is compared with, computed from the same two
 * recorded APIs and the earlier compilation's uses as MMSB's own prediction ({@link Impact}).
 * Stateless; thread-safe.
 *
 * <ul>
 *   <li><b>Name hashing</b>, as sbt's Zinc does it: a class's API is its own signature (kind,
 *   modifiers, supertypes) and its non-private members; a changed class's <em>changed names</em>
 *   are the simple names of its members whose signature was added, removed or changed (access
 *   included). A class is invalidated when it inherits (transitively) from a class whose API
 *   changed, or when it refers to a changed class and uses one of its changed names anywhere (Zinc
 *   records used names unqualified), or refers to a class whose own signature changed.</li>
 *   <li><b>Class-level dependents of any ABI change</b>, as Gradle's incremental Java compilation
 *   does it: a class whose ABI (its signature or any non-private member) changed invalidates every
 *   class that refers to it or inherits from it (subtypes transitively), whatever member changed.</li>
 * </ul>
 * Both recompile whole source files, so both also invalidate every class of a source file (named
 * classes under one top-level class) in which a declaration changed, whatever its access. Both see
 * only what they would see in a real build: no argument types, no per-member uses; both are one
 * round (the real tools recompile in rounds until no API changes: a constant folded from a changed
 * constant is found in the second round, which one round over the earlier facts cannot see).
 */
public final class Baselines {
    private Baselines() {}

    /** Zinc-style name hashing, among {@code candidates}. */
    public static Set<String> nameHashing(ApiDiff.Api before, ApiDiff.Api after, Map<String, String> changes, Map<String, Set<String>> supertypes,
                                   Set<String> candidates) {
        Abi abi = abi(before, after, changes);
        return select(candidates, abi, supertypes, c -> {
            Set<String> names = new HashSet<>();
            Set<String> refers = new HashSet<>();
            for (String u : before.uses().getOrDefault(c, Set.of())) {
                if (!u.startsWith("local:")) {
                    names.add(Impact.simpleName(u));
                    refers.add(Impact.declaringClass(u));
                }
            }
            for (String d : refers) {
                if (!d.equals(c) && (abi.classLevel().contains(d)
                        || abi.changedNames().getOrDefault(d, Set.of()).stream().anyMatch(names::contains))) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Gradle-style class-level dependents of any ABI change, among {@code candidates}. */
    public static Set<String> classDependents(ApiDiff.Api before, ApiDiff.Api after, Map<String, String> changes, Map<String, Set<String>> supertypes,
                                       Set<String> candidates) {
        Abi abi = abi(before, after, changes);
        return select(candidates, abi, supertypes, c -> {
            for (String u : before.uses().getOrDefault(c, Set.of())) {
                String d = Impact.declaringClass(u);
                if (!d.equals(c) && abi.changed().contains(d)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** The ABI changes both baselines see: changed names per class, class-level changes, their union, the changed files. */
    private record Abi(Map<String, Set<String>> changedNames, Set<String> classLevel, Set<String> changed, Set<String> files) {}

    private static Abi abi(ApiDiff.Api before, ApiDiff.Api after, Map<String, String> changes) {
        Map<String, Set<String>> changedNames = new HashMap<>();
        Set<String> classLevel = new TreeSet<>();
        abiChanges(before, after, changes, changedNames, classLevel);
        Set<String> changed = new TreeSet<>(changedNames.keySet());
        changed.addAll(classLevel);
        return new Abi(changedNames, classLevel, changed, changedFiles(changes));
    }

    /**
     * The candidates a baseline recompiles: those in a changed source file or inheriting from a
     * changed class (both tools do that), and those whose uses {@code uses} says reach a change.
     */
    private static Set<String> select(Set<String> candidates, Abi abi, Map<String, Set<String>> supertypes, Predicate<String> uses) {
        Set<String> out = new TreeSet<>();
        for (String c : candidates) {
            if (abi.files().contains(topLevel(c)) || inheritsFromAny(c, abi.changed(), supertypes) || uses.test(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Splits the declaration changes into the classes whose own signature changed and, per class,
     * the simple names of its non-private members that changed (a member that is private on both
     * sides is not ABI).
     */
    private static void abiChanges(ApiDiff.Api before, ApiDiff.Api after, Map<String, String> changes, Map<String, Set<String>> changedNames,
                                   Set<String> classLevel) {
        for (String e : changes.keySet()) {
            if (e.indexOf('#') < 0) {
                classLevel.add(e);
                continue;
            }
            if (privateOnBothSides(e, before, after)) {
                continue;
            }
            changedNames.computeIfAbsent(Impact.declaringClass(e), d -> new TreeSet<>()).add(Impact.simpleName(e));
        }
    }

    /** The top-level classes (source files) in which some declaration changed. */
    private static Set<String> changedFiles(Map<String, String> changes) {
        Set<String> out = new TreeSet<>();
        for (String e : changes.keySet()) {
            out.add(topLevel(Impact.declaringClass(e)));
        }
        return out;
    }

    /** The top-level class of a binary class name ({@code p.A$B} gives p.A). */
    static String topLevel(String cls) {
        int d = cls.indexOf('$');
        return d < 0 ? cls : cls.substring(0, d);
    }

    private static boolean privateOnBothSides(String e, ApiDiff.Api before, ApiDiff.Api after) {
        return isPrivate(before.declarations().get(e)) && isPrivate(after.declarations().get(e));
    }

    /** Absent or private. */
    private static boolean isPrivate(String signature) {
        return signature == null || (" " + signature + " ").contains(" private ");
    }

    private static boolean inheritsFromAny(String c, Set<String> changed, Map<String, Set<String>> supertypes) {
        ArrayDeque<String> todo = new ArrayDeque<>(supertypes.getOrDefault(c, Set.of()));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (changed.contains(t)) {
                return true;
            }
            todo.addAll(supertypes.getOrDefault(t, Set.of()));
        }
        return false;
    }
}
