package io.mmsb.hooks;

import java.util.Comparator;

/**
 * The key facts are buffered under: one (unit, stage, pass) of one compilation. Epochs reach the
 * sink in {@link #CANONICAL} order.
 *
 * <p>Thread rules: immutable record.
 *
 * @param compilation the compilation id given to {@link Hooks#compilationBegin(String)}
 * @param unit        the unit, "" for compilation-level facts (those come first)
 * @param stage       the stage
 * @param passIndex   the pass's position in the pipeline (0 outside {@link Stage#OPTIMIZATION})
 * @param pass        the pass name ("" outside {@link Stage#OPTIMIZATION})
 */
public record Epoch(String compilation, String unit, Stage stage, int passIndex, String pass) {
    /** Canonical order: unit name, then stage order, then pass index, then pass name. */
    public static final Comparator<Epoch> CANONICAL = Comparator.comparing(Epoch::compilation)
            .thenComparing(Epoch::unit)
            .thenComparing(Epoch::stage)
            .thenComparingInt(Epoch::passIndex)
            .thenComparing(Epoch::pass);
}
