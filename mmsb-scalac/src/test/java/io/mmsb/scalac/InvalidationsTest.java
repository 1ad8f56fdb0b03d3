package io.mmsb.scalac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import io.mmsb.recorder.FactTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API changes between two Scala compilations recorded into one store give invalidations, as for
 * javac: a real library (geny 1.1.1, five units) compiled, compiled again unchanged, then after a
 * real edit of one unit's API (a method's result type made explicit and wider), then after an
 * edit of a private member only. Each compilation is its own scalac run, so the previous API comes
 * from the store, as it does for two {@code mmsb record} processes.
 */
class InvalidationsTest {
    @TempDir Path tmp;

    static final String ENTITY = "geny.Internal$#encodedLength(java.lang.String)";

    @Test
    void anApiEditInvalidatesTheClassesOfOtherUnitsThatUseIt() throws Exception {
        Path src = tmp.resolve("src");
        for (Path p : Scalac.sources(Scalac.libs().resolve("src/geny"))) {
            Files.copy(p, Files.createDirectories(src).resolve(p.getFileName()));
        }
        Path internal = src.resolve("Internal.scala");
        Path store = tmp.resolve("store");

        compile(src, store, "c1");
        compile(src, store, "c2");
        String code = Files.readString(internal);
        String edited = code.replace("def encodedLength(sequence: String) = {", "def encodedLength(sequence: String): Long = {");
        assertFalse(edited.equals(code), "the edit applies");
        Files.writeString(internal, edited);
        compile(src, store, "c3");
        String privateEdit = edited.replace("\"Unpaired surrogate at index \"", "\"unpaired surrogate at \"");
        assertFalse(privateEdit.equals(edited), "the second edit applies");
        Files.writeString(internal, privateEdit);
        compile(src, store, "c4");

        try (RootAllocator root = new RootAllocator();
             Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root).withReadOnly(true))) {
            StateView v = s.latest();
            assertEquals(Set.of(), invalidations(v, "c1"), "the first compilation has nothing to compare with");
            assertEquals(Set.of(), invalidations(v, "c2"), "the same sources again: no API change");
            // the two classes of Writable.scala that call it (StringWritable and StringReadable, named
            // by their member keys as of the last observed phase: flatten has lifted them into the
            // package); nothing else (Internal.scala's own classes are recompiled anyway)
            assertEquals(Set.of(ENTITY + " -> geny.StringReadable API_CHANGED " + ENTITY, ENTITY + " -> geny.StringWritable API_CHANGED " + ENTITY),
                invalidations(v, "c3"), "after the API edit");
            assertEquals(Set.of(), invalidations(v, "c4"), "a private member's body edited: no API change");
        }
    }

    private static void compile(Path src, Path store, String id) {
        assertTrue(Scalac.compile(Scalac.sources(src), Scalac.classpath("geny"), src.resolveSibling("out-" + id),
            "store=" + store, "id=" + id, "mode=strict"), "compiles " + id);
    }

    /** "cause -> invalidated reason" of one compilation. */
    private static Set<String> invalidations(StateView v, String compilation) {
        Set<String> out = new TreeSet<>();
        String t = FactTables.INVALIDATIONS.name();
        for (int r = 0; r < v.rowCount(t); r++) {
            if (!v.column(t, "compilation").getSymbol(r).equals(compilation)) continue;
            out.add(v.column(t, "cause").getSymbol(r) + " -> " + v.column(t, "invalidated").getSymbol(r) + " "
                + v.column(t, "reason").getSymbol(r));
        }
        return out;
    }
}
