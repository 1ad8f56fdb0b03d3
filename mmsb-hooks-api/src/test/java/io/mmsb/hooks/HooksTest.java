package io.mmsb.hooks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HooksTest {
    private final RecordingSink sink = new RecordingSink();
    private final Hooks strict = Hooks.create(sink, Hooks.Mode.STRICT);

    @Test
    void deliversEpochsInCanonicalOrderWhateverTheCallOrder() {
        strict.compilationBegin("c1");
        strict.unitBegin("b/B.java", F.SHA);
        strict.unitBegin("a/A.java", "");
        strict.afterPass("b/B.java", 2, "dce", F.passIr("b/B.java", "B#m()"));
        strict.afterPass("b/B.java", 1, "inline", F.passIr("b/B.java", "B#n()"));
        strict.afterLowering("b/B.java", F.ir("b/B.java", "B#m()"));
        strict.afterParse("b/B.java", F.tree("b/B.java", "B#m()"));
        strict.afterAttribution("a/A.java", F.attribution("a/A.java", "A#m()"));
        strict.onInvalidation("", List.of(new InvalidationFact("x", "y", "API_CHANGED")));
        strict.unitEnd("a/A.java");
        strict.unitEnd("b/B.java");
        assertTrue(sink.events().isEmpty(), "nothing reaches the sink before the compilation ends");
        strict.compilationEnd();
        assertEquals(List.of(
                "begin c1",
                "epoch Epoch[compilation=c1, unit=, stage=INVALIDATION, passIndex=0, pass=]",
                "epoch Epoch[compilation=c1, unit=a/A.java, stage=ATTRIBUTION, passIndex=0, pass=]",
                "epoch Epoch[compilation=c1, unit=b/B.java, stage=PARSE, passIndex=0, pass=]",
                "epoch Epoch[compilation=c1, unit=b/B.java, stage=LOWERING, passIndex=0, pass=]",
                "epoch Epoch[compilation=c1, unit=b/B.java, stage=OPTIMIZATION, passIndex=1, pass=inline]",
                "epoch Epoch[compilation=c1, unit=b/B.java, stage=OPTIMIZATION, passIndex=2, pass=dce]",
                "end c1"), sink.events());
        assertEquals(2, sink.facts("b/B.java", Stage.LOWERING, IrNode.class).size());
        assertEquals(1, sink.facts(Stage.LOWERING, CfgEdge.class).size());
        assertEquals(1, sink.facts(Stage.ATTRIBUTION, SymbolFact.class).size());
    }

    @Test
    void strictModeRejectsMisuseWithClearMessages() {
        assertThrows(HookMisuseException.class, () -> strict.unitBegin("a/A.java", ""), "outside a compilation");
        strict.compilationBegin("c");
        assertThrows(HookMisuseException.class, () -> strict.compilationBegin("c2"));
        assertThrows(HookMisuseException.class, () -> strict.afterParse("a/A.java", F.tree("a/A.java", "A#m()")),
                "unit not begun");
        strict.unitBegin("a/A.java", "");
        assertThrows(HookMisuseException.class, () -> strict.unitBegin("a/A.java", ""), "twice");
        assertThrows(HookMisuseException.class, () -> strict.unitBegin("b/B.java", "not-a-hash"));
        assertThrows(HookMisuseException.class, () -> strict.afterParse("a/A.java", null));
        assertThrows(HookMisuseException.class, () -> strict.afterParse("a/A.java", F.tree("other/O.java", "O#m()")),
                "unit mismatch");
        IrNode dangling = F.node(F.id("a/A.java", "A#m()", ""), Stage.PARSE, "METHOD", NodeId.NONE,
                List.of(F.id("a/A.java", "A#m()", "nowhere[0]")));
        HookMisuseException e = assertThrows(HookMisuseException.class, () -> strict.afterParse("a/A.java", List.of(dangling)));
        assertTrue(e.getMessage().contains("unknown node"), e.getMessage());
        IrSnapshot ir = F.ir("a/A.java", "A#m()");
        IrSnapshot badEdge = new IrSnapshot(ir.nodes(), ir.blocks(),
                List.of(new CfgEdge(ir.blocks().get(0).id(), F.id("a/A.java", "A#m()", "block[9]"), "JUMP")));
        assertThrows(HookMisuseException.class, () -> strict.afterLowering("a/A.java", badEdge));
        assertThrows(HookMisuseException.class, () -> strict.afterLowering("a/A.java", F.passIr("a/A.java", "A#m()")),
                "stage mismatch");
        assertThrows(HookMisuseException.class, () -> strict.afterPass("a/A.java", -1, "x", F.passIr("a/A.java", "A#m()")));
        assertThrows(HookMisuseException.class, () -> strict.afterPass("a/A.java", 0, " ", F.passIr("a/A.java", "A#m()")));
        IrNode unknownType = new IrNode(F.id("a/A.java", "A#f()", ""), Stage.PARSE, "X", NodeId.NONE, List.of(), "",
                "Tdeadbeef", "", "", Provenance.NONE);
        assertThrows(HookMisuseException.class, () -> strict.afterParse("a/A.java", List.of(unknownType)));
        assertThrows(HookMisuseException.class, strict::compilationEnd, "unit a still open");
    }

    @Test
    void rejectedCallsChangeNothing() {
        strict.compilationBegin("c");
        strict.unitBegin("a/A.java", "");
        assertThrows(HookMisuseException.class, () -> strict.afterLowering("a/A.java",
                new IrSnapshot(F.ir("a/A.java", "A#m()").nodes(), List.of(), List.of(
                        new CfgEdge(F.id("a/A.java", "A#m()", "block[0]"), F.id("a/A.java", "A#m()", "block[1]"), "JUMP")))));
        strict.unitEnd("a/A.java");
        strict.compilationEnd();
        assertEquals(List.of("begin c", "end c"), sink.events());
    }

    @Test
    void productionModeContainsMisuseAndStopsThatCompilationOnly() {
        Hooks prod = Hooks.create(sink, Hooks.Mode.PRODUCTION);
        assertDoesNotThrow(() -> prod.unitEnd("x"));
        prod.compilationBegin("bad");
        prod.unitBegin("a/A.java", "");
        assertDoesNotThrow(() -> prod.afterParse("a/A.java", null));
        assertFalse(prod.isRecording());
        assertDoesNotThrow(() -> prod.afterParse("a/A.java", F.tree("a/A.java", "A#m()")));
        prod.compilationEnd();
        assertTrue(sink.events().isEmpty(), "a stopped compilation delivers nothing");

        prod.compilationBegin("good");
        prod.unitBegin("a/A.java", "");
        prod.afterParse("a/A.java", F.tree("a/A.java", "A#m()"));
        prod.unitEnd("a/A.java");
        prod.compilationEnd();
        assertEquals(List.of("good"), sink.ended());
    }

    @Test
    void failingSinkIsContainedEvenInStrictModeAndAborts() {
        RecordingSink inner = new RecordingSink();
        FactSink failing = new FactSink() {
            @Override public void begin(String c) { inner.begin(c); }
            @Override public void epoch(Epoch e, List<Fact> f) { throw new IllegalStateException("disk full"); }
            @Override public void end(String c) { inner.end(c); }
            @Override public void abort(String c, String r) { inner.abort(c, r); }
        };
        Hooks hooks = Hooks.create(failing, Hooks.Mode.STRICT);
        hooks.compilationBegin("c");
        hooks.unitBegin("a/A.java", "");
        hooks.afterParse("a/A.java", F.tree("a/A.java", "A#m()"));
        hooks.unitEnd("a/A.java");
        assertDoesNotThrow(hooks::compilationEnd);
        assertEquals(List.of("c"), inner.aborted());
        assertTrue(inner.ended().isEmpty());
        // the next compilation records again
        hooks.compilationBegin("d");
        hooks.compilationEnd();
        assertEquals(List.of("d"), inner.ended());
    }

    @Test
    void errorsThrownBySinkAreContainedToo() {
        Hooks hooks = Hooks.create(new FactSink() {
            @Override public void begin(String c) { throw new StackOverflowError("boom"); }
            @Override public void epoch(Epoch e, List<Fact> f) {}
            @Override public void end(String c) {}
            @Override public void abort(String c, String r) { throw new IllegalStateException("abort fails too"); }
        }, Hooks.Mode.PRODUCTION);
        hooks.compilationBegin("c");
        assertDoesNotThrow(hooks::compilationEnd);
    }

    @Test
    void typeIdsAreDeterministicAndProvenanceHashesContent() {
        assertEquals(TypeFact.of("java.lang.String").id(), TypeFact.idOf("java.lang.String"));
        assertEquals(17, TypeFact.idOf("int").length());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Provenance.sha256Hex(new byte[0]));
    }
}
