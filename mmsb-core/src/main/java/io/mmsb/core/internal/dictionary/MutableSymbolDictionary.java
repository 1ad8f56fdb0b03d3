package io.mmsb.core.internal.dictionary;

import io.mmsb.core.SchemaException;
import io.mmsb.core.SymbolDictionary;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import org.agrona.collections.LongArrayList;

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
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(int[].class);

    /** Guards the writer's changes and {@link #epochs}. */
    private final Object lock = new Object();
    /** byCode[code]: the entry's string; replaced by a larger copy when full, never changed below {@link #size} after. */
    private volatile String[] byCode = new String[64];
    /**
     * Open addressing (linear probing) from a string's hash to {@code code + 1} (0: empty), at
     * most half full; replaced by a larger table, never shrunk. One int per slot where a
     * {@code ConcurrentHashMap<String, Integer>} took a node and a boxed code per entry (about
     * 50 bytes: a store's dictionary has tens of thousands of entries).
     */
    private volatile int[] slots = new int[128];
    /** epochs.get(code): the epoch that added the entry (primitive: one per entry). */
    private final LongArrayList epochs = new LongArrayList();
    private volatile int size;

    /** The code of {@code symbol}, or -1 if it is not (yet) in the dictionary. */
    @Override
    public int code(String symbol) {
        int h = spread(Objects.requireNonNull(symbol, "symbol").hashCode());
        int[] t = slots;
        String[] strings = byCode; // read after the slots: holds every code the slots name
        int mask = t.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int v = (int) SLOT.getAcquire(t, i);
            if (v == 0) {
                return -1;
            }
            if (strings.length < v) {
                strings = byCode; // grown after this reader read it
            }
            if (strings[v - 1].equals(symbol)) {
                return v - 1;
            }
        }
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B1;
    }

    /** The string of {@code code}; throws {@link SchemaException} for an unknown code. */
    @Override
    public String string(int code) {
        int n = size;
        if (code < 0 || code >= n) {
            throw new SchemaException("symbol code " + code + " is not in the dictionary; expected 0.." + (n - 1));
        }
        return byCode[code];
    }

    /** Number of entries (codes {@code 0..size-1}). */
    @Override
    public int size() {
        return size;
    }

    /** Number of entries as of {@code epoch} (the dictionary's version at that epoch). */
    @Override
    public int sizeAt(long epoch) {
        synchronized (lock) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (epochs.getLong(mid) <= epoch) {
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
        synchronized (lock) {
            return epochs.getLong(code);
        }
    }

    /**
     * Appends {@code symbol} with the next code at {@code epoch} (writer only). Adding a symbol
     * that is already present returns its code unchanged.
     */
    public int add(String symbol, long epoch) {
        Objects.requireNonNull(symbol, "symbol");
        int existing = code(symbol);
        if (existing >= 0) {
            return existing;
        }
        synchronized (lock) {
            existing = code(symbol); // single writer by contract; checked again where it is cheap
            if (existing >= 0) {
                return existing;
            }
            if (!epochs.isEmpty() && epochs.getLong(epochs.size() - 1) > epoch) {
                throw new SchemaException("symbol '" + symbol + "' added at epoch " + epoch + " after an entry of epoch " + epochs.getLong(epochs.size() - 1) + "; expected non-decreasing epochs");
            }
            int code = size;
            String[] strings = byCode;
            if (code == strings.length) {
                strings = Arrays.copyOf(strings, strings.length * 2);
                byCode = strings;
            }
            strings[code] = symbol;
            epochs.addLong(epoch);
            int[] t = slots;
            if ((code + 1) * 2 > t.length) {
                t = rehash(strings, code, t.length * 2);
            }
            insert(t, symbol, code);
            slots = t; // publishes a new table after filling it; the same table: a volatile write after the slot's release
            size = code + 1;
            return code;
        }
    }

    private static int[] rehash(String[] strings, int count, int capacity) {
        int[] t = new int[capacity];
        for (int c = 0; c < count; c++) {
            insert(t, strings[c], c);
        }
        return t;
    }

    private static void insert(int[] t, String symbol, int code) {
        int mask = t.length - 1;
        int i = spread(symbol.hashCode()) & mask;
        while (t[i] != 0) {
            i = (i + 1) & mask;
        }
        SLOT.setRelease(t, i, code + 1);
    }

    /**
     * Re-adds an entry read from the log with its recorded code (replay). Throws
     * {@link SchemaException} if the code is not the next one: a log whose dictionary skips or
     * reuses codes is corrupt.
     */
    public void restore(int code, String symbol, long epoch) {
        synchronized (lock) {
            if (code != size) {
                throw new SchemaException("dictionary entry " + code + " ('" + symbol + "') out of order; expected code " + size);
            }
        }
        add(symbol, epoch);
    }
}
