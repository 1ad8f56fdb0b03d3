package io.mmsb.delta.internal;

import io.mmsb.core.Schema;
import io.mmsb.core.internal.memory.Block;
import java.util.List;

/**
 * Everything one epoch wrote: its patches, the dictionary entries it added, and the schema if it
 * changed with this commit (the first commit of a store always carries it). Once applied, the
 * store keeps the commit {@link #applied()}: without its entries (the dictionary holds them),
 * only their count.
 *
 * <p>Thread rules: immutable. Ownership: owns one reference to each of {@code blocks}, released
 * by {@link #release()} when the store closes.
 */
public record Commit(long epoch, Schema schema, List<Patch> patches, List<SymbolEntry> symbols, int newSymbols, List<Block> blocks) {
    /** A dictionary entry added by a commit. */
    public record SymbolEntry(int code, String symbol) {
    }

    public Commit(long epoch, Schema schema, List<Patch> patches, List<SymbolEntry> symbols, List<Block> blocks) {
        this(epoch, schema, patches, symbols, symbols.size(), blocks);
    }

    /** This commit as history keeps it: the entries it added dropped, their count kept. */
    public Commit applied() {
        return symbols.isEmpty() ? this : new Commit(epoch, schema, patches, List.of(), newSymbols, blocks);
    }

    public void release() {
        blocks.forEach(Block::close);
    }
}
