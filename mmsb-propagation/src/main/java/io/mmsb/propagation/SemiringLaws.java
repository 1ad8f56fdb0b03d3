package io.mmsb.propagation;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Checks the semiring laws on sample values: associativity and commutativity of plus,
 * associativity of times, distributivity on both sides, identities of zero and one, and
 * annihilation by zero. A failure throws {@link SemiringLawException} naming the law and the
 * counterexample. Use it from a property-based test (one call per generated triple) or with the
 * random driver {@link #check(Semiring, Function, int, long)}.
 *
 * <p>Thread rules: stateless, thread-safe. Ownership: none.
 */
public final class SemiringLaws {
    private SemiringLaws() {}

    /** Checks every law on the triple (a, b, c); throws {@link SemiringLawException} on the first broken one. */
    public static <T> void check(Semiring<T> s, T a, T b, T c) {
        T zero = s.zero();
        T one = s.one();
        expect(s, "plus associativity", List.of(a, b, c), s.plus(s.plus(a, b), c), s.plus(a, s.plus(b, c)));
        expect(s, "plus commutativity", List.of(a, b), s.plus(a, b), s.plus(b, a));
        expect(s, "times associativity", List.of(a, b, c), s.times(s.times(a, b), c), s.times(a, s.times(b, c)));
        expect(s, "left distributivity", List.of(a, b, c), s.times(a, s.plus(b, c)), s.plus(s.times(a, b), s.times(a, c)));
        expect(s, "right distributivity", List.of(a, b, c), s.times(s.plus(a, b), c), s.plus(s.times(a, c), s.times(b, c)));
        expect(s, "plus identity (zero)", List.of(a), s.plus(a, zero), a);
        expect(s, "plus identity (zero, left)", List.of(a), s.plus(zero, a), a);
        expect(s, "times identity (one, right)", List.of(a), s.times(a, one), a);
        expect(s, "times identity (one, left)", List.of(a), s.times(one, a), a);
        expect(s, "annihilation by zero (right)", List.of(a), s.times(a, zero), zero);
        expect(s, "annihilation by zero (left)", List.of(a), s.times(zero, a), zero);
    }

    /**
     * Checks the laws on {@code samples} random triples drawn by {@code generator} (seeded, so a
     * failure is reproducible), plus the triples made of zero and one.
     */
    public static <T> void check(Semiring<T> s, Function<Random, T> generator, int samples, long seed) {
        T z = s.zero();
        T o = s.one();
        check(s, z, o, z);
        check(s, o, z, o);
        Random random = new Random(seed);
        for (int i = 0; i < samples; i++) {
            check(s, generator.apply(random), generator.apply(random), generator.apply(random));
        }
    }

    private static <T> void expect(Semiring<T> s, String law, List<?> operands, T left, T right) {
        if (!s.same(left, right)) {
            throw new SemiringLawException(s.name(), law, operands, left, right);
        }
    }
}
