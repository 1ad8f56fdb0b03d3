package io.mmsb.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.core.SymbolDictionary;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public API cannot corrupt a store (issue 11): the dictionary is read-only, {@code Deltas.bound}
 * is not public, and the types only MMSB implements are sealed. Checked the way a user meets it:
 * by compiling user code against the API.
 */
class ApiSealingTest {
    @TempDir
    Path tmp;

    /** @return javac's diagnostics for one user class, empty if it compiled */
    private String compile(String name, String source) throws IOException {
        Path src = Files.createDirectories(tmp.resolve(name)).resolve(name + ".java");
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        boolean ok = javac.getTask(out, null, null, List.of("-proc:none", "-classpath", System.getProperty("java.class.path"),
                "-d", tmp.resolve(name).toString()), null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(src))
                .call();
        return ok ? "" : out.toString();
    }

    private void assertRefused(String name, String source, String expected) throws IOException {
        String errors = compile(name, source);
        assertTrue(errors.contains(expected), name + " must not compile (" + expected + "); javac said: " + errors);
    }

    @Test
    void userCodeCanReadTheDictionaryButNotAddToIt() throws IOException {
        assertEquals("", compile("Reads", "class Reads { String f(io.mmsb.delta.Store s) { return s.dictionary().size() + s.dictionary().string(0); } }"));
        assertRefused("Adds", "class Adds { void f(io.mmsb.delta.Store s) { s.dictionary().add(\"x\", 0); } }", "cannot find symbol");
        assertRefused("Restores", "class Restores { void f(io.mmsb.delta.Store s) { s.dictionary().restore(1, \"x\", 0); } }",
                "cannot find symbol");
        assertRefused("Binds", "class Binds { Object f() { return io.mmsb.delta.Deltas.bound(null, null); } }", "cannot find symbol");
    }

    @Test
    void typesOnlyMmsbImplementsAreSealed() throws IOException {
        for (Class<?> type : List.of(Store.class, Delta.class, DeltaBuilder.class, StateView.class, Deltas.class,
                SymbolDictionary.class, RecoveryReport.class)) {
            assertTrue(type.isSealed(), type + " is sealed");
        }
        assertRefused("MyStore", "abstract class MyStore implements io.mmsb.delta.Store {}", "sealed");
        assertRefused("MyDelta", "abstract class MyDelta implements io.mmsb.delta.Delta {}", "sealed");
        assertRefused("MyView", "abstract class MyView implements io.mmsb.delta.StateView {}", "sealed");
        assertRefused("MyDictionary", "abstract class MyDictionary implements io.mmsb.core.SymbolDictionary {}", "sealed");
    }

    @Test
    void noPublicApiTypeTakesOrGivesAnInternalType() {
        for (Class<?> type : List.of(Store.class, Deltas.class, SymbolDictionary.class, StoreOptions.class)) {
            for (Method m : type.getMethods()) {
                if (!Modifier.isPublic(m.getModifiers())) {
                    continue;
                }
                for (Class<?> p : m.getParameterTypes()) {
                    assertTrue(!p.getPackageName().contains(".internal"), type.getSimpleName() + "." + m.getName() + " takes " + p);
                }
                assertTrue(!m.getReturnType().getPackageName().contains(".internal"),
                        type.getSimpleName() + "." + m.getName() + " returns " + m.getReturnType());
            }
        }
        assertTrue(Arrays.stream(SymbolDictionary.class.getMethods()).noneMatch(m -> m.getName().equals("add")));
    }
}
