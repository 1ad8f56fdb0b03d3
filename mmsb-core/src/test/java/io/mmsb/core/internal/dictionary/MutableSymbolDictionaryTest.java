package io.mmsb.core.internal.dictionary;

import io.mmsb.core.SchemaException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MutableSymbolDictionaryTest {
    @Test
    void codesAreDenseStableAndVersionedByEpoch() {
        MutableSymbolDictionary d = new MutableSymbolDictionary();
        assertEquals(0, d.add("int", 1));
        assertEquals(1, d.add("long", 1));
        assertEquals(0, d.add("int", 3), "adding a known symbol returns its code");
        assertEquals(2, d.add("String", 4));
        assertEquals(0, d.sizeAt(0));
        assertEquals(2, d.sizeAt(1));
        assertEquals(2, d.sizeAt(3));
        assertEquals(3, d.sizeAt(4));
        assertEquals(4, d.epochOf(2));
        assertEquals("long", d.string(1));
        assertEquals(-1, d.code("double"));
    }

    @Test
    void unknownCodesAndOutOfOrderRestoresAreErrors() {
        MutableSymbolDictionary d = new MutableSymbolDictionary();
        d.add("a", 1);
        assertThrows(SchemaException.class, () -> d.string(1));
        assertThrows(SchemaException.class, () -> d.string(-1));
        assertThrows(SchemaException.class, () -> d.restore(5, "x", 2), "a log whose dictionary skips codes is corrupt");
        assertThrows(SchemaException.class, () -> d.add("b", 0), "epochs of entries never go backwards");
        d.restore(1, "b", 2);
        assertEquals(1, d.code("b"));
    }

    /** Property: strings whose hashes collide ("Aa" and "BB"), across many resizes, keep their codes; absent ones are -1. */
    @Test
    void collidingStringsAcrossResizesKeepTheirCodes() {
        MutableSymbolDictionary d = new MutableSymbolDictionary();
        java.util.List<String> added = new java.util.ArrayList<>();
        for (int i = 0; i < 1 << 12; i++) { // 4,096 strings of one hash code, then 20,000 ordinary ones
            StringBuilder b = new StringBuilder();
            for (int bit = 0; bit < 12; bit++) {
                b.append((i >>> bit & 1) == 0 ? "Aa" : "BB");
            }
            added.add(b.toString());
        }
        java.util.Random random = new java.util.Random(9);
        for (int i = 0; i < 20_000; i++) {
            added.add(Long.toString(random.nextLong(), 36) + i);
        }
        for (int i = 0; i < added.size(); i++) {
            assertEquals(i, d.add(added.get(i), 1 + i / 1000));
            assertEquals(i, d.add(added.get(i), 1 + i / 1000), "adding again returns the code");
        }
        assertEquals(added.size(), d.size());
        for (int i = 0; i < added.size(); i++) {
            assertEquals(i, d.code(added.get(i)));
            assertEquals(added.get(i), d.string(i));
            assertEquals(1 + i / 1000, d.epochOf(i));
        }
        assertEquals(-1, d.code("AaAaAaAaAaAaAaAaAaAaAaAaAa"), "a colliding string that was never added");
        assertEquals(-1, d.code("absent"));
        assertEquals(1000, d.sizeAt(1));
    }

    /** Readers on other threads, while the single writer adds and resizes, find every entry the size says exists, with its code. */
    @Test
    void readersSeeEveryPublishedEntryWhileTheWriterGrowsTheTables() throws Exception {
        MutableSymbolDictionary d = new MutableSymbolDictionary();
        int n = 200_000;
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread[] readers = new Thread[2];
        for (int r = 0; r < readers.length; r++) {
            int seed = r;
            readers[r] = new Thread(() -> {
                java.util.Random random = new java.util.Random(seed);
                try {
                    while (!done.get()) {
                        int published = d.size();
                        if (published == 0) {
                            continue;
                        }
                        int code = random.nextInt(published);
                        String s = "s" + code;
                        if (d.code(s) != code || !d.string(code).equals(s)) {
                            throw new AssertionError("entry " + code + " of " + published + " published: code " + d.code(s) + ", string " + d.string(code));
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            readers[r].start();
        }
        for (int i = 0; i < n; i++) {
            d.add("s" + i, 1);
        }
        done.set(true);
        for (Thread t : readers) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(n, d.size());
    }
}
