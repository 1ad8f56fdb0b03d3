package io.mmsb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mmsb record --compiler scala3} and {@code mmsb phases}, on a Scala 3 and a javac recording. */
class PhasesTest extends CliRun {
    @TempDir Path tmp;


    private static String jarOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void recordScala3ThenTheMatchOfOneMemberPhaseByPhase() throws Exception {
        Path src = Files.writeString(Files.createDirectories(tmp.resolve("src")).resolve("Shapes.scala"), """
            package demo

            object Shapes:
              def label(x: Any): String = x match
                case i: Int => "int"
                case _ => "other"
            """);
        Path store = tmp.resolve("store");
        String stdlib = jarOf(scala.Predef.class) + java.io.File.pathSeparator + jarOf(scala.Tuple.class);
        Result r = mmsb("record", "--compiler", "scala3", "--store", store.toString(), "--id", "s1", "--",
            "-classpath", stdlib, "-d", tmp.resolve("out").toString(), src.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("recorded as compilation 's1'"), r.out());
        assertTrue(Files.isRegularFile(tmp.resolve("out/demo/Shapes$.class")));

        Result p = mmsb("phases", "--store", store.toString(), "--key", "demo/Shapes.scala::demo.Shapes$#label(x)::Match[0]");
        assertEquals(0, p.code(), p.err());
        // parser from the unit's phase marker; typer is the ATTRIBUTION stage (the store keeps a parsed
        // node's detail at attribution, so the marker does not move there)
        assertTrue(p.out().contains(" parser ") && p.out().contains(" ATTRIBUTION "), p.out());
        assertTrue(p.out().lines().anyMatch(l -> l.contains(" patternMatcher ") && l.contains("\"ABSENT\"")), p.out());
        Result all = mmsb("phases", "--store", store.toString(), "--all", "--key", "demo/Shapes.scala::demo.Shapes$#label(x)::Match[0]");
        assertTrue(all.out().contains("(unchanged)") && all.out().contains(" erasure "), all.out());

        // blame: which phase last changed each fact. patternMatcher replaced the match (its node is
        // ABSENT from there on); erasure changed the method's type; the parser wrote its name
        Result match = mmsb("blame", "--store", store.toString(), "--key", "demo/Shapes.scala::demo.Shapes$#label(x)::Match[0]");
        assertEquals(0, match.code(), match.err());
        assertTrue(CliTest.line(match.out(), "kind").matches("\\s*kind\\s+\\d+  s1\\s+patternMatcher\\s+\"ABSENT\""), match.out());
        String method = "demo/Shapes.scala::demo.Shapes$#label(x)::";
        Result def = mmsb("blame", "--store", store.toString(), "--key", method);
        assertEquals(0, def.code(), def.err());
        assertTrue(CliTest.line(def.out(), "detail").matches("\\s*detail\\s+\\d+  s1\\s+parser\\s+\"label\""), def.out());
        String typeLine = CliTest.line(def.out(), "type");
        assertTrue(typeLine.matches("\\s*type\\s+\\d+  s1\\s+erasure\\s+.*\\(x: Object\\): String.*"), def.out());
        // the same method as erasure left it, and just before (the phase before erasure that changed the unit)
        Result erased = mmsb("show", "--store", store.toString(), "--table", "nodes", "--key", method, "--stage", "erasure");
        assertEquals(0, erased.code(), erased.err());
        assertTrue(erased.out().contains("as stage erasure left it") && CliTest.line(erased.out(), "type").contains("(x: Object): String"), erased.out());
        Result typed = mmsb("show", "--store", store.toString(), "--table", "nodes", "--key", method, "--stage", "ATTRIBUTION");
        assertEquals(0, typed.code(), typed.err());
        assertTrue(CliTest.line(typed.out(), "type").contains("(x: Any): String"), typed.out());
        Result never = mmsb("show", "--store", store.toString(), "--table", "nodes", "--key", method, "--stage", "constructors");
        assertEquals(Main.MMSB_ERROR, never.code());
        assertTrue(never.err().contains("never written by stage constructors") && never.err().contains("erasure at"), never.err());
    }

    @Test
    void phasesOfAJavacRecordingAreItsStages() throws Exception {
        Path src = Files.writeString(Files.createDirectories(tmp.resolve("p")).resolve("A.java"),
            "package p; public class A { int twice(int x) { return x * 2; } }");
        Path store = tmp.resolve("jstore");
        Result r = mmsb("record", "--store", store.toString(), "--id", "j1", "--", "-d", tmp.resolve("classes").toString(), "-proc:none", src.toString());
        assertEquals(0, r.code(), r.err());
        Result p = mmsb("phases", "--store", store.toString(), "--key", "p/A.java::p.A#twice(int)::");
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("PARSE") && p.out().contains("ATTRIBUTION"), p.out());
        Result b = mmsb("blame", "--store", store.toString(), "--key", "p/A.java::p.A#twice(int)::");
        assertEquals(0, b.code(), b.err());
        assertTrue(CliTest.line(b.out(), "symbol").matches("\\s*symbol\\s+\\d+  j1\\s+ATTRIBUTION\\s+\"p.A#twice\\(int\\)\""), b.out());
        assertTrue(CliTest.line(b.out(), "type").matches("\\s*type\\s+\\d+  j1\\s+ATTRIBUTION\\s+\\(int\\)int"), b.out());
    }
}
