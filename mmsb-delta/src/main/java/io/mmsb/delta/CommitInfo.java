package io.mmsb.delta;

import java.util.List;

/** A committed epoch and the rectangles it wrote (table, columns, row range each). */
public record CommitInfo(long epoch, List<Change> writes, int newSymbols) {
    public CommitInfo {
        writes = List.copyOf(writes);
    }
}
