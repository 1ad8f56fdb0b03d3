package io.mmsb.hooks;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.jctools.queues.SpscArrayQueue;
import org.jctools.util.Pow2;

/**
 * A {@link FactSink} that hands everything to another sink on a writer thread of its own, so
 * that the other sink's work (hashing, dictionary, encoding, checksums, I/O) runs beside the
 * compiler instead of on its thread. Thread rules: one producer thread at a time (the hooks
 * serialise their calls) and one writer thread per compilation, started at {@link #begin} and
 * finished at {@link #end} / {@link #abort}; the delegate is called from the writer thread only,
 * in the order of the calls here. Ownership: owns the writer thread and the queued fact lists;
 * borrows the delegate (closing it is the delegate's own business at its end or abort).
 *
 * <p>Between the threads: a bounded single-producer, single-consumer queue (JCTools
 * {@link SpscArrayQueue}) of at most {@code capacity} epochs. When it is full, the producer waits
 * (an Agrona back-off: spin, yield, then park), which bounds the memory the facts in flight take;
 * a waiting producer never deadlocks: if the writer has failed it stops waiting and throws. A
 * failure in the delegate is remembered, the rest of the compilation is dropped, the delegate gets
 * {@link FactSink#abort}, and the next call here (or {@link #end}) throws a {@link HookException},
 * which the {@link Hooks} facade contains: the compilation goes on, recording stops.
 * {@link #end} returns when the delegate's {@code end} has returned (the store is complete and
 * closed when the compilation's last hook returns).
 */
public final class AsyncSink implements FactSink {
    /** Default queue capacity, in epochs (an epoch is one hook call's facts). */
    public static final int DEFAULT_CAPACITY = 64;

    private sealed interface Item permits Begin, Batch, End, Abort {}

    private record Begin(String compilation) implements Item {}

    private record Batch(Epoch epoch, List<Fact> facts) implements Item {}

    private record End(String compilation, CountDownLatch done) implements Item {}

    private record Abort(String compilation, String reason, CountDownLatch done) implements Item {}

    private final FactSink delegate;
    private final int capacity;
    private SpscArrayQueue<Item> queue;
    private Thread writer;
    private volatile Throwable failure;
    private volatile boolean writerGone;

    private AsyncSink(FactSink delegate, int capacity) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2 epochs, was " + capacity);
        }
        this.capacity = Pow2.roundToPowerOfTwo(capacity);
    }

    /** Epochs the queue holds at most: the capacity asked for, rounded up to a power of two (JCTools). */
    public int capacity() {
        return capacity;
    }

    /** {@code delegate} run on a writer thread, with at most {@code capacity} epochs in flight. */
    public static AsyncSink of(FactSink delegate, int capacity) {
        return new AsyncSink(delegate, capacity);
    }

    /** {@code delegate} run on a writer thread, with at most {@link #DEFAULT_CAPACITY} epochs in flight. */
    public static AsyncSink of(FactSink delegate) {
        return new AsyncSink(delegate, DEFAULT_CAPACITY);
    }

    /** The sink the writer thread feeds. */
    public FactSink delegate() {
        return delegate;
    }

    @Override
    public void begin(String compilation) {
        if (writer != null && writer.isAlive()) {
            throw new HookException("compilation " + compilation + " begins while the previous one is still being written");
        }
        queue = new SpscArrayQueue<>(capacity);
        failure = null;
        writerGone = false;
        writer = Thread.ofPlatform().daemon().name("mmsb-writer-" + compilation).unstarted(this::drain);
        writer.start();
        put(new Begin(compilation));
    }

    @Override
    public void epoch(Epoch epoch, List<Fact> facts) {
        checkWriter();
        put(new Batch(epoch, facts));
    }

    @Override
    public void end(String compilation) {
        CountDownLatch done = new CountDownLatch(1);
        put(new End(compilation, done));
        await(done, compilation);
        Throwable t = failure;
        if (t != null) {
            throw new HookException("recording compilation " + compilation + " failed on the writer thread: " + t, t);
        }
    }

    @Override
    public void abort(String compilation, String reason) {
        if (queue == null || writerGone) {
            return; // nothing begun, or the writer already finished (and aborted the delegate if it failed)
        }
        CountDownLatch done = new CountDownLatch(1);
        try {
            put(new Abort(compilation, reason, done));
        } catch (HookException writerFailed) {
            return; // the writer already aborted the delegate when it failed
        }
        await(done, compilation);
    }

    private void checkWriter() {
        Throwable t = failure;
        if (t != null) {
            throw new HookException("the recording writer failed: " + t, t);
        }
    }

    /** Enqueues, waiting while the queue is full; never waits on a writer that is gone. */
    private void put(Item item) {
        IdleStrategy idle = null;
        while (!queue.offer(item)) {
            if (writerGone) {
                Throwable t = failure;
                throw new HookException("the recording writer stopped" + (t == null ? "" : ": " + t), t);
            }
            if (idle == null) {
                idle = backoff();
            }
            idle.idle();
        }
    }

    private void await(CountDownLatch done, String compilation) {
        try {
            while (!done.await(100, TimeUnit.MILLISECONDS)) {
                if (writerGone && done.getCount() > 0) {
                    throw new HookException("the recording writer of compilation " + compilation + " stopped before finishing it");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HookException("interrupted while the recording of compilation " + compilation + " was being finished", e);
        }
    }

    /** The writer thread: calls the delegate in queue order until the compilation ends or aborts. */
    private void drain() {
        IdleStrategy idle = backoff();
        String compilation = null;
        try {
            while (true) {
                Item item = queue.poll();
                if (item == null) {
                    idle.idle();
                    continue;
                }
                idle.reset();
                switch (item) {
                    case Begin b -> {
                        compilation = b.compilation();
                        call(() -> delegate.begin(b.compilation()), compilation);
                    }
                    case Batch b -> {
                        if (failure == null) {
                            call(() -> delegate.epoch(b.epoch(), b.facts()), b.epoch().compilation());
                        }
                    }
                    case End e -> {
                        if (failure == null) {
                            call(() -> delegate.end(e.compilation()), e.compilation());
                        }
                        e.done().countDown();
                        return;
                    }
                    case Abort a -> {
                        if (failure == null) { // after a failure the delegate was aborted already
                            failure = new HookException("aborted: " + a.reason());
                            try {
                                delegate.abort(a.compilation(), a.reason());
                            } catch (Throwable ignored) {
                                // the compilation is being discarded anyway
                            }
                        }
                        a.done().countDown();
                        return;
                    }
                }
            }
        } catch (Throwable t) { // only an Error thrown outside call(): never leave the producer waiting
            if (failure == null) {
                failure = t;
            }
        } finally {
            writerGone = true;
        }
    }

    /** Spin, yield, then park from 1 us up to 1 ms: how both threads wait on the queue. */
    private static IdleStrategy backoff() {
        return new BackoffIdleStrategy(64, 16, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    }

    /** Runs a delegate call; its first failure aborts the delegate and is remembered for the producer. */
    private void call(Runnable r, String compilation) {
        if (failure != null) {
            return;
        }
        try {
            r.run();
        } catch (Throwable t) {
            failure = t;
            try {
                delegate.abort(compilation, String.valueOf(t));
            } catch (Throwable ignored) {
                // the compilation is being discarded anyway
            }
        }
    }
}
