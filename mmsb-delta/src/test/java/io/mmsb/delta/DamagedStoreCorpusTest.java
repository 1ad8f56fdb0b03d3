package io.mmsb.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mmsb.core.testing.LeakCheck;
import io.mmsb.delta.internal.log.LogFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of damaged stores (issue 11): cuts at many bytes of the last records (with and without
 * the durable mark), tails zero-filled from inside a record, bit flips, garbage appended, missing
 * and foreign segment files, a garbled durable mark. For every case a read-only open changes no
 * file, gives the same answer twice, and that answer is either a committed prefix whose state
 * hash is the reference hash of its epoch, or one typed {@link LogException}; a writable open then
 * gives a committed prefix or the same kind of error, never deletes bytes MMSB did not write, and
 * nothing leaks. (A CLEAN answer comes from zeros written over bytes that were zero, a garbled
 * durable mark, and the documented undetectable case: the last segment gone with the mark.)
 */
class DamagedStoreCorpusTest {
    private static final int EPOCHS = 14;

    @TempDir
    Path tmp;
    Path base;
    Map<String, byte[]> files;
    List<String> segments;
    String[] hashes = new String[EPOCHS + 1];

    @BeforeEach
    void writeStore() throws IOException {
        base = tmp.resolve("base");
        Random rnd = new Random(42);
        try (RootAllocator root = LeakCheck.newRoot();
             Store s = Store.open(base, StoreOptions.of(Model.SCHEMA, root).withSegmentBytes(4096))) {
            hashes[0] = s.stateHash(0);
            for (int e = 1; e <= EPOCHS; e++) {
                int start = e % 3 == 0 ? rnd.nextInt(s.latest().rowCount("nodes")) : s.latest().rowCount("nodes");
                int end = start + 100 + rnd.nextInt(100); // records of a few hundred compressed bytes: several 4 KiB segments
                try (DeltaBuilder b = s.newDelta("nodes", start, end, "opcode", "name", "operands")) {
                    for (int r = start; r < end; r++) {
                        b.setInt("opcode", r, rnd.nextInt(100)).setSymbol("name", r, "s" + rnd.nextInt(30))
                            .setIntList("operands", r, rnd.nextInt(9), rnd.nextInt(9));
                    }
                    try (Delta d = b.build()) {
                        s.commit(d);
                    }
                }
                hashes[e] = s.stateHash(e);
            }
        }
        files = snapshot(base);
        segments = files.keySet().stream().filter(n -> n.endsWith(".tlog")).sorted().toList();
        assertTrue(segments.size() >= 3, "several segments: " + segments);
    }

    /** Damages named after what they do, each applied to a fresh copy of the store's files. */
    private Map<String, UnaryOperator<Map<String, byte[]>>> corpus() {
        Map<String, UnaryOperator<Map<String, byte[]>>> out = new LinkedHashMap<>();
        String last = segments.getLast();
        int size = files.get(last).length;
        Random rnd = new Random(7);
        for (int cut = Math.max(64, size - 1200); cut < size; cut += 1 + rnd.nextInt(12)) {
            int at = cut;
            out.put("cut last segment at " + at, f -> with(f, last, Arrays.copyOf(f.get(last), at)));
            out.put("cut last segment at " + at + ", no durable mark", f -> {
                f.remove(LogFormat.DURABLE_MARK_FILE);
                return with(f, last, Arrays.copyOf(f.get(last), at));
            });
            if (at % 5 == 0) {
                out.put("zeros in last segment from " + at, f -> {
                    f.remove(LogFormat.DURABLE_MARK_FILE);
                    byte[] b = f.get(last).clone();
                    Arrays.fill(b, at, b.length, (byte) 0);
                    return with(f, last, b);
                });
            }
        }
        for (int i = 0; i < 60; i++) {
            String seg = segments.get(rnd.nextInt(segments.size()));
            int at = rnd.nextInt(files.get(seg).length);
            int bit = rnd.nextInt(8);
            out.put("bit " + bit + " flipped at " + at + " of " + seg, f -> {
                byte[] b = f.get(seg).clone();
                b[at] ^= (byte) (1 << bit);
                return with(f, seg, b);
            });
        }
        out.put("garbage appended", f -> with(f, last, concat(f.get(last), "garbage".getBytes(StandardCharsets.UTF_8))));
        out.put("zeros appended", f -> with(f, last, concat(f.get(last), new byte[300])));
        out.put("first segment missing", f -> without(f, segments.getFirst()));
        out.put("middle segment missing", f -> without(f, segments.get(1)));
        out.put("last segment missing", f -> without(f, last));
        out.put("last segment missing, no durable mark", f -> without(without(f, last), LogFormat.DURABLE_MARK_FILE));
        out.put("text file as the first segment", f -> with(f, segments.getFirst(), "my notes\n".getBytes(StandardCharsets.UTF_8)));
        out.put("text file as the next segment", f -> with(f, LogFormat.segmentName(segments.size() + 1), "my notes\n".getBytes(StandardCharsets.UTF_8)));
        out.put("garbled durable mark", f -> with(f, LogFormat.DURABLE_MARK_FILE, "not a mark at all, just some text of 64 bytes or more........".getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void everyDamagedStoreGivesACommittedPrefixOrOneTypedErrorAndReadingChangesNothing() throws IOException {
        int n = 0;
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Map.Entry<String, UnaryOperator<Map<String, byte[]>>> c : corpus().entrySet()) {
            Path dir = Files.createDirectory(tmp.resolve("case-" + n++));
            Map<String, byte[]> damaged = c.getValue().apply(new TreeMap<>(files));
            restore(dir, damaged);
            String first = readOnly(dir, c.getKey());
            assertEquals(first, readOnly(dir, c.getKey()), c.getKey() + ": a second read-only open answers the same");
            assertSame(damaged, snapshot(dir), c.getKey() + ": a read-only open changes no file");
            outcomes.merge(first.replaceAll(" .*", ""), 1, Integer::sum);
            writable(dir, damaged, c.getKey());
        }
        assertTrue(outcomes.size() >= 3, "the corpus meets clean, torn and damaged stores: " + outcomes);
        System.out.println("damaged-store corpus: " + n + " cases, read-only outcomes " + outcomes);
    }

    /** @return "CLEAN|TORN_TAIL|CORRUPT epoch" for an open, or the error's class */
    private String readOnly(Path dir, String what) {
        RootAllocator root = LeakCheck.newRoot();
        String answer;
        try (Store s = Store.open(dir, StoreOptions.existing(root).withReadOnly(true).withStrictRecovery(true))) {
            long last = s.lastEpoch();
            assertEquals(hashes[(int) last], s.stateHash(last), what + ": the state at epoch " + last + " is the committed one");
            answer = s.recovery().outcome() + " " + last + " " + s.recovery().detail();
        } catch (LogException e) {
            answer = e.getClass().getSimpleName() + " " + e.getMessage();
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": an untyped error " + e, e);
        }
        LeakCheck.assertEmptyAndClose(root);
        return answer;
    }

    /** A writable (lenient) open: a committed prefix or a typed error; no byte of the damaged files is lost. */
    private void writable(Path dir, Map<String, byte[]> damaged, String what) throws IOException {
        RootAllocator root = LeakCheck.newRoot();
        try (Store s = Store.open(dir, StoreOptions.of(Model.SCHEMA, root))) {
            long last = s.lastEpoch();
            assertEquals(hashes[(int) last], s.stateHash(last), what + ": the state at epoch " + last + " is the committed one");
        } catch (LogException e) {
            // a typed refusal (missing segment, too new): nothing was replayed
        } catch (RuntimeException e) {
            fail(what + ": an untyped error " + e, e);
        }
        LeakCheck.assertEmptyAndClose(root);
        Map<String, byte[]> after = snapshot(dir);
        for (Map.Entry<String, byte[]> f : damaged.entrySet()) {
            if (!f.getKey().endsWith(".tlog") || Arrays.equals(f.getValue(), after.get(f.getKey()))) {
                continue;
            }
            // changed or gone: what left it must be a torn tail (a prefix is kept) or sit in a quarantine file
            byte[] now = after.getOrDefault(f.getKey(), new byte[0]);
            byte[] removed = Arrays.copyOfRange(f.getValue(), now.length, f.getValue().length);
            boolean prefixKept = Arrays.equals(now, Arrays.copyOf(f.getValue(), now.length));
            boolean quarantined = after.entrySet().stream().anyMatch(q -> q.getKey().startsWith(f.getKey() + ".")
                && q.getKey().contains(".quarantine") && Arrays.equals(q.getValue(), removed));
            boolean torn = allZero(removed) || startsLikeMmsb(removed);
            assertTrue(prefixKept && (quarantined || torn), what + ": bytes of " + f.getKey() + " removed without quarantine");
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsLikeMmsb(byte[] b) {
        String head = new String(b, 0, Math.min(4, b.length), StandardCharsets.US_ASCII);
        return "MREC".startsWith(head) || "MMSB".startsWith(head);
    }

    private static Map<String, byte[]> with(Map<String, byte[]> f, String name, byte[] bytes) {
        f.put(name, bytes);
        return f;
    }

    private static Map<String, byte[]> without(Map<String, byte[]> f, String name) {
        f.remove(name);
        return f;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Map<String, byte[]> snapshot(Path dir) {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void restore(Path dir, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
    }

    private static void assertSame(Map<String, byte[]> expected, Map<String, byte[]> actual, String message) {
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()), message);
        expected.forEach((n, b) -> assertArrayEquals(b, actual.get(n), message + ": " + n));
    }
}
