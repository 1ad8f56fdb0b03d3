package io.mmsb.scalac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import io.mmsb.recorder.FactTables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real Scala 3 libraries from Maven Central (sources fetched by the build), compiled by scalac
 * 3.3.7 with and without the plugin recording into a store on disk: every .class and .tasty file
 * is byte-identical, and the store holds the library's facts after every observed phase group.
 */
class NonInterferenceTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"sourcecode", "geny", "fansi", "pprint"})
    void outputIsByteIdenticalWithAndWithoutThePlugin(String library) {
        List<Path> sources = Scalac.sources(Scalac.libs().resolve("src").resolve(library));
        assertTrue(sources.size() >= 1, "sources of " + library + " unpacked by the build");
        String cp = Scalac.classpath(library);
        Path plain = tmp.resolve("plain");
        Path recorded = tmp.resolve("recorded");
        Path store = tmp.resolve("store");
        assertTrue(Scalac.compile(sources, cp, plain), "plain scalac compiles " + library);
        assertTrue(Scalac.compile(sources, cp, recorded, "store=" + store, "id=" + library), "scalac with MMSB compiles " + library);

        Map<String, byte[]> a = Scalac.outputs(plain);
        Map<String, byte[]> b = Scalac.outputs(recorded);
        assertTrue(a.keySet().stream().anyMatch(k -> k.endsWith(".tasty")), "TASTy files written");
        assertTrue(a.keySet().stream().anyMatch(k -> k.endsWith(".class")), "class files written");
        assertEquals(List.of(), Scalac.differences(a, b), library + ": files that differ with the plugin");
        System.out.printf("%s: %d sources, %d output files (.class and .tasty) byte-identical%n", library, sources.size(), a.size());

        try (RootAllocator root = new RootAllocator();
             Store s = Store.open(store, StoreOptions.of(FactTables.SCHEMA, root).withReadOnly(true))) {
            StateView v = s.latest();
            assertEquals(sources.size(), v.rowCount("units"), "one units row per source file");
            assertTrue(v.rowCount("nodes") > 100, "tree nodes recorded");
            assertTrue(v.rowCount("symbols") > 10, "symbols recorded");
            assertEquals(1, v.rowCount("compilations"));
            // every unit: parser, typer and at least 20 later phase groups, each one store epoch
            assertTrue(s.lastEpoch() >= (long) sources.size() * 22, "epochs: " + s.lastEpoch());
        }
    }
}
