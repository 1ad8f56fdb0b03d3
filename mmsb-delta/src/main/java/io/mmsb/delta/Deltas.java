package io.mmsb.delta;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.TableDef;
import io.mmsb.delta.internal.DeltasImpl;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Makes deltas outside a store (for tests and tools) and composes deltas. A store hands out its
 * own through {@link Store#deltas()}, bound to its memory and dictionary. Only MMSB implements it.
 *
 * <p>Thread rules: thread-safe. Ownership: owns a child allocator when made by
 * {@link #create(BufferAllocator)}; close it after every delta it made is closed.
 */
public sealed interface Deltas extends AutoCloseable permits DeltasImpl {

    /** A free-standing factory with its own empty symbol dictionary. */
    static Deltas create(BufferAllocator allocator) {
        return DeltasImpl.create(allocator);
    }

    /** Starts a delta on {@code table}, rows {@code [rowStart, rowEnd)}, labelled with {@code epoch}. */
    DeltaBuilder builder(TableDef table, int rowStart, int rowEnd, long epoch, String... columns);

    /** The same as {@link #builder} with every column of the table. */
    default DeltaBuilder builderAllColumns(TableDef table, int rowStart, int rowEnd, long epoch) {
        return builder(table, rowStart, rowEnd, epoch, table.columns().stream().map(ColumnDef::name).toArray(String[]::new));
    }

    /**
     * {@code first ∘ second}: the cells of both, the later winning where they overlap (within
     * each list too, later deltas win). The result is the canonical set of rectangles (maximal
     * row bands with one column set each), labelled with the latest input epoch. Applying it
     * equals applying {@code first} and then {@code second}; composition is associative.
     */
    DeltaSet compose(List<? extends Delta> first, List<? extends Delta> second);

    /** {@code a ∘ b} for two single deltas. */
    default DeltaSet compose(Delta a, Delta b) {
        return compose(List.of(a), List.of(b));
    }

    /** Releases the memory of a free-standing factory; a store's factory owns nothing. */
    @Override
    void close();
}
