package io.mmsb.delta.internal;

import io.mmsb.core.SymbolDictionary;
import io.mmsb.core.TableDef;
import io.mmsb.core.internal.dictionary.MutableSymbolDictionary;
import io.mmsb.core.internal.memory.Memory;
import io.mmsb.delta.Delta;
import io.mmsb.delta.DeltaBuilder;
import io.mmsb.delta.DeltaSet;
import io.mmsb.delta.Deltas;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The {@link Deltas} of MMSB: free-standing (own memory and dictionary) or bound to a store.
 *
 * <p>Thread rules: thread-safe. Ownership: owns its memory only when free-standing.
 */
public final class DeltasImpl implements Deltas {
    private final Memory memory;
    private final SymbolDictionary dictionary;
    private final boolean ownsMemory;

    private DeltasImpl(Memory memory, SymbolDictionary dictionary, boolean ownsMemory) {
        this.memory = memory;
        this.dictionary = dictionary;
        this.ownsMemory = ownsMemory;
    }

    /** A free-standing factory with its own empty symbol dictionary. */
    public static Deltas create(BufferAllocator allocator) {
        return new DeltasImpl(Memory.childOf(allocator, "mmsb-deltas"), new MutableSymbolDictionary(), true);
    }

    /** The factory of a store, over the store's memory and dictionary, which it does not own. */
    public static Deltas bound(Memory memory, SymbolDictionary dictionary) {
        return new DeltasImpl(memory, dictionary, false);
    }

    @Override
    public DeltaBuilder builder(TableDef table, int rowStart, int rowEnd, long epoch, String... columns) {
        return new DeltaBuilderImpl(memory, dictionary, table, rowStart, rowEnd, epoch, List.of(columns));
    }

    @Override
    public DeltaSet compose(List<? extends Delta> first, List<? extends Delta> second) {
        return DeltaComposer.compose(this, first, second);
    }

    @Override
    public void close() {
        if (ownsMemory) {
            memory.close();
        }
    }
}
