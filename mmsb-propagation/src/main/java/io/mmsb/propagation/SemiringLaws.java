package io.mmsb.propagation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Checks the semiring laws on sample values: associativity and commutativity of ⊕, associativity
 * of ⊗, distributivity of ⊗ over ⊕ on both sides, the identities 0 and 1, and annihilation by 0.
 * Use it in the tests of your own semiring, with samples that include 0, 1 and edge values:
 *
 * <pre>{@code assertEquals(List.of(), SemiringLaws.violations(mySemiring, samples));}</pre>
 *
 * Stateless; safe from any thread.
 */
public final class SemiringLaws {
    private SemiringLaws() {}

    /** The violated laws on every triple of {@code samples}, each with its witnesses; empty if none. */
    public static <T> List<String> violations(Semiring<T> s, List<T> samples) {
        return violations(s, samples, Objects::equals);
    }

    /** As {@link #violations(Semiring, List)} with a custom equality (for example for floating point). */
    public static <T> List<String> violations(Semiring<T> s, List<T> samples, BiPredicate<T, T> eq) {
        List<String> out = new ArrayList<>();
        T zero = s.zero();
        T one = s.one();
        for (T a : samples) {
            law(out, eq, s.plus(a, zero), a, s, "0 is the identity of plus", a);
            law(out, eq, s.plus(zero, a), a, s, "0 is the identity of plus", a);
            law(out, eq, s.times(a, one), a, s, "1 is the identity of times", a);
            law(out, eq, s.times(one, a), a, s, "1 is the identity of times", a);
            law(out, eq, s.times(a, zero), zero, s, "0 annihilates", a);
            law(out, eq, s.times(zero, a), zero, s, "0 annihilates", a);
            for (T b : samples) {
                law(out, eq, s.plus(a, b), s.plus(b, a), s, "plus is commutative", a, b);
                for (T c : samples) {
                    law(out, eq, s.plus(s.plus(a, b), c), s.plus(a, s.plus(b, c)), s, "plus is associative", a, b, c);
                    law(out, eq, s.times(s.times(a, b), c), s.times(a, s.times(b, c)), s, "times is associative", a, b, c);
                    law(out, eq, s.times(a, s.plus(b, c)), s.plus(s.times(a, b), s.times(a, c)), s, "times distributes over plus (left)", a, b, c);
                    law(out, eq, s.times(s.plus(b, c), a), s.plus(s.times(b, a), s.times(c, a)), s, "times distributes over plus (right)", a, b, c);
                }
            }
        }
        return out;
    }

    /** Throws {@link PropagationException} listing the first violations, if any. */
    public static <T> void check(Semiring<T> s, List<T> samples) {
        List<String> v = violations(s, samples);
        if (!v.isEmpty()) {
            throw new PropagationException(s.name() + " breaks " + v.size() + " semiring law checks, first: " + v.subList(0, Math.min(5, v.size())));
        }
    }

    @SafeVarargs
    private static <T> void law(List<String> out, BiPredicate<T, T> eq, T left, T right, Semiring<T> s, String law, T... witnesses) {
        if (!eq.test(left, right)) {
            out.add(law + " fails for " + List.of(witnesses) + ": " + left + " != " + right);
        }
    }
}
