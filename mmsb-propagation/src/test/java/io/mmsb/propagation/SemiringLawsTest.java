package io.mmsb.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

/** The law checker holds for every built-in semiring (property-based) and catches broken ones. */
class SemiringLawsTest {

    /** Values of a semiring's carrier, biased to its edges (zero, one, infinities, overflow range). */
    static Arbitrary<Long> carrier(Semirings s) {
        return switch (s) {
            case BOOLEAN -> Arbitraries.of(0L, 1L);
            case TROPICAL -> Arbitraries.oneOf(Arbitraries.longs().between(0, 1000), Arbitraries.longs().greaterOrEqual(0),
                    Arbitraries.of(0L, Semirings.INFINITY, Semirings.INFINITY - 1));
            case MAX_PLUS -> Arbitraries.oneOf(Arbitraries.longs().between(0, 1000), Arbitraries.longs().greaterOrEqual(0),
                    Arbitraries.of(0L, Semirings.INFINITY, Semirings.NEG_INFINITY));
            case COUNTING -> Arbitraries.oneOf(Arbitraries.longs().between(0, 1000), Arbitraries.longs().between(0, 1L << 40),
                    Arbitraries.longs().greaterOrEqual(0), Arbitraries.of(0L, 1L, Semirings.INFINITY));
            case BIT_PARALLEL -> Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(0L, -1L));
        };
    }

    @Provide
    Arbitrary<Long> bool() { return carrier(Semirings.BOOLEAN); }
    @Provide
    Arbitrary<Long> tropical() { return carrier(Semirings.TROPICAL); }
    @Provide
    Arbitrary<Long> maxPlus() { return carrier(Semirings.MAX_PLUS); }
    @Provide
    Arbitrary<Long> counting() { return carrier(Semirings.COUNTING); }
    @Provide
    Arbitrary<Long> bits() { return carrier(Semirings.BIT_PARALLEL); }

    @Property(tries = 500)
    void booleanLaws(@ForAll("bool") long a, @ForAll("bool") long b, @ForAll("bool") long c) {
        SemiringLaws.check(Semirings.BOOLEAN, a, b, c);
    }

    @Property(tries = 1000)
    void tropicalLaws(@ForAll("tropical") long a, @ForAll("tropical") long b, @ForAll("tropical") long c) {
        SemiringLaws.check(Semirings.TROPICAL, a, b, c);
    }

    @Property(tries = 1000)
    void maxPlusLaws(@ForAll("maxPlus") long a, @ForAll("maxPlus") long b, @ForAll("maxPlus") long c) {
        SemiringLaws.check(Semirings.MAX_PLUS, a, b, c);
    }

    @Property(tries = 1000)
    void countingLaws(@ForAll("counting") long a, @ForAll("counting") long b, @ForAll("counting") long c) {
        SemiringLaws.check(Semirings.COUNTING, a, b, c);
    }

    @Property(tries = 1000)
    void bitParallelLaws(@ForAll("bits") long a, @ForAll("bits") long b, @ForAll("bits") long c) {
        SemiringLaws.check(Semirings.BIT_PARALLEL, a, b, c);
    }

    @Example
    void randomDriverAcceptsBuiltins() {
        SemiringLaws.check(Semirings.COUNTING, r -> r.nextBoolean() ? (long) r.nextInt(100) : r.nextLong() >>> 1, 10_000, 42);
        SemiringLaws.check(Semirings.TROPICAL, r -> r.nextLong() >>> 1, 10_000, 43);
    }

    /** Counting with wrap-around overflow (no saturation) breaks distributivity or associativity. */
    @Example
    void catchesWrappingCounting() {
        LongSemiring wrapping = new TestSemiring("wrapping-counting", 0, 1) {
            @Override public long plusLong(long a, long b) { return a + b; }
            @Override public long timesLong(long a, long b) { return Math.max(0, a * b); }
        };
        SemiringLawException e = assertThrows(SemiringLawException.class,
                () -> SemiringLaws.check(wrapping, r -> r.nextLong() >>> 1, 10_000, 7));
        assertEquals(3, e.operands().size(), e.getMessage());
    }

    /** Min-times over signed values is not distributive (negative factors flip min to max). */
    @Example
    void catchesNonDistributive() {
        LongSemiring minTimes = new TestSemiring("min-times", Long.MAX_VALUE, 1) {
            @Override public long plusLong(long a, long b) { return Math.min(a, b); }
            @Override public long timesLong(long a, long b) { return a == Long.MAX_VALUE || b == Long.MAX_VALUE ? Long.MAX_VALUE : a * b; }
        };
        SemiringLawException e = assertThrows(SemiringLawException.class, () -> SemiringLaws.check(minTimes, -2L, 1L, 3L));
        assertEquals("left distributivity", e.law());
    }

    @Example
    void catchesWrongZero() {
        LongSemiring badZero = new TestSemiring("or-and-zero-1", 1, -1) {
            @Override public long plusLong(long a, long b) { return a | b; }
            @Override public long timesLong(long a, long b) { return a & b; }
        };
        SemiringLawException e = assertThrows(SemiringLawException.class, () -> SemiringLaws.check(badZero, 6L, 0L, 0L));
        assertEquals("plus identity (zero)", e.law());
    }

    abstract static class TestSemiring implements LongSemiring {
        private final String name;
        private final long zero;
        private final long one;

        TestSemiring(String name, long zero, long one) {
            this.name = name;
            this.zero = zero;
            this.one = one;
        }

        @Override public String name() { return name; }
        @Override public long zeroLong() { return zero; }
        @Override public long oneLong() { return one; }
        @Override public long star(long w) { return one; }
    }
}
