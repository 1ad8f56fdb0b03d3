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

    /**
     * A block holding {@code cells} (a null cell is an empty list). Offsets and values are gathered
     * in heap arrays and copied into the block in two bulk copies: a segment copy per cell costs
     * far more, above all before the JIT has compiled it.
     */
    static Block layOut(Memory memory, int[][] cells) {
        int[] offsets = new int[cells.length + 1];
        long total = 0;
        for (int r = 0; r < cells.length; r++) {
            offsets[r] = (int) total;
            total += cells[r] == null ? 0 : cells[r].length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("INT_LIST cells of one page hold " + total + " values; at most " + (Integer.MAX_VALUE - 8) + " fit");
        }
        offsets[cells.length] = (int) total;
        int[] values = new int[(int) total];
        for (int r = 0; r < cells.length; r++) {
            int[] cell = cells[r];
            if (cell != null) {
                System.arraycopy(cell, 0, values, offsets[r], cell.length);
            }
        }
        long valuesOffset = valuesOffset(cells.length);
        Block b = memory.allocate(valuesOffset + total * 4);
        MemorySegment s = b.segment();
        MemorySegment.copy(offsets, 0, s, INT, 0, offsets.length);
        MemorySegment.copy(values, 0, s, INT, valuesOffset, values.length);
        return b;
    }

    static MemorySegment offsets(Block b, int rows) {
        return b.segment().asSlice(0, (long) (rows + 1) * 4);
    }

    static MemorySegment values(Block b, int rows) {
        return b.segment().asSlice(valuesOffset(rows));
    }
}
