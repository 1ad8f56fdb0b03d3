package io.mmsb.scalac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.hooks.RecordingSink;
import io.mmsb.scalac.internal.Recorder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Taking an unchanged subtree's facts from an earlier observation (the extraction's shortcut)
 * hands the hooks exactly the facts that walking every tree in full does, epoch by epoch, on real
 * libraries (several units, macros, pattern matching, every phase group).
 */
class SubtreeReuseTest {
    @TempDir Path tmp;

    @AfterEach
    void restore() {
        Recorder.reuseSubtrees(true);
        ScalacSinks.unregister("reuse");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sourcecode", "geny", "pprint"})
    void reusedSubtreesGiveTheFactsOfAFullWalk(String library) {
        List<Path> sources = Scalac.sources(Scalac.libs().resolve("src").resolve(library));
        String cp = Scalac.classpath(library);
        List<RecordingSink.Recorded> reused = record(sources, cp, true);
        List<RecordingSink.Recorded> walked = record(sources, cp, false);
        assertTrue(walked.size() > 1000, "facts recorded: " + walked.size());
        for (int i = 0; i < Math.min(walked.size(), reused.size()); i++) {
            assertEquals(walked.get(i), reused.get(i), "fact " + i);
        }
        assertEquals(walked.size(), reused.size(), "facts handed over");
    }

    private List<RecordingSink.Recorded> record(List<Path> sources, String cp, boolean reuse) {
        Recorder.reuseSubtrees(reuse);
        RecordingSink sink = new RecordingSink();
        ScalacSinks.register("reuse", sink);
        assertTrue(Scalac.compile(sources, cp, tmp.resolve(reuse ? "reused" : "walked"), "store=reuse", "mode=strict"));
        assertEquals(1, sink.ended().size(), "one compilation recorded completely");
        return sink.recorded();
    }
}
