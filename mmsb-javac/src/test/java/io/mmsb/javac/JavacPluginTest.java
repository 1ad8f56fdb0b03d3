package io.mmsb.javac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.hooks.BlockFact;
import io.mmsb.hooks.CfgEdge;
import io.mmsb.hooks.Epoch;
import io.mmsb.hooks.Fact;
import io.mmsb.hooks.FactSink;
import io.mmsb.hooks.IrNode;
import io.mmsb.hooks.NodeId;
import io.mmsb.hooks.Provenance;
import io.mmsb.hooks.RecordingSink;
import io.mmsb.hooks.ScopeFact;
import io.mmsb.hooks.Stage;
import io.mmsb.hooks.SymbolFact;
import io.mmsb.hooks.TypeFact;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavacPluginTest {
    private static final String UNIT = "demo/Demo.java";

    @TempDir
    Path dir;

    private RecordingSink compileDemo(String source, String name) throws Exception {
        RecordingSink sink = new RecordingSink();
        Path d = dir.resolve(name);
        Javac.Result r = Javac.compile(Javac.write(d, Map.of(UNIT, source)), d.resolve("out"), sink, List.of(), "mode=strict");
        assertTrue(r.success(), r.diagnostics());
        assertEquals(List.of("test"), sink.ended(), "the compilation was recorded completely");
        return sink;
    }

    private static List<IrNode> nodes(RecordingSink sink, Stage stage, String member) {
        return sink.facts(UNIT, stage, IrNode.class).stream().filter(n -> n.id().member().equals(member)).toList();
    }

    private static String text(String source, Provenance p) {
        return p.start() < 0 || p.end() < 0 ? "" : source.substring((int) p.start(), (int) p.end());
    }

    @Test
    void parseFactsHaveKindsParentsAndSpansIntoTheHashedFile() throws Exception {
        RecordingSink sink = compileDemo(Snippets.DEMO, "parse");
        List<IrNode> parse = sink.facts(UNIT, Stage.PARSE, IrNode.class);
        IrNode root = parse.getFirst();
        assertEquals("COMPILATION_UNIT", root.kind());
        assertEquals(NodeId.NONE, root.parent());
        String sha = Provenance.sha256Hex(Files.readAllBytes(dir.resolve("parse/src/demo/Demo.java")));
        assertTrue(parse.stream().allMatch(n -> n.provenance().isNone() || n.provenance().sha256().equals(sha)));
        IrNode trim = parse.stream().filter(n -> n.kind().equals("METHOD_INVOCATION")
                && text(Snippets.DEMO, n.provenance()).equals("who.trim()")).findFirst().orElseThrow();
        assertEquals("demo.Demo#greet(String)", trim.id().member());
        Map<NodeId, IrNode> byId = parse.stream().collect(Collectors.toMap(IrNode::id, n -> n));
        IrNode parent = byId.get(trim.parent());
        assertEquals("PLUS", parent.kind());
        assertTrue(parent.operands().contains(trim.id()), "parent lists the node among its operands");
        IrNode method = byId.get(new NodeId(UNIT, "demo.Demo#abs(int)", ""));
        assertEquals("METHOD", method.kind());
        assertTrue(text(Snippets.DEMO, method.provenance()).startsWith("public static int abs(int v) {"));
    }

    @Test
    void attributionRecordsExpressionTypesAndResolvedCallTargets() throws Exception {
        RecordingSink sink = compileDemo(Snippets.DEMO, "attr");
        List<IrNode> attr = sink.facts(UNIT, Stage.ATTRIBUTION, IrNode.class);
        Map<String, String> types = sink.facts(Stage.ATTRIBUTION, TypeFact.class).stream()
                .collect(Collectors.toMap(TypeFact::id, TypeFact::descriptor, (a, b) -> a));
        Map<String, SymbolFact> symbols = sink.facts(Stage.ATTRIBUTION, SymbolFact.class).stream()
                .collect(Collectors.toMap(SymbolFact::id, s -> s, (a, b) -> a));
        IrNode length = attr.stream().filter(n -> n.kind().equals("METHOD_INVOCATION")
                && text(Snippets.DEMO, n.provenance()).equals("x.length()")).findFirst().orElseThrow();
        assertEquals("int", types.get(length.typeId()));
        IrNode select = attr.stream().filter(n -> n.kind().equals("MEMBER_SELECT")
                && text(Snippets.DEMO, n.provenance()).equals("x.length")).findFirst().orElseThrow();
        assertEquals("java.lang.String#length()", select.symbolId(), "call target resolved");
        assertEquals("METHOD", symbols.get("java.lang.String#length()").kind());
        IrNode plus = attr.stream().filter(n -> n.kind().equals("PLUS")).findFirst().orElseThrow();
        assertEquals("java.lang.String", types.get(plus.typeId()));
        IrNode x = attr.stream().filter(n -> n.kind().equals("IDENTIFIER")
                && text(Snippets.DEMO, n.provenance()).equals("x") && n.id().member().equals("demo.Demo#loop(List<String>)"))
                .findFirst().orElseThrow();
        assertTrue(x.symbolId().startsWith("local:"), x.symbolId());
        assertEquals("LOCAL_VARIABLE", symbols.get(x.symbolId()).kind());
        IrNode decl = attr.stream().filter(n -> n.kind().equals("METHOD") && n.id().member().equals("demo.Demo#loop(List<String>)"))
                .findFirst().orElseThrow();
        assertEquals("demo.Demo#loop(java.util.List)", decl.symbolId());
        assertEquals("public", symbols.get(decl.symbolId()).modifiers());
        assertTrue(sink.facts(Stage.ATTRIBUTION, ScopeFact.class).stream()
                .anyMatch(s -> s.id().equals("scope:demo.Demo#abs(int)") && s.parentId().equals("scope:demo.Demo")));
        Set<NodeId> parseIds = sink.facts(UNIT, Stage.PARSE, IrNode.class).stream().map(IrNode::id).collect(Collectors.toSet());
        assertEquals(List.of(), attr.stream().filter(n -> !n.provenance().isNone() && n.provenance().end() >= 0)
                .map(IrNode::id).filter(id -> !parseIds.contains(id)).toList(),
                "a source node has the same id at PARSE and ATTRIBUTION");
    }

    @Test
    void loweringRecordsBytecodeBlocksAndControlFlowEdges() throws Exception {
        RecordingSink sink = compileDemo(Snippets.DEMO, "lower");
        List<IrNode> abs = nodes(sink, Stage.LOWERING, "demo.Demo#abs(I)I");
        assertEquals(List.of("ILOAD_0", "IFGE", "ILOAD_0", "INEG", "IRETURN", "ILOAD_0", "IRETURN"),
                abs.stream().map(IrNode::kind).toList());
        assertEquals("-> block[2]", abs.get(1).detail());
        List<CfgEdge> absEdges = sink.facts(Stage.LOWERING, CfgEdge.class).stream()
                .filter(e -> e.from().member().equals("demo.Demo#abs(I)I")).toList();
        NodeId b0 = new NodeId(UNIT, "demo.Demo#abs(I)I", "block[0]");
        NodeId b1 = new NodeId(UNIT, "demo.Demo#abs(I)I", "block[1]");
        NodeId b2 = new NodeId(UNIT, "demo.Demo#abs(I)I", "block[2]");
        assertEquals(Set.of(new CfgEdge(b0, b2, "BRANCH"), new CfgEdge(b0, b1, "FALLTHROUGH")), Set.copyOf(absEdges));
        List<BlockFact> blocks = sink.facts(Stage.LOWERING, BlockFact.class).stream()
                .filter(b -> b.id().member().equals("demo.Demo#abs(I)I")).toList();
        assertEquals(3, blocks.size());
        // the for-each loop has a back edge (a GOTO to an earlier block)
        List<CfgEdge> loopEdges = sink.facts(Stage.LOWERING, CfgEdge.class).stream()
                .filter(e -> e.from().member().equals("demo.Demo#loop(Ljava/util/List;)I")).toList();
        assertTrue(loopEdges.stream().anyMatch(e -> e.kind().equals("JUMP") && blockNo(e.to()) < blockNo(e.from())), loopEdges.toString());
        IrNode invoke = nodes(sink, Stage.LOWERING, "demo.Demo#greet(Ljava/lang/String;)Ljava/lang/String;").stream()
                .filter(n -> n.kind().equals("INVOKEVIRTUAL")).findFirst().orElseThrow();
        assertEquals("java/lang/String.trim()Ljava/lang/String;", invoke.detail());
        assertTrue(text(Snippets.DEMO, invoke.provenance()).contains("who.trim()"), "instruction maps to its source line");
        assertTrue(sink.facts(Stage.LOWERING, IrNode.class).stream().noneMatch(n -> n.detail().contains("Hello")),
                "the concatenation recipe (a bootstrap argument) is not extracted");
        // operands: the instructions whose results an instruction consumes
        assertEquals(List.of(List.of(), List.of(abs.get(0).id()), List.of(), List.of(abs.get(2).id()), List.of(abs.get(3).id()),
                List.of(), List.of(abs.get(5).id())), abs.stream().map(IrNode::operands).toList());
        List<IrNode> greet = nodes(sink, Stage.LOWERING, "demo.Demo#greet(Ljava/lang/String;)Ljava/lang/String;");
        assertEquals(List.of(greet.get(greet.indexOf(invoke) - 1).id()), invoke.operands(), "trim() consumes who");
    }

    @Test
    void bytecodeOperandsFollowTheStackThroughDupForms() throws Exception {
        String source = """
            package demo;
            public class Demo {
                long total;
                int[] xs = new int[4];
                long next() { return total++; }
                void bump(int i, int v) { xs[i] += v; }
                static double mix(long a, double b) { return a * b; }
            }
            """;
        RecordingSink sink = compileDemo(source, "dup");
        // total++ as a value: ALOAD_0 DUP GETFIELD DUP2_X1 LCONST_1 LADD PUTFIELD LRETURN
        List<IrNode> next = nodes(sink, Stage.LOWERING, "demo.Demo#next()J");
        assertEquals(List.of("ALOAD_0", "DUP", "GETFIELD", "DUP2_X1", "LCONST_1", "LADD", "PUTFIELD", "LRETURN"),
                next.stream().map(IrNode::kind).toList());
        NodeId aload = next.get(0).id(), getfield = next.get(2).id(), one = next.get(4).id(), ladd = next.get(5).id();
        assertEquals(List.of(aload), next.get(2).operands(), "GETFIELD reads this");
        assertEquals(List.of(getfield, one), next.get(5).operands(), "LADD adds the old value and 1");
        assertEquals(List.of(aload, ladd), next.get(6).operands(), "PUTFIELD writes the sum into this (the DUPed receiver)");
        assertEquals(List.of(getfield), next.get(7).operands(), "LRETURN returns the old value (DUP2_X1 moved it under)");
        // xs[i] += v: ALOAD_0 GETFIELD ILOAD_1 DUP2 IALOAD ILOAD_2 IADD IASTORE RETURN
        List<IrNode> bump = nodes(sink, Stage.LOWERING, "demo.Demo#bump(II)V");
        assertEquals("IASTORE", bump.get(7).kind());
        assertEquals(List.of(bump.get(1).id(), bump.get(2).id(), bump.get(6).id()), bump.get(7).operands());
        assertEquals(List.of(bump.get(1).id(), bump.get(2).id()), bump.get(4).operands(), "IALOAD reads the DUP2ed array and index");
        List<IrNode> mix = nodes(sink, Stage.LOWERING, "demo.Demo#mix(JD)D");
        assertEquals(List.of("LLOAD_0", "L2D", "DLOAD_2", "DMUL", "DRETURN"), mix.stream().map(IrNode::kind).toList());
        assertEquals(List.of(mix.get(1).id(), mix.get(2).id()), mix.get(3).operands());
    }

    private static int blockNo(NodeId block) {
        String p = block.path();
        return Integer.parseInt(p.substring(p.indexOf('[') + 1, p.indexOf(']')));
    }

    @Test
    void idsOfAnUnchangedMethodSurviveAnEditAboveIt() throws Exception {
        RecordingSink before = compileDemo(Snippets.DEMO, "v1");
        RecordingSink after = compileDemo(Snippets.DEMO_EDITED, "v2");
        for (Stage stage : List.of(Stage.PARSE, Stage.ATTRIBUTION)) {
            for (String member : List.of("demo.Demo#abs(int)", "demo.Demo#greet(String)")) {
                Map<NodeId, String> v1 = kinds(nodes(before, stage, member));
                Map<NodeId, String> v2 = kinds(nodes(after, stage, member));
                assertFalse(v1.isEmpty());
                assertEquals(v1, v2, stage + " ids of " + member);
            }
        }
        assertEquals(kinds(nodes(before, Stage.LOWERING, "demo.Demo#abs(I)I")),
                kinds(nodes(after, Stage.LOWERING, "demo.Demo#abs(I)I")));
        // control: the edited method's ids did change, and the new method's are new
        assertNotEquals(kinds(nodes(before, Stage.PARSE, "demo.Demo#loop(List<String>)")),
                kinds(nodes(after, Stage.PARSE, "demo.Demo#loop(List<String>)")));
        assertFalse(nodes(after, Stage.PARSE, "demo.Demo#twice(int)").isEmpty());
    }

    @Test
    void genericOverloadsThatReadTheSameGetDistinctIdsAndTreeDetailsCarryNamesAndLiterals() throws Exception {
        String source = """
            package demo;
            import java.util.Collection;
            import java.util.Map;
            public class Demo {
                public static <T extends Collection<?>> T notEmpty(T c) { return c; }
                public static <T extends Map<?, ?>> T notEmpty(T m) { return m; }
                static final String LONG = "%s";
                static int size(java.util.List<String> a) { return a.size() + 40; }
                static int size(List<String> a) { return a.size() + 40; }
                interface List<E> { int size(); }
            }
            """.formatted("x".repeat(80));
        RecordingSink sink = compileDemo(source, "generic");
        Map<String, String> symbolOfDeclaration = new TreeMap<>();
        for (IrNode n : sink.facts(UNIT, Stage.ATTRIBUTION, IrNode.class)) {
            if (n.id().path().isEmpty() && n.kind().equals("METHOD")) symbolOfDeclaration.put(n.id().member(), n.symbolId());
        }
        assertEquals(Map.of("demo.Demo#<init>()", "demo.Demo#<init>()",
                "demo.Demo#notEmpty<T extends Collection<?>>(T)", "demo.Demo#notEmpty(java.util.Collection)",
                "demo.Demo#notEmpty<T extends Map<?, ?>>(T)", "demo.Demo#notEmpty(java.util.Map)",
                "demo.Demo#size(java.util.List<String>)", "demo.Demo#size(java.util.List)",
                "demo.Demo#size(List<String>)", "demo.Demo#size(demo.Demo.List)",
                "demo.Demo$List#size()", "demo.Demo$List#size()"), symbolOfDeclaration,
                "one declaration per method, each with its own id and symbol");
        List<String> details = sink.facts(UNIT, Stage.PARSE, IrNode.class).stream().map(IrNode::detail).toList();
        assertTrue(details.containsAll(List.of("notEmpty", "T", "c", "40", "size", "a", "INT", "FINAL STATIC")), details.toString());
        assertTrue(details.contains("sha256:" + Provenance.sha256Hex(("\"" + "x".repeat(80) + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                "a long literal is kept as its hash, never as text: " + details);
        assertFalse(details.stream().anyMatch(d -> d.contains("xxxxxxxxxx")), details.toString());
    }

    private static Map<NodeId, String> kinds(List<IrNode> nodes) {
        return nodes.stream().collect(Collectors.toMap(IrNode::id, IrNode::kind, (a, b) -> a + "|" + b, TreeMap::new));
    }

    @Test
    void sameCompilationTwiceGivesTheSameFactSequence() throws Exception {
        Path d = dir.resolve("det");
        List<Path> files = Javac.write(d, Map.of(UNIT, Snippets.DEMO,
                "demo/Other.java", "package demo; class Other { int f(Demo d) { return d.loop(java.util.List.of(\"a\")); } }"));
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        assertTrue(Javac.compile(files, d.resolve("out1"), a, List.of(), "mode=strict").success());
        assertTrue(Javac.compile(files, d.resolve("out2"), b, List.of(), "mode=strict").success());
        assertFalse(a.recorded().isEmpty());
        assertEquals(a.events(), b.events());
        assertEquals(a.recorded(), b.recorded());
        List<Epoch> epochs = a.recorded().stream().map(RecordingSink.Recorded::epoch).distinct().toList();
        // facts stream in javac's call order: its first unit is the first source file it was given
        String first = d.resolve("src").relativize(files.getFirst()).toString().replace('\\', '/');
        assertEquals(first, epochs.getFirst().unit(), "units in the order of the source files");
    }

    @Test
    void anExceptionInsideTheSinkDoesNotFailTheCompilationNorChangeItsOutput() throws Exception {
        Path d = dir.resolve("fail");
        List<Path> files = Javac.write(d, Map.of(UNIT, Snippets.DEMO));
        FactSink throwing = new FactSink() {
            @Override public void begin(String c) {}
            @Override public void epoch(Epoch e, List<Fact> f) { throw new IllegalStateException("sink exploded"); }
            @Override public void end(String c) {}
            @Override public void abort(String c, String r) { throw new IllegalStateException("abort exploded too"); }
        };
        Javac.Result plain = Javac.compile(files, d.resolve("plain"), null, List.of());
        Javac.Result failing = Javac.compile(files, d.resolve("failing"), throwing, List.of(), "mode=strict");
        assertTrue(failing.success(), failing.diagnostics());
        assertSameClassFiles(plain.classFiles(), failing.classFiles());
    }

    @Test
    void aFailureInsideTheAdapterIsContainedAndTheSinkDiscardsTheCompilation() throws Exception {
        Path d = dir.resolve("adapter");
        List<Path> files = Javac.write(d, Map.of(UNIT, Snippets.DEMO));
        RecordingSink sink = new RecordingSink();
        // a wrong class directory makes GENERATE fail inside the listener
        Javac.Result r = Javac.compile(files, d.resolve("out"), sink, List.of(), "classes=" + d.resolve("nowhere"));
        assertTrue(r.success(), r.diagnostics());
        // facts stream to the sink as javac goes: a failure part-way ends in an abort, never an end
        assertEquals(List.of("test"), sink.aborted(), sink.events().toString());
        assertTrue(sink.ended().isEmpty(), sink.events().toString());
    }

    @Test
    void aFailingCompilationFailsTheSameWayWithThePlugin() throws Exception {
        Path d = dir.resolve("broken");
        List<Path> files = Javac.write(d, Map.of(UNIT, Snippets.DEMO.replace("return n;", "return \"n\";")));
        RecordingSink sink = new RecordingSink();
        Javac.Result plain = Javac.compile(files, d.resolve("plain"), null, List.of());
        Javac.Result with = Javac.compile(files, d.resolve("with"), sink, List.of(), "mode=strict");
        assertFalse(plain.success());
        assertFalse(with.success());
        assertEquals(plain.diagnostics().replace("plain", "X"),
                with.diagnostics().replace("with", "X").replaceAll("Note: MMSB: recorded test [^\\n]*\\R", ""),
                "same diagnostics, plus MMSB's one note");
        assertTrue(with.diagnostics().contains("incompatible types"), with.diagnostics());
        assertTrue(sink.facts(UNIT, Stage.LOWERING, IrNode.class).isEmpty(), "nothing generated");
    }

    @Test
    void javacFindsThePluginOnTheProcessorPathByName() throws Exception {
        Path d = dir.resolve("discover");
        List<Path> files = Javac.write(d, Map.of(UNIT, Snippets.DEMO));
        String processorPath = pluginProcessorPath();
        Path out = d.resolve("out");
        Files.createDirectories(out);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, err, "-d", out.toString(),
                "-processorpath", processorPath, "-Xplugin:MMSB store=none classes=" + out,
                files.getFirst().toString());
        assertEquals(0, rc, err.toString());
        Javac.Result plain = Javac.compile(files, d.resolve("plain"), null, List.of());
        assertSameClassFiles(plain.classFiles(), new Javac.Result(true, "", out).classFiles());
        int bad = ToolProvider.getSystemJavaCompiler().run(null, null, new java.io.ByteArrayOutputStream(),
                "-d", out.toString(), "-Xplugin:NoSuchPlugin", files.getFirst().toString());
        assertNotEquals(0, bad, "control: an unknown plugin name fails, so rc 0 above means MMSB was found");
    }

    /** The plugin's classes and its dependencies, as a processor path. */
    static String pluginProcessorPath() {
        return Set.of(MmsbPlugin.class, io.mmsb.hooks.Hooks.class, org.slf4j.Logger.class).stream()
                .map(c -> Path.of(toUri(c)).toString()).sorted().collect(Collectors.joining(File.pathSeparator));
    }

    private static java.net.URI toUri(Class<?> c) {
        try {
            return c.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertSameClassFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertFalse(expected.isEmpty());
        assertEquals(expected.keySet(), actual.keySet());
        for (String f : expected.keySet()) assertArrayEquals(expected.get(f), actual.get(f), f);
    }
}
