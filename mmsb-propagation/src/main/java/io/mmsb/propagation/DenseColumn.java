package io.mmsb.propagation;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.mmsb.core.internal.memory.Block;
import io.mmsb.core.internal.memory.Memory;
import io.mmsb.propagation.internal.KernelProvider;
import io.mmsb.propagation.internal.Kernels;
import java.lang.foreign.MemorySegment;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A dense off-heap column of one semiring value per node, with the element-wise kernels
 * (Vector API or scalar): {@link #combine} ({@code this = this + other * w}, e.g. min-plus to
 * merge distances to two change sets through a hub of distance w) and reductions.
 *
 * <p>Thread rules: not thread-safe while being combined into; reads after the last write are
 * safe from any thread. Ownership: the creator closes it.
 */
public final class DenseColumn implements AutoCloseable {
    private final LongSemiring semiring;
    private final int length;
    private final Memory memory;
    private final Block block;
    private final MemorySegment values;
    private final Kernels kernels;

    private DenseColumn(LongSemiring semiring, int length, Memory memory, Block block, Kernels kernels) {
        this.semiring = semiring;
        this.length = length;
        this.memory = memory;
        this.block = block;
        this.values = block.segment();
        this.kernels = kernels;
    }

    /** A column of {@code length} zeros of {@code semiring}, using the kernels chosen by {@code path}. */
    public static DenseColumn filled(BufferAllocator allocator, LongSemiring semiring, int length, KernelPath path) {
        return filled(allocator, semiring, length, KernelProvider.select(path));
    }

    static DenseColumn filled(BufferAllocator allocator, LongSemiring semiring, int length, Kernels kernels) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        Memory memory = Memory.childOf(allocator, "dense-column");
        try {
            Block block = memory.allocate((long) length * Long.BYTES);
            kernels.fill(block.segment(), length, semiring.zeroLong());
            return new DenseColumn(semiring, length, memory, block, kernels);
        } catch (RuntimeException | Error e) {
            memory.close();
            throw e;
        }
    }

    MemorySegment writable() {
        return values;
    }

    public int length() {
        return length;
    }

    public LongSemiring semiring() {
        return semiring;
    }

    /** Which kernels this column uses ("vector" or "scalar"). */
    public String kernels() {
        return kernels.name();
    }

    public long get(int i) {
        return values.getAtIndex(JAVA_LONG, i);
    }

    public void set(int i, long value) {
        values.setAtIndex(JAVA_LONG, i, value);
    }

    /** Read-only view of the values. */
    public MemorySegment segment() {
        return values.asReadOnly();
    }

    /**
     * {@code this[i] = this[i] + other[i] * w} in this column's semiring, for every i.
     *
     * @throws IllegalArgumentException if {@code w} is neither the semiring's zero nor a valid edge weight
     */
    public DenseColumn combine(DenseColumn other, long w) {
        if (w != semiring.zeroLong() && !semiring.isValidEdgeWeight(w)) {
            throw new IllegalArgumentException("weight " + w + " is invalid for " + semiring.name() + " (needs " + semiring.edgeWeightRule() + ")");
        }
        if (other.length != length || other.semiring != semiring) {
            throw new IllegalArgumentException("columns differ: " + length + " " + semiring.name() + " vs " + other.length + " " + other.semiring.name());
        }
        kernels.combine(semiring, values, other.values, length, w);
        return this;
    }

    /** Number of entries that are not the semiring's zero (the affected entities). */
    public long countAffected() {
        return kernels.countNotEqual(values, length, semiring.zeroLong());
    }

    /** Sum of set bits of all entries. */
    public long bitCount() {
        return kernels.popcountSum(values, length);
    }

    @Override
    public void close() {
        block.close();
        memory.close();
    }
}
