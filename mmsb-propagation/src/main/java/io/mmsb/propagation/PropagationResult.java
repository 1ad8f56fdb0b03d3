package io.mmsb.propagation;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.mmsb.core.internal.memory.Block;
import io.mmsb.core.internal.memory.Memory;
import io.mmsb.propagation.internal.Kernels;
import java.lang.foreign.MemorySegment;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A sparse result column: the affected entities (value != the semiring's zero) in ascending id
 * order, with one value each, in two immutable off-heap pages (int32 ids, int64 values).
 * The order is deterministic: same graph and seeds, same result.
 *
 * <p>Thread rules: immutable once returned; reads are thread-safe. Ownership: the caller owns it
 * and closes it (the pages are accounted to the allocator given to the {@link Propagator}).
 */
public final class PropagationResult implements AutoCloseable {
    private final LongSemiring semiring;
    private final int nodeCount;
    private final int size;
    private final Memory memory;
    private final Block idsBlock;
    private final Block valuesBlock;
    private final MemorySegment ids;
    private final MemorySegment values;
    private final Kernels kernels;

    PropagationResult(LongSemiring semiring, int nodeCount, int size, Memory memory, Block idsBlock, Block valuesBlock, Kernels kernels) {
        this.semiring = semiring;
        this.nodeCount = nodeCount;
        this.size = size;
        this.memory = memory;
        this.idsBlock = idsBlock;
        this.valuesBlock = valuesBlock;
        this.ids = idsBlock.segment();
        this.values = valuesBlock.segment();
        this.kernels = kernels;
    }

    public LongSemiring semiring() {
        return semiring;
    }

    /** Nodes of the graph the result is about. */
    public int nodeCount() {
        return nodeCount;
    }

    /** Number of affected entities. */
    public int size() {
        return size;
    }

    /** The i-th affected entity id (ascending in i). */
    public int id(int i) {
        return ids.getAtIndex(JAVA_INT, i);
    }

    /** The value of the i-th affected entity. */
    public long valueAt(int i) {
        return values.getAtIndex(JAVA_LONG, i);
    }

    /** Value of {@code node}: its propagated value, or the semiring's zero if unaffected (binary search). */
    public long valueOf(int node) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int id = id(mid);
            if (id < node) {
                lo = mid + 1;
            } else if (id > node) {
                hi = mid - 1;
            } else {
                return valueAt(mid);
            }
        }
        return semiring.zeroLong();
    }

    /** Affected ids as a heap array (ascending). */
    public int[] idsArray() {
        return ids.toArray(JAVA_INT);
    }

    /** Values as a heap array (same order as {@link #idsArray()}). */
    public long[] valuesArray() {
        return values.toArray(JAVA_LONG);
    }

    /** Read-only view of the ids page. */
    public MemorySegment idsSegment() {
        return ids.asReadOnly();
    }

    /** Read-only view of the values page. */
    public MemorySegment valuesSegment() {
        return values.asReadOnly();
    }

    /** Number of affected entities whose value is {@code value} (e.g. {@link Semirings#INFINITY}); a kernel reduction. */
    public long count(long value) {
        return size - kernels.countNotEqual(values, size, value);
    }

    /** Sum of set bits over all values: for {@link Semirings#BIT_PARALLEL}, the number of (source, node) pairs reached. */
    public long bitCount() {
        return kernels.popcountSum(values, size);
    }

    /** This result as a dense column of {@link #nodeCount()} values (zero where unaffected); caller closes it. */
    public DenseColumn toDense(BufferAllocator allocator) {
        DenseColumn dense = DenseColumn.filled(allocator, semiring, nodeCount, kernels);
        MemorySegment d = dense.writable();
        for (int i = 0; i < size; i++) {
            d.setAtIndex(JAVA_LONG, id(i), valueAt(i));
        }
        return dense;
    }

    @Override
    public void close() {
        valuesBlock.close();
        idsBlock.close();
        memory.close();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(semiring.name()).append('{');
        for (int i = 0; i < Math.min(size, 20); i++) {
            b.append(i == 0 ? "" : ", ").append(id(i)).append('=').append(valueAt(i));
        }
        return b.append(size > 20 ? ", ...}" : "}").toString();
    }
}
