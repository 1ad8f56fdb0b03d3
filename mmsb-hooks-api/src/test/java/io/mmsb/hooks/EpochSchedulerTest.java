package io.mmsb.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Determinism of the epoch scheduler: many threads drive different units in random
 * interleavings; the sink must see exactly the sequence of a single-threaded run.
 */
class EpochSchedulerTest {

    /** The calls one unit makes, in its own program order. */
    private static List<Runnable> script(Hooks h, String unit, int passes) {
        List<Runnable> calls = new ArrayList<>();
        calls.add(() -> h.unitBegin(unit, F.SHA));
        calls.add(() -> h.afterParse(unit, F.tree(unit, unit + "#m()")));
        calls.add(() -> h.afterAttribution(unit, F.attribution(unit, unit + "#m()")));
        calls.add(() -> h.afterLowering(unit, F.ir(unit, unit + "#m()")));
        calls.add(() -> h.afterLowering(unit, F.ir(unit, unit + "#n()")));
        for (int p = passes - 1; p >= 0; p--) {
            int pass = p;
            calls.add(() -> h.afterPass(unit, pass, "pass" + pass, F.passIr(unit, unit + "#m()")));
        }
        calls.add(() -> h.onInvalidation(unit, List.of(new InvalidationFact(unit, "dep", "API_CHANGED"))));
        calls.add(() -> h.unitEnd(unit));
        return calls;
    }

    private static List<RecordingSink.Recorded> run(List<String> units, int passes, int threads, Random random)
            throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        Hooks h = Hooks.create(sink, Hooks.Mode.STRICT);
        h.compilationBegin("c");
        if (threads == 0) {
            for (String u : units) script(h, u, passes).forEach(Runnable::run);
        } else {
            List<String> shuffled = new ArrayList<>(units);
            Collections.shuffle(shuffled, random);
            List<Thread> ts = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                List<String> mine = new ArrayList<>();
                for (int i = t; i < shuffled.size(); i += threads) mine.add(shuffled.get(i));
                long seed = random.nextLong();
                ts.add(Thread.ofPlatform().start(() -> {
                    Random r = new Random(seed);
                    try {
                        start.await();
                        // interleave this thread's units randomly, keeping each unit's order
                        List<List<Runnable>> queues = new ArrayList<>();
                        for (String u : mine) queues.add(new ArrayList<>(script(h, u, passes)));
                        while (!queues.isEmpty()) {
                            List<Runnable> q = queues.get(r.nextInt(queues.size()));
                            q.removeFirst().run();
                            if (q.isEmpty()) queues.remove(q);
                            if (r.nextInt(4) == 0) LockSupport.parkNanos(r.nextInt(20_000));
                            else if (r.nextBoolean()) Thread.yield();
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            start.countDown();
            for (Thread t : ts) t.join(TimeUnit.SECONDS.toMillis(30));
            assertEquals(List.of(), errors);
        }
        h.compilationEnd();
        return sink.recorded();
    }

    @Property(tries = 40)
    void concurrentCallersGiveTheSequentialSequence(@ForAll @IntRange(min = 1, max = 8) int unitCount,
                                                    @ForAll @IntRange(min = 0, max = 3) int passes,
                                                    @ForAll @IntRange(min = 1, max = 4) int threads,
                                                    @ForAll Random random) throws InterruptedException {
        List<String> units = new ArrayList<>();
        for (int i = 0; i < unitCount; i++) units.add("p" + (i * 7 % 5) + "/U" + i + ".java");
        List<RecordingSink.Recorded> sequential = run(units, passes, 0, random);
        List<RecordingSink.Recorded> concurrent = run(units, passes, threads, random);
        assertEquals(sequential, concurrent);
        for (int i = 1; i < concurrent.size(); i++) {
            assertTrue(Epoch.CANONICAL.compare(concurrent.get(i - 1).epoch(), concurrent.get(i).epoch()) <= 0,
                    "epochs arrive in canonical order");
        }
        List<String> reversed = new ArrayList<>(units);
        Collections.reverse(reversed);
        assertEquals(sequential, run(reversed, passes, 0, random), "unit call order does not matter");
    }
}
