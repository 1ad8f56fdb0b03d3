package io.mmsb.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The hooks streaming in call order through an {@link AsyncSink}: the delegate sees exactly the
 * sequence a synchronous sink sees, whatever the writer's timing; a slow delegate bounds what is
 * in flight by the queue's capacity and never fails the compiler's calls; a failing delegate
 * (an exception, or an Error that kills the writer) stops recording, gets an abort and never
 * deadlocks the producer.
 */
class AsyncSinkTest {

    /** The calls of one small compilation: units in order, every stage, invalidations last. */
    private static void compile(Hooks h, List<String> units) {
        h.compilationBegin("c");
        for (String unit : units) {
            h.unitBegin(unit, F.SHA);
            h.afterParse(unit, F.tree(unit, unit + "#m()"));
        }
        for (String unit : units) {
            h.afterAttribution(unit, F.attribution(unit, unit + "#m()"));
            h.afterLowering(unit, F.ir(unit, unit + "#m()"));
            h.afterPass(unit, 0, "fold", F.passIr(unit, unit + "#m()"));
        }
        h.onInvalidation("", List.of(new InvalidationFact("x", "y", "API_CHANGED")));
        for (String unit : units) {
            h.unitEnd(unit);
        }
        h.compilationEnd();
    }

    /** A sink that sleeps a random while before passing each call on. */
    private static final class Jittery implements FactSink {
        final FactSink next;
        final Random random;

        Jittery(FactSink next, long seed) {
            this.next = next;
            this.random = new Random(seed);
        }

        private void jitter() {
            if (random.nextInt(3) == 0) {
                LockSupport.parkNanos(random.nextInt(300_000));
            }
        }

        @Override public void begin(String c) { jitter(); next.begin(c); }
        @Override public void epoch(Epoch e, List<Fact> facts) { jitter(); next.epoch(e, facts); }
        @Override public void end(String c) { jitter(); next.end(c); }
        @Override public void abort(String c, String r) { next.abort(c, r); }
    }

    @Test
    void theWriterDeliversTheCallsInCallOrderWhateverItsTiming() {
        List<String> units = List.of("b/B.java", "a/A.java", "c/C.java", "d/D.java");
        RecordingSink reference = new RecordingSink();
        compile(Hooks.create(reference, Hooks.Mode.STRICT, Hooks.Ordering.CALL_ORDER), units);
        assertEquals("begin c", reference.events().get(0));
        assertEquals("end c", reference.events().get(reference.events().size() - 1));
        assertTrue(reference.events().size() > units.size() * 4, "an epoch per call: " + reference.events());
        for (long seed = 0; seed < 30; seed++) {
            RecordingSink out = new RecordingSink();
            AsyncSink async = AsyncSink.of(new Jittery(out, seed), 2 + (int) (seed % 5));
            compile(Hooks.create(async, Hooks.Mode.STRICT, Hooks.Ordering.CALL_ORDER), units);
            assertEquals(reference.events(), out.events(), "seed " + seed);
            assertEquals(reference.recorded(), out.recorded(), "seed " + seed);
        }
    }

    @Test
    void aSlowSinkBoundsWhatIsInFlightAndNeverFailsTheCalls() {
        AtomicInteger produced = new AtomicInteger();
        AtomicInteger consumed = new AtomicInteger();
        List<Integer> inFlight = new ArrayList<>();
        FactSink slow = new FactSink() {
            @Override public void begin(String c) { }
            @Override public void epoch(Epoch e, List<Fact> facts) {
                LockSupport.parkNanos(2_000_000);
                consumed.incrementAndGet();
            }
            @Override public void end(String c) { }
            @Override public void abort(String c, String r) { }
        };
        int capacity = 3;
        AsyncSink async = AsyncSink.of(slow, capacity);
        FactSink counting = new FactSink() {
            @Override public void begin(String c) { async.begin(c); }
            @Override public void epoch(Epoch e, List<Fact> facts) {
                async.epoch(e, facts);
                synchronized (inFlight) {
                    inFlight.add(produced.incrementAndGet() - consumed.get());
                }
            }
            @Override public void end(String c) { async.end(c); }
            @Override public void abort(String c, String r) { async.abort(c, r); }
        };
        Hooks h = Hooks.create(counting, Hooks.Mode.STRICT, Hooks.Ordering.CALL_ORDER);
        List<String> units = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            units.add("u/U" + i + ".java");
        }
        compile(h, units);
        assertEquals(produced.get(), consumed.get(), "every epoch reached the sink before compilationEnd returned");
        int max = inFlight.stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertEquals(4, async.capacity(), "3 rounded up to a power of two");
        // queued (<= capacity) plus the one the writer holds
        assertTrue(max <= async.capacity() + 1, "epochs in flight peaked at " + max + " with a queue of " + async.capacity());
        assertTrue(max >= 2, "the producer ran ahead of the slow sink: " + max);
    }

    @Test
    void aFailingSinkStopsRecordingAbortsAndNeverFailsTheCompiler() {
        RecordingSink out = new RecordingSink();
        AtomicInteger epochs = new AtomicInteger();
        FactSink failing = new FactSink() {
            @Override public void begin(String c) { out.begin(c); }
            @Override public void epoch(Epoch e, List<Fact> facts) {
                if (epochs.incrementAndGet() == 3) {
                    throw new IllegalStateException("disk full");
                }
                out.epoch(e, facts);
            }
            @Override public void end(String c) { out.end(c); }
            @Override public void abort(String c, String r) { out.abort(c, r); }
        };
        Hooks h = Hooks.create(AsyncSink.of(failing, 2), Hooks.Mode.PRODUCTION, Hooks.Ordering.CALL_ORDER);
        compile(h, List.of("a/A.java", "b/B.java", "c/C.java"));
        assertEquals(List.of("c"), out.aborted());
        assertTrue(out.ended().isEmpty(), "a failed compilation never ends normally: " + out.events());
        assertFalse(h.isRecording());
        // the next compilation records again
        RecordingSink next = new RecordingSink();
        compile(Hooks.create(AsyncSink.of(next, 2), Hooks.Mode.PRODUCTION, Hooks.Ordering.CALL_ORDER), List.of("a/A.java"));
        assertEquals(List.of("c"), next.ended());
    }

    @Test
    void aWriterKilledByAnErrorNeverDeadlocksTheProducer() {
        RecordingSink out = new RecordingSink();
        FactSink dying = new FactSink() {
            @Override public void begin(String c) { out.begin(c); }
            @Override public void epoch(Epoch e, List<Fact> facts) { throw new StackOverflowError("deep"); }
            @Override public void end(String c) { out.end(c); }
            @Override public void abort(String c, String r) { out.abort(c, r); }
        };
        List<String> units = new ArrayList<>();
        for (int i = 0; i < 50; i++) { // far more epochs than the queue holds
            units.add("u/U" + i + ".java");
        }
        Hooks h = Hooks.create(AsyncSink.of(dying, 2), Hooks.Mode.PRODUCTION, Hooks.Ordering.CALL_ORDER);
        compile(h, units);
        assertEquals(List.of("c"), out.aborted());
        assertTrue(out.ended().isEmpty());
    }
}
