package io.mmsb.delta.internal;

import io.mmsb.core.TableDef;

/**
 * A committed delta as the store keeps and logs it: the rows the delta wrote, {@code [rowStart,
 * rowEnd)}, and one page per written column covering the 64-row-aligned envelope
 * {@code [envStart, envEnd)} (the written rows plus the unchanged neighbours that share their
 * 64-row chunks, so that every chunk of the state is one page slice and replay never merges).
 *
 * <p>Thread rules: immutable. Ownership: pages point into blocks owned by the {@link Commit}.
 *
 * @param columnPositions position in {@code table.columns()} of each page's column
 * @param rowCountAfter the table's row count after this patch
 */
public record Patch(TableDef table, int rowStart, int rowEnd, int envStart, int envEnd, int rowCountAfter,
                    int[] columnPositions, Page[] pages) {
}
