package io.mmsb.scalac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.core.testing.LeakCheck;
import io.mmsb.delta.Filter;
import io.mmsb.delta.HistoryEntry;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import io.mmsb.recorder.FactTables;
import io.mmsb.recorder.StoreSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-phase history of one member, recorded in a store: one epoch per observed phase group of
 * the unit (named by the unit's phase marker), nodes that keep their identity across phases as one
 * row, and a phase that removes a node (the pattern matcher removing a {@code Match}) visible as
 * that node turning ABSENT at that phase.
 */
class PhaseHistoryTest {
    @RegisterExtension final LeakCheck leaks = new LeakCheck();
    @TempDir Path tmp;

    static final String SOURCE = """
        package demo

        object Shapes:
          def greet(name: String): String = name.concat("!")
          def label(x: Any): String = x match
            case i: Int => "int"
            case _ => "other"
        """;

    @AfterEach
    void forget() {
        ScalacSinks.unregister("mem");
    }

    @Test
    void oneMembersHistoryAcrossPhases() throws Exception {
        Path src = Files.writeString(Files.createDirectories(tmp.resolve("src")).resolve("Shapes.scala"), SOURCE);
        try (Store store = Store.inMemory(StoreOptions.of(FactTables.SCHEMA, leaks.allocator()))) {
            ScalacSinks.register("mem", new StoreSink(store));
            assertTrue(Scalac.compile(List.of(src), Scalac.standardLibrary(), tmp.resolve("out"), "store=mem", "mode=strict", "id=c1"));
            StateView v = store.latest();
            String unit = "demo/Shapes.scala";

            // the unit's phases, in order: one epoch each
            Map<Long, String> phases = new java.util.TreeMap<>();
            int marker = row(v, unit + "::::#phase");
            for (HistoryEntry h : store.history("nodes", marker)) {
                if (h.values().containsKey("detail")) { // (the compilation's last epoch writes the node's stage only)
                    phases.put(h.epoch(), (String) h.values().get("detail"));
                }
            }
            // the store keeps a node's parse-time detail when the same compilation attributes it (javac
            // rewrites trees while attributing), so the typer's epoch is the unit's ATTRIBUTION row of
            // stage_epochs rather than a change of the marker
            int[] typer = v.select("stage_epochs", Filter.symbols("key", (unit + "|ATTRIBUTION|0|")::equals));
            assertEquals(1, typer.length, "the unit's ATTRIBUTION epoch");
            phases.put(((Number) v.column("stage_epochs", "epoch").get(typer[0])).longValue(), "typer");
            List<String> names = new ArrayList<>(phases.values());
            assertEquals("parser", names.get(0));
            assertEquals("typer", names.get(1));
            for (String p : List.of("posttyper", "pickler", "inlining", "refchecks", "patternMatcher", "erasure", "constructors", "countOuterAccesses")) {
                assertTrue(names.contains(p), p + " observed: " + names);
            }
            assertTrue(names.size() >= 20, "phase groups observed: " + names);
            assertEquals(names.size(), store.lastEpoch() - 1, "one epoch per observed phase, plus the compilation's");

            // a source node keeps its row from the parser on: a string literal, typed at typer, retyped by erasure
            String greet = unit + "::demo.Shapes$#greet(name)::";
            int literal = row(v, greet + "Apply[0]/Literal[0]");
            List<HistoryEntry> lit = store.history("nodes", literal);
            // (a node's stage column is written once, at the end of the compilation: not in its first epoch)
            assertEquals("\"!\"", lit.get(0).values().get("detail"));
            assertEquals("", lit.get(0).values().get("type"));
            assertEquals("typer", phases.get(lit.get(1).epoch()), "typer gives it a type");
            assertTrue(!((String) lit.get(1).values().get("type")).isEmpty());

            // the pattern matcher removes the Match of label: ABSENT from that phase on
            int match = row(v, unit + "::demo.Shapes$#label(x)::Match[0]");
            List<HistoryEntry> m = store.history("nodes", match);
            assertEquals("Match", m.get(0).values().get("kind"));
            HistoryEntry gone = m.stream().filter(h -> "ABSENT".equals(h.values().get("kind"))).findFirst().orElseThrow();
            assertEquals("patternMatcher", phases.get(gone.epoch()), "the phase that removed the Match: " + phases.get(gone.epoch()));
        }
    }

    private static int row(StateView v, String key) {
        int row = io.mmsb.recorder.StoredNodes.find(v, io.mmsb.hooks.NodeId.parse(key));
        assertTrue(row >= 0, "a row with key " + key);
        return row;
    }
}
