package io.mmsb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets (issue 10): default ids, help, messages for missing folders and stores. */
class NewUserTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static Result mmsb(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void recordWithoutIdNumbersTheCompilationsOfTheStoreSoTheSameBuildsGiveTheSameStore() throws Exception {
        String lib = "package p; public class Lib { public static int size(String s) { return s.length(); } }";
        List<String> hashes = new ArrayList<>();
        for (String copy : List.of("a", "b")) {
            Path store = tmp.resolve(copy + "/store");
            for (int build = 1; build <= 2; build++) {
                Path src = tmp.resolve(copy + "/src/p");
                Files.createDirectories(src);
                Files.writeString(src.resolve("Lib.java"), build == 1 ? lib : lib.replace("int size", "long size"));
                Result r = mmsb("record", "--store", store.toString(), "--", "-d", tmp.resolve(copy + "/classes").toString(),
                        "-proc:none", src.resolve("Lib.java").toString());
                assertEquals(0, r.code(), r.err());
                assertTrue(r.out().contains("recorded as compilation 'build-" + build + "'"), r.out());
                assertTrue(r.err().contains("Note: MMSB: recorded build-" + build + " (1 unit, "), r.err());
            }
            Result h = mmsb("hash", "--store", store.toString());
            assertEquals(0, h.code(), h.err());
            hashes.add(h.out());
            Result changes = mmsb("changes", "--store", store.toString());
            assertEquals(0, changes.code(), changes.err());
            assertTrue(changes.out().contains("from 'build-1'") && changes.out().contains("p.Lib#size"), changes.out());
        }
        assertEquals(hashes.get(0), hashes.get(1));
        assertFalse(hashes.get(0).isBlank());
    }
}
