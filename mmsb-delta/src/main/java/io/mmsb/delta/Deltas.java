package io.mmsb.delta;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.SymbolDictionary;
import io.mmsb.core.TableDef;
import io.mmsb.core.internal.memory.Memory;
import io.mmsb.delta.internal.DeltaBuilderImpl;
import io.mmsb.delta.internal.DeltaComposer;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Makes deltas outside a store (for tests and tools) and composes deltas. A store hands out its
 * own through {@link Store#deltas()}, bound to its memory and dictionary.
 *
 * <p>Thread rules: thread-safe. Ownership: owns a child allocator when made by
 * {@link #create(BufferAllocator)}; close it after every delta it made is closed.
 */
public final class Deltas implements AutoCloseable {
    private final Memory memory;
    private final SymbolDictionary dictionary;
    private final boolean ownsMemory;

    private Deltas(Memory memory, SymbolDictionary dictionary, boolean ownsMemory) {
        this.memory = memory;
        this.dictionary = dictionary;
        this.ownsMemory = ownsMemory;
    }

    /** A free-standing factory with its own empty symbol dictionary. */
    public static Deltas create(BufferAllocator allocator) {
        return new Deltas(Memory.childOf(allocator, "mmsb-deltas"), new SymbolDictionary(), true);
    }

    /**
     * Internal (takes types of a non-exported package): the factory of a store, over the store's
     * memory and dictionary, which it does not own.
     */
    public static Deltas bound(Memory memory, SymbolDictionary dictionary) {
        return new Deltas(memory, dictionary, false);
    }

    /** Starts a delta on {@code table}, rows {@code [rowStart, rowEnd)}, labelled with {@code epoch}. */
    public DeltaBuilder builder(TableDef table, int rowStart, int rowEnd, long epoch, String... columns) {
        return new DeltaBuilderImpl(memory, dictionary, table, rowStart, rowEnd, epoch, List.of(columns));
    }

    /** The same as {@link #builder} with every column of the table. */
    public DeltaBuilder builderAllColumns(TableDef table, int rowStart, int rowEnd, long epoch) {
        return builder(table, rowStart, rowEnd, epoch, table.columns().stream().map(ColumnDef::name).toArray(String[]::new));
    }

    /**
     * {@code first ∘ second}: the cells of both, the later winning where they overlap (within
     * each list too, later deltas win). The result is the canonical set of rectangles (maximal
     * row bands with one column set each), labelled with the latest input epoch. Applying it
     * equals applying {@code first} and then {@code second}; composition is associative.
     */
    public DeltaSet compose(List<? extends Delta> first, List<? extends Delta> second) {
        return DeltaComposer.compose(this, first, second);
    }

    /** {@code a ∘ b} for two single deltas. */
    public DeltaSet compose(Delta a, Delta b) {
        return compose(List.of(a), List.of(b));
    }

    @Override
    public void close() {
        if (ownsMemory) {
            memory.close();
        }
    }
}
