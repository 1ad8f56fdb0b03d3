package io.mmsb.delta.internal;

import static io.mmsb.delta.internal.Layouts.INT;
import static io.mmsb.delta.internal.Layouts.align64;

import io.mmsb.core.internal.memory.Block;
import io.mmsb.core.internal.memory.Memory;
import java.lang.foreign.MemorySegment;

/**
 * Lays out INT_LIST cells in one block: {@code rows + 1} int32 offsets, then the values at the
 * next 64-byte boundary. Stateless.
 */
final class ListLayout {
    private ListLayout() {}

    /** Offset of the values within a block of {@code rows} lists. */
    static long valuesOffset(int rows) {
        return align64((long) (rows + 1) * 4);
    }

    /** A block holding {@code cells} (a null cell is an empty list). */
    static Block layOut(Memory memory, int[][] cells) {
        long total = 0;
        for (int[] cell : cells) {
            total += cell == null ? 0 : cell.length;
        }
        long valuesOffset = valuesOffset(cells.length);
        Block b = memory.allocate(valuesOffset + total * 4);
        MemorySegment s = b.segment();
        int[] offsets = new int[cells.length + 1];
        int off = 0;
        for (int r = 0; r < cells.length; r++) {
            offsets[r] = off;
            int[] cell = cells[r];
            if (cell != null) {
                MemorySegment.copy(cell, 0, s, INT, valuesOffset + (long) off * 4, cell.length);
                off += cell.length;
            }
        }
        offsets[cells.length] = off;
        MemorySegment.copy(offsets, 0, s, INT, 0, offsets.length);
        return b;
    }

    static MemorySegment offsets(Block b, int rows) {
        return b.segment().asSlice(0, (long) (rows + 1) * 4);
    }

    static MemorySegment values(Block b, int rows) {
        return b.segment().asSlice(valuesOffset(rows));
    }
}
