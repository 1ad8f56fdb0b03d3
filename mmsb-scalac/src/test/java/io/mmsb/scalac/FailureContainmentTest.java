package io.mmsb.scalac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.hooks.Epoch;
import io.mmsb.hooks.Fact;
import io.mmsb.hooks.FactSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failure inside MMSB (sink or store) never fails the Scala compilation nor changes its output. */
class FailureContainmentTest {
    @TempDir Path tmp;

    @AfterEach
    void forget() {
        ScalacSinks.unregister("boom");
    }

    private static FactSink failing(String at, Supplier<Throwable> failure) {
        return new FactSink() {
            @Override public void begin(String compilation) {
                if (at.equals("begin")) throw sneaky(failure.get());
            }
            @Override public void epoch(Epoch epoch, List<Fact> facts) {
                if (at.equals("epoch")) throw sneaky(failure.get());
            }
            @Override public void end(String compilation) {
                if (at.equals("end")) throw sneaky(failure.get());
            }
            @Override public void abort(String compilation, String reason) {
                throw new IllegalStateException("abort fails too");
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    private void compilesAsWithoutThePlugin(String... pluginOptions) {
        List<Path> sources = Scalac.sources(Scalac.libs().resolve("src/geny"));
        String cp = Scalac.classpath("geny");
        Path plain = tmp.resolve("plain");
        Path recorded = tmp.resolve("recorded");
        assertTrue(Scalac.compile(sources, cp, plain));
        assertTrue(Scalac.compile(sources, cp, recorded, pluginOptions), "the compilation succeeds despite MMSB's failure");
        assertEquals(List.of(), Scalac.differences(Scalac.outputs(plain), Scalac.outputs(recorded)));
    }

    @Test
    void aSinkThrowingWhileRecordingAnEpoch() {
        ScalacSinks.register("boom", failing("epoch", () -> new IllegalStateException("injected")));
        compilesAsWithoutThePlugin("store=boom");
    }

    @Test
    void aSinkThrowingAnErrorAtTheStart() {
        ScalacSinks.register("boom", failing("begin", () -> new StackOverflowError("injected")));
        compilesAsWithoutThePlugin("store=boom", "mode=strict");
    }

    @Test
    void aSinkThrowingAtTheEnd() {
        ScalacSinks.register("boom", failing("end", () -> new OutOfMemoryError("injected")));
        compilesAsWithoutThePlugin("store=boom");
    }

    @Test
    void aStoreThatCannotBeOpened() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("file"), "not a store");
        compilesAsWithoutThePlugin("store=" + notADirectory);
    }
}
