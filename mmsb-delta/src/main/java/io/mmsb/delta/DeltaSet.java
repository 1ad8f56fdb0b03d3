package io.mmsb.delta;

import java.util.List;

/**
 * Deltas whose cells do not overlap (the result of {@link Deltas#compose}), in canonical order:
 * by table id, then by row. Committing all of them at one epoch applies the set.
 *
 * <p>Thread rules: immutable. Ownership: owns its deltas; {@link #close()} closes them.
 */
public record DeltaSet(List<Delta> deltas) implements AutoCloseable {
    public DeltaSet {
        deltas = List.copyOf(deltas);
    }

    @Override
    public void close() {
        deltas.forEach(Delta::close);
    }
}
