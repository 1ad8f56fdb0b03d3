package io.mmsb.hooks;

import java.util.List;

/**
 * Where facts go: the seam where the Store is plugged in. A sink sees, per compilation,
 * {@link #begin}, then every non-empty epoch in canonical order, then {@link #end} (or
 * {@link #abort} when recording failed part-way: the sink must discard that compilation).
 *
 * <p>Thread rules: the hooks call a sink from one thread at a time (the one that ends the
 * compilation); a sink need not be thread-safe. Ownership: the lists handed over are immutable
 * and may be kept. A sink may throw: the {@link Hooks} facade contains it.
 */
public interface FactSink {
    /** A sink that drops everything. */
    FactSink NOOP = new FactSink() {
        @Override public void begin(String compilation) {}
        @Override public void epoch(Epoch epoch, List<Fact> facts) {}
        @Override public void end(String compilation) {}
        @Override public void abort(String compilation, String reason) {}
    };

    /** A compilation's facts start. */
    void begin(String compilation);

    /** One epoch's facts, in the order the compiler reported them. */
    void epoch(Epoch epoch, List<Fact> facts);

    /** The compilation's facts are complete. */
    void end(String compilation);

    /** Recording of the compilation failed after {@link #begin}: discard it. */
    void abort(String compilation, String reason);
}
