package io.mmsb.hooks;

import io.mmsb.hooks.internal.CompilationState;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only hooks a JVM compiler calls, and the failure-containment facade around them.
 *
 * <p>Containment: every method returns normally whatever happens inside MMSB (including in the
 * sink): the first failure of a compilation is logged once through SLF4J (one warning; the stack
 * trace at debug level) and recording stops for
 * that compilation (nothing of it reaches the sink, or the sink gets {@link FactSink#abort}).
 * Misuse (out-of-order calls, nulls, unknown ids) throws {@link HookMisuseException} in
 * {@link Mode#STRICT} and is contained the same way in {@link Mode#PRODUCTION}. Every method is
 * void: nothing is ever handed back into the compiler.
 *
 * <p>Thread rules: thread-safe. {@link #compilationBegin} and {@link #compilationEnd} must not
 * overlap other calls; between them, calls for different units may come from any threads at
 * once, but calls for one unit must come from one thread at a time (facts of one epoch keep call
 * order). Ownership: one instance per compiler instance / task, holding one compilation at a
 * time; it owns the buffered facts and hands them to its {@link FactSink} at
 * {@link #compilationEnd}, in canonical order (see {@link Epoch#CANONICAL}).
 */
public final class Hooks {
    private static final Logger LOG = LoggerFactory.getLogger(Hooks.class);

    /** How misuse is treated. */
    public enum Mode {
        /** Misuse throws {@link HookMisuseException} (tests, compiler authors' unit tests). */
        STRICT,
        /** Misuse is logged once and contained; recording stops for the compilation. */
        PRODUCTION
    }

    /** When facts reach the sink. */
    public enum Ordering {
        /**
         * Buffered, and handed to the sink at {@link #compilationEnd} in {@link Epoch#CANONICAL}
         * order: deterministic whatever the threads and the order of the calls.
         */
        CANONICAL,
        /**
         * Handed to the sink as each call returns, one epoch per call, in the order of the calls:
         * for a compiler that calls the hooks from one thread at a time in a deterministic order
         * (javac, scalac). Nothing is buffered in the hooks; with an {@link AsyncSink} the sink's
         * work overlaps the compilation. The calls are serialised.
         */
        CALL_ORDER
    }

    private final FactSink sink;
    private final Mode mode;
    private final Ordering ordering;
    private final Object lifecycle = new Object();
    private final AtomicBoolean outsideFailureLogged = new AtomicBoolean();
    private volatile CompilationState current;

    private Hooks(FactSink sink, Mode mode, Ordering ordering) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.ordering = Objects.requireNonNull(ordering, "ordering");
    }

    /** Hooks delivering to {@code sink} in canonical order at the end of each compilation. */
    public static Hooks create(FactSink sink, Mode mode) {
        return new Hooks(sink, mode, Ordering.CANONICAL);
    }

    /** Hooks delivering to {@code sink} with the given ordering. */
    public static Hooks create(FactSink sink, Mode mode, Ordering ordering) {
        return new Hooks(sink, mode, ordering);
    }

    /** The mode. */
    public Mode mode() {
        return mode;
    }

    /**
     * Whether a compilation is being recorded (begun and not stopped by a failure). Advisory, so
     * that an adapter can skip extraction work; the hooks behave the same whatever it returns.
     */
    public boolean isRecording() {
        CompilationState c = current;
        return c != null && !c.stopped();
    }

    /** A compilation begins; {@code compilationId} names it (deterministic ids give deterministic output). */
    public void compilationBegin(String compilationId) {
        guard("compilationBegin", null, () -> {
            if (compilationId == null || compilationId.isBlank()) {
                throw new HookMisuseException("compilation id must be a non-blank string");
            }
            synchronized (lifecycle) {
                if (current != null) {
                    throw new HookMisuseException("compilation " + current.id() + " has not ended");
                }
                CompilationState c = new CompilationState(compilationId, ordering == Ordering.CALL_ORDER ? sink : null);
                current = c;
                if (c.streaming()) {
                    try {
                        sink.begin(compilationId);
                    } catch (Throwable t) {
                        failed(c, "sink", t); // recording stops; the compilation's calls are then ignored
                    }
                }
            }
        });
    }

    /**
     * The compilation ends: its facts go to the sink in canonical order. Units still open are
     * misuse (strict) or ended implicitly (production).
     */
    public void compilationEnd() {
        CompilationState c;
        synchronized (lifecycle) {
            c = current;
            if (c == null) {
                guard("compilationEnd", null, () -> {
                    throw new HookMisuseException("compilationEnd without compilationBegin");
                });
                return;
            }
            List<String> open = c.openUnits();
            if (!open.isEmpty() && !c.stopped()) {
                guard("compilationEnd", c, () -> {
                    if (mode == Mode.STRICT) throw new HookMisuseException("units not ended: " + open);
                });
            }
            current = null;
        }
        if (c.stopped()) return;
        try {
            if (c.streaming()) {
                sink.end(c.id());
            } else {
                c.scheduler().release(c.id(), sink);
            }
        } catch (Throwable t) {
            failed(c, "sink", t); // while streaming, failed() aborts the sink
            if (!c.streaming()) {
                try {
                    sink.abort(c.id(), String.valueOf(t));
                } catch (Throwable ignored) {
                    // already logged once for this compilation
                }
            }
        } finally {
            c.scheduler().clear();
        }
    }

    /** A unit (source file) begins; {@code sourceSha256} is its content hash, or "" when unknown. */
    public void unitBegin(String unit, String sourceSha256) {
        run("unitBegin", c -> c.unitBegin(unit, sourceSha256));
    }

    /** A unit ends: no more facts for it in this compilation. */
    public void unitEnd(String unit) {
        run("unitEnd", c -> c.unitEnd(unit));
    }

    /** After parsing: syntax nodes of {@code unit} (stage {@link Stage#PARSE}). */
    public void afterParse(String unit, List<IrNode> nodes) {
        run("afterParse", c -> c.parse(unit, nodes));
    }

    /** After attribution / type inference (stage {@link Stage#ATTRIBUTION}). */
    public void afterAttribution(String unit, Attribution attribution) {
        run("afterAttribution", c -> c.attribution(unit, attribution));
    }

    /** After lowering / SSA creation (stage {@link Stage#LOWERING}). */
    public void afterLowering(String unit, IrSnapshot ir) {
        run("afterLowering", c -> c.ir(unit, Stage.LOWERING, 0, "", ir));
    }

    /** After the optimization pass {@code passName}, the {@code passIndex}-th of the pipeline. */
    public void afterPass(String unit, int passIndex, String passName, IrSnapshot ir) {
        run("afterPass", c -> c.ir(unit, Stage.OPTIMIZATION, passIndex, passName, ir));
    }

    /** Invalidations; {@code unit} "" records them at compilation level. */
    public void onInvalidation(String unit, List<InvalidationFact> invalidations) {
        run("onInvalidation", c -> c.invalidation(unit, invalidations));
    }

    /**
     * The adapter (MMSB code between the compiler and these hooks) failed while extracting
     * facts: recording stops for the current compilation (logged once), which then delivers
     * nothing. Never throws.
     */
    public void adapterFailed(String where, Throwable cause) {
        failed(current, "adapter: " + where, cause);
    }

    private interface Step {
        void apply(CompilationState c);
    }

    private void run(String what, Step step) {
        CompilationState c = current;
        if (c != null && c.stopped()) return;
        if (c != null && c.streaming()) {
            synchronized (c) { // call order is delivery order: one call at a time
                guard(what, c, () -> step.apply(c));
            }
            return;
        }
        guard(what, c, () -> {
            if (c == null) throw new HookMisuseException(what + " outside a compilation");
            step.apply(c);
        });
    }

    private void guard(String what, CompilationState c, Runnable body) {
        try {
            body.run();
        } catch (HookMisuseException e) {
            if (mode == Mode.STRICT) throw e;
            failed(c, what, e);
        } catch (Throwable t) {
            failed(c, what, t);
        }
    }

    private void failed(CompilationState c, String what, Throwable t) {
        try {
            if (c != null) {
                if (c.stop()) {
                    LOG.warn("MMSB stopped recording compilation {} after a failure in {}: {}; the compilation itself goes on",
                            c.id(), what, String.valueOf(t));
                    LOG.debug("MMSB: the failure in {}", what, t);
                    if (c.streaming()) { // the sink has seen part of the compilation: it must discard it
                        try {
                            sink.abort(c.id(), what + ": " + t);
                        } catch (Throwable ignored) {
                            // already logged once for this compilation
                        }
                    }
                }
            } else if (outsideFailureLogged.compareAndSet(false, true)) {
                LOG.warn("MMSB hooks misused outside a compilation ({}): {}; ignored", what, String.valueOf(t));
                LOG.debug("MMSB: the misuse", t);
            }
        } catch (Throwable ignored) {
            // logging itself failed: nothing more can be done without risking the compiler
        }
    }
}
