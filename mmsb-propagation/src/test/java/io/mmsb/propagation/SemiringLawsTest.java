package io.mmsb.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The laws hold for every built-in semiring on random samples, and the checker catches broken ones. */
class SemiringLawsTest {
    static final List<LongSemiring> BUILTINS = List.of(Semirings.BOOLEAN, Semirings.TROPICAL, Semirings.MAX_PLUS, Semirings.COUNTING, Semirings.BIT_PARALLEL);

    /** Samples of the semiring's carrier: zero, one, top, and random ordinary values. */
    static List<Long> samples(LongSemiring s, Random rnd) {
        List<Long> out = new ArrayList<>(List.of(s.zeroL(), s.oneL()));
        for (int i = 0; i < 6; i++) {
            out.add(switch (s.name()) {
                case "boolean" -> (long) rnd.nextInt(2);
                case "bit-parallel boolean" -> rnd.nextLong();
                case "counting" -> rnd.nextInt(4) == 0 ? Long.MAX_VALUE - rnd.nextInt(3) : (long) rnd.nextInt(1_000_000);
                default -> rnd.nextInt(5) == 0 ? Long.MAX_VALUE - rnd.nextInt(3) : (long) rnd.nextInt(1_000_000);
            });
        }
        return out;
    }

    @Property(tries = 40)
    void everyBuiltinSatisfiesTheLaws(@ForAll long seed) {
        Random rnd = new Random(seed);
        for (LongSemiring s : BUILTINS) {
            assertEquals(List.of(), SemiringLaws.violations(s, samples(s, rnd)), s.name());
        }
    }

    @Test
    void boundedOnCyclesMeansOnePlusAnyPositiveCycleWeightIsOne() {
        for (LongSemiring s : BUILTINS) {
            boolean closed = true;
            for (long a : samples(s, new Random(1))) {
                closed &= s.plusL(s.oneL(), a) == s.oneL();
            }
            assertEquals(s.boundedOnCycles(), closed, s.name());
        }
    }

    @Test
    void theCheckerCatchesABrokenSemiring() {
        Semiring<Long> broken = new Semiring<>() {
            public Long zero() {
                return 0L;
            }

            public Long one() {
                return 1L;
            }

            public Long plus(Long a, Long b) {
                return a - b; // neither commutative nor associative
            }

            public Long times(Long a, Long b) {
                return a * b;
            }
        };
        List<String> v = SemiringLaws.violations(broken, List.of(0L, 1L, 2L, 5L));
        assertFalse(v.isEmpty());
        assertTrue(v.stream().anyMatch(x -> x.startsWith("plus is commutative")), v.toString());
        assertThrows(PropagationException.class, () -> SemiringLaws.check(broken, List.of(0L, 1L, 2L)));
    }

    @Test
    void nonAnnihilatingZeroIsCaught() {
        Semiring<Long> maxTimes = new Semiring<>() {
            public Long zero() {
                return 0L;
            }

            public Long one() {
                return 0L;
            }

            public Long plus(Long a, Long b) {
                return Math.max(a, b);
            }

            public Long times(Long a, Long b) {
                return a + b; // 0 is the identity of times, so it cannot annihilate
            }
        };
        assertTrue(SemiringLaws.violations(maxTimes, List.of(0L, 3L)).stream().anyMatch(x -> x.startsWith("0 annihilates")));
    }
}
