package io.mmsb.javac.internal;

import java.util.Arrays;

/**
 * Shared strings for the path segments and details that every class file repeats
 * ({@code insn[i]}, {@code block[b]}, {@code slot n}): one instance per text, so the ids built
 * from them hash once and compare by identity first, and a compilation does not allocate the
 * same short strings hundreds of thousands of times.
 *
 * <p>Thread rules: thread-safe. A table grows by publishing a longer copy (volatile); two
 * threads that grow it at once may each build a string for the same text, which is harmless
 * (equal strings; sharing is only an optimisation).
 */
final class Paths {
    private static volatile String[] insns = new String[0];
    private static volatile String[] blocks = new String[0];
    private static final String[] SLOTS = new String[256];

    static {
        for (int i = 0; i < SLOTS.length; i++) SLOTS[i] = "slot " + i;
    }

    private Paths() {}

    /** {@code insn[i]}. */
    static String insn(int i) {
        String[] table = insns;
        if (i < table.length) return table[i];
        return (insns = grow(table, i, "insn["))[i];
    }

    /** {@code block[b]}. */
    static String block(int b) {
        String[] table = blocks;
        if (b < table.length) return table[b];
        return (blocks = grow(table, b, "block["))[b];
    }

    /** {@code slot n}. */
    static String slot(int n) {
        return n < SLOTS.length ? SLOTS[n] : "slot " + n;
    }

    private static String[] grow(String[] table, int index, String prefix) {
        String[] grown = Arrays.copyOf(table, Math.max(index + 1, Math.max(64, table.length * 2)));
        for (int k = table.length; k < grown.length; k++) grown[k] = prefix + k + "]";
        return grown;
    }
}
