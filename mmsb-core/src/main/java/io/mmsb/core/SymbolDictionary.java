package io.mmsb.core;

import io.mmsb.core.internal.dictionary.MutableSymbolDictionary;
import java.nio.charset.StandardCharsets;

/**
 * The versioned dictionary behind {@link ColumnType#SYMBOL} columns, read-only: an append-only
 * mapping between strings and int32 codes. Codes are dense (0, 1, 2, ...) and never change. Each
 * entry records the epoch of the commit that added it, so the dictionary as of epoch N is the
 * prefix of entries added at or before N. Only MMSB adds entries (when a commit carries a new
 * symbol, and at replay); a caller cannot, so a store's dictionary always matches its log.
 *
 * <p>Thread rules: every method is safe from any thread at any time. Ownership: on-heap only;
 * owned by one store (or one free-standing {@code Deltas}).
 */
public sealed interface SymbolDictionary permits MutableSymbolDictionary {

    /** The code of {@code symbol}, or -1 if it is not (yet) in the dictionary. */
    int code(String symbol);

    /** The string of {@code code}; throws {@link SchemaException} for an unknown code. */
    String string(int code);

    /** Number of entries (codes {@code 0..size-1}). */
    int size();

    /** Number of entries as of {@code epoch} (the dictionary's version at that epoch). */
    int sizeAt(long epoch);

    /** The epoch at which {@code code} was added. */
    long epochOf(int code);

    /** UTF-8 bytes of a symbol (the form hashed and logged). */
    static byte[] utf8(String symbol) {
        return symbol.getBytes(StandardCharsets.UTF_8);
    }
}
