package io.mmsb.delta.internal;

import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.DeltaBuilder;

/** Test access to the composer's cell copy. */
public final class DeltaComposerAccess {
    private DeltaComposerAccess() {}

    public static void copyCell(DeltaBuilder b, int col, ColumnSlice src, int row) {
        DeltaComposer.copyCell(b, col, src, row);
    }
}
