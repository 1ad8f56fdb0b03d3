package io.mmsb.core.internal.dictionary;

import io.mmsb.core.SchemaException;
import io.mmsb.core.SymbolDictionary;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link SymbolDictionary} a store owns, with the operations only MMSB may call: adding an
 * entry at commit and restoring one at replay. Internal: this package is exported only to
 * {@code io.mmsb.delta}; the public API hands out the read-only {@link SymbolDictionary}.
 *
 * <p>Thread rules: reads ({@link #code}, {@link #string}, {@link #size}) are safe from any
 * thread at any time; {@link #add} and {@link #restore} are called only by the store's single
 * writer (under its commit lock). Ownership: on-heap only; owned by one store.
 */
public final class MutableSymbolDictionary implements SymbolDictionary {
    private final ConcurrentHashMap<String, Integer> codes = new ConcurrentHashMap<>();
    private final List<String> strings = new ArrayList<>();
    private final List<Long> epochs = new ArrayList<>();
    private volatile int size;

    /** The code of {@code symbol}, or -1 if it is not (yet) in the dictionary. */
    @Override
    public int code(String symbol) {
        Integer c = codes.get(Objects.requireNonNull(symbol, "symbol"));
        return c == null ? -1 : c;
    }

    /** The string of {@code code}; throws {@link SchemaException} for an unknown code. */
    @Override
    public String string(int code) {
        int n = size;
        if (code < 0 || code >= n) {
            throw new SchemaException("symbol code " + code + " is not in the dictionary; expected 0.." + (n - 1));
        }
        synchronized (strings) {
            return strings.get(code);
        }
    }

    /** Number of entries (codes {@code 0..size-1}). */
    @Override
    public int size() {
        return size;
    }

    /** Number of entries as of {@code epoch} (the dictionary's version at that epoch). */
    @Override
    public int sizeAt(long epoch) {
        synchronized (strings) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (epochs.get(mid) <= epoch) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /** The epoch at which {@code code} was added. */
    @Override
    public long epochOf(int code) {
        string(code);
        synchronized (strings) {
            return epochs.get(code);
        }
    }

    /**
     * Appends {@code symbol} with the next code at {@code epoch} (writer only). Adding a symbol
     * that is already present returns its code unchanged.
     */
    public int add(String symbol, long epoch) {
        Objects.requireNonNull(symbol, "symbol");
        Integer existing = codes.get(symbol);
        if (existing != null) {
            return existing;
        }
        synchronized (strings) {
            if (!epochs.isEmpty() && epochs.get(epochs.size() - 1) > epoch) {
                throw new SchemaException("symbol '" + symbol + "' added at epoch " + epoch + " after an entry of epoch " + epochs.get(epochs.size() - 1) + "; expected non-decreasing epochs");
            }
            int code = strings.size();
            strings.add(symbol);
            epochs.add(epoch);
            codes.put(symbol, code);
            size = code + 1;
            return code;
        }
    }

    /**
     * Re-adds an entry read from the log with its recorded code (replay). Throws
     * {@link SchemaException} if the code is not the next one: a log whose dictionary skips or
     * reuses codes is corrupt.
     */
    public void restore(int code, String symbol, long epoch) {
        synchronized (strings) {
            if (code != strings.size()) {
                throw new SchemaException("dictionary entry " + code + " ('" + symbol + "') out of order; expected code " + strings.size());
            }
        }
        add(symbol, epoch);
    }
}
