package io.mmsb.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmsb.core.testing.ChildJvm;
import io.mmsb.core.testing.LeakCheck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill campaign of issue 11 as a test: a writer process ({@link CampaignWriter}) commits the
 * deterministic history of {@link CampaignHistory} to a store on the real file system and prints
 * each epoch once it is acknowledged; the test kills it with SIGKILL
 * ({@link Process#destroyForcibly}) at random points (after a random number of acknowledgements
 * plus a random pause, or while it starts and recovers), {@value #KILLS_PER_MODE} times with
 * {@link Durability#SYNC_EACH_COMMIT} and as many with {@link Durability#GROUP_COMMIT}, each mode
 * on its own store. After every kill a read-only open (what {@code mmsb verify} does) must find
 * no damage but a torn tail, every acknowledged epoch, every epoch it found before, and states
 * equal to the model at every new epoch; the next writer recovers the store and goes on. At the
 * end a writable open recovers, every epoch is checked against a model recomputed from scratch, and
 * a second open is clean. The seed is printed; {@code -Dmmsb.campaign.seed=N} repeats a run.
 */
class KillCampaignTest {
    static final int KILLS_PER_MODE = 15;
    /** A writer stops by itself at this epoch: a bound on the disk a runaway writer can use. */
    private static final long MAX_EPOCH = 50_000;

    @TempDir
    Path tmp;

    /** The options of the campaign's stores (writer and checks): small segments and keyframes, so kills meet segment switches. */
    static StoreOptions options(BufferAllocator root, boolean group) {
        StoreOptions o = StoreOptions.of(Model.SCHEMA, root).withSegmentBytes(32 << 10).withKeyframeInterval(8);
        return group ? o.withGroupCommit(3) : o.withDurability(Durability.SYNC_EACH_COMMIT);
    }

    /** What one mode's campaign saw. */
    private static final class Tally {
        final String mode;
        int kills;
        int killsBeforeReady;
        int tornTails;
        long acknowledged;
        long recovered;
        long recoveredUnacknowledged;
        long epochsChecked;
        int mismatches;
        final List<String> failures = new ArrayList<>();

        Tally(String mode) {
            this.mode = mode;
        }

        @Override
        public String toString() {
            return mode + ": " + kills + " kills (" + killsBeforeReady + " while starting or recovering), " + acknowledged
                + " epochs acknowledged, " + recovered + " recovered (" + recoveredUnacknowledged + " beyond the acknowledgements at kills), "
                + tornTails + " torn tails, " + epochsChecked + " epoch states checked, " + mismatches + " mismatches, "
                + failures.size() + " failures";
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a time limit
    void killedWritersLoseNoAcknowledgedEpochAndEveryStateEqualsTheModel() throws Exception {
        long seed = Long.getLong("mmsb.campaign.seed", new Random().nextLong());
        System.out.println("kill campaign seed " + seed + " (repeat with -Dmmsb.campaign.seed=" + seed + ")");
        List<Tally> tallies = List.of(campaign(tmp.resolve("sync"), false, seed), campaign(tmp.resolve("group"), true, seed + 1));
        for (Tally t : tallies) {
            System.out.println("kill campaign " + t);
            t.failures.forEach(f -> System.out.println("  " + f));
        }
        for (Tally t : tallies) {
            assertEquals(List.of(), t.failures, "seed " + seed + ", " + t);
            assertEquals(KILLS_PER_MODE, t.kills, "seed " + seed);
            assertTrue(t.acknowledged > 0, "the writers acknowledged epochs: " + t);
        }
    }

    private Tally campaign(Path dir, boolean group, long seed) throws IOException, InterruptedException {
        Tally tally = new Tally(group ? "group commit" : "sync each commit");
        Random rnd = new Random(seed);
        CampaignHistory expected = new CampaignHistory(seed);
        long acked = 0;
        // the store exists before the first writer starts: a writer killed before it created its
        // directory would leave nothing to open (a read-only open of no store is an error, rightly)
        RootAllocator first = LeakCheck.newRoot();
        Store.open(dir, options(first, group)).close();
        LeakCheck.assertEmptyAndClose(first);
        for (int life = 0; life < KILLS_PER_MODE && tally.failures.isEmpty(); life++) {
            Path err = tmp.resolve((group ? "group" : "sync") + "-writer-" + life + ".err");
            Process p = new ProcessBuilder(ChildJvm.command(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"),
                    CampaignWriter.class, dir.toString(), group ? "group" : "sync", Long.toString(seed), Long.toString(MAX_EPOCH)))
                .redirectError(err.toFile()).start();
            boolean ready = false;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                if (rnd.nextInt(6) == 0) {
                    Thread.sleep(rnd.nextInt(600)); // JVM start, open and recovery: the kill may hit the writer's recovery
                } else {
                    int toSee = rnd.nextInt(30);
                    String line;
                    int seen = 0;
                    while (seen < toSee && (line = out.readLine()) != null) {
                        if (line.startsWith("A ")) {
                            acked = Math.max(acked, Long.parseLong(line.substring(2)));
                            seen++;
                        } else if (line.startsWith("R ")) {
                            ready = true;
                            opened(line, expected.epoch(), acked, life, tally);
                        }
                    }
                    Thread.sleep(rnd.nextInt(8)); // a random point of the next commit
                }
                // SIGKILL through the process handle: Process.destroyForcibly would also close our end of its
                // output, and the lines it printed before it died are acknowledgements too
                p.toHandle().destroyForcibly();
                p.waitFor();
                p.getOutputStream().close(); // its standard input: open until now, or it would have stopped itself
                String line;
                while ((line = out.readLine()) != null) { // what it printed before it died was acknowledged too
                    if (line.startsWith("A ")) {
                        acked = Math.max(acked, Long.parseLong(line.substring(2)));
                    } else if (line.startsWith("R ")) {
                        ready = true;
                        opened(line, expected.epoch(), acked, life, tally);
                    }
                }
            }
            tally.kills++;
            tally.killsBeforeReady += ready ? 0 : 1;
            if (p.exitValue() != 137) {
                tally.failures.add("life " + life + ": the writer ended by itself with exit " + p.exitValue() + ": " + tail(err));
                break;
            }
            check(dir, group, expected, acked, life, tally);
        }
        tally.acknowledged = acked;
        if (tally.failures.isEmpty()) {
            finalCheck(dir, group, seed, acked, tally);
        }
        return tally;
    }

    /**
     * The writer's own recovery ("R last outcome"): it must keep every epoch found before (a lost
     * epoch would otherwise be committed again, identical, and go unseen) and find no damage.
     */
    private static void opened(String line, long found, long acked, int life, Tally tally) {
        String[] parts = line.split(" ");
        long last = Long.parseLong(parts[1]);
        if (last < Math.max(found, acked)) {
            tally.failures.add("life " + life + ": the writer's recovery kept epochs up to " + last + ", but epochs up to " + found
                + " were found after the last kill and up to " + acked + " acknowledged");
        }
        if (!parts[2].equals("CLEAN") && !parts[2].equals("TORN_TAIL")) {
            tally.failures.add("life " + life + ": the writer's recovery found " + parts[2]);
        }
    }

    /** A read-only open after a kill: a torn tail at most, every acknowledged and every earlier found epoch, the model's states. */
    private static void check(Path dir, boolean group, CampaignHistory expected, long acked, int life, Tally tally) {
        RootAllocator root = LeakCheck.newRoot();
        try (Store s = Store.open(dir, options(root, group).withReadOnly(true))) {
            long last = s.lastEpoch();
            RecoveryReport.Outcome outcome = s.recovery().outcome();
            tally.tornTails += outcome == RecoveryReport.Outcome.TORN_TAIL ? 1 : 0;
            if (outcome == RecoveryReport.Outcome.CORRUPT) {
                tally.failures.add("life " + life + ": a killed writer left damage: " + s.recovery());
            }
            if (last < acked) {
                tally.failures.add("life " + life + ": acknowledged epochs " + (last + 1) + ".." + acked + " lost; " + s.recovery());
            }
            if (last < expected.epoch()) {
                tally.failures.add("life " + life + ": epochs " + (last + 1) + ".." + expected.epoch() + " found after an earlier kill are gone");
                return;
            }
            tally.recoveredUnacknowledged += last - acked;
            while (expected.epoch() < last) {
                expected.advance();
                tally.epochsChecked++;
                String m = expected.mismatch(s.stateAt(expected.epoch()));
                if (m != null) {
                    tally.mismatches++;
                    tally.failures.add("life " + life + ": " + m);
                }
            }
        } catch (RuntimeException e) {
            tally.failures.add("life " + life + ": a read-only open after the kill failed: " + e);
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    /** A writable open recovers; every epoch equals a model recomputed from epoch 0; a second open is clean. */
    private static void finalCheck(Path dir, boolean group, long seed, long acked, Tally tally) {
        RootAllocator root = LeakCheck.newRoot();
        try (Store s = Store.open(dir, options(root, group))) {
            tally.recovered = s.lastEpoch();
            if (s.lastEpoch() < acked) {
                tally.failures.add("final open: acknowledged epochs " + (s.lastEpoch() + 1) + ".." + acked + " lost");
            }
            CampaignHistory fresh = new CampaignHistory(seed);
            String m = fresh.mismatch(s.stateAt(0));
            while (m == null && fresh.epoch() < s.lastEpoch()) {
                fresh.advance();
                tally.epochsChecked++;
                m = fresh.mismatch(s.stateAt(fresh.epoch()));
            }
            if (m != null) {
                tally.mismatches++;
                tally.failures.add("final open: " + m);
            }
        }
        try (Store s = Store.open(dir, options(root, group))) {
            if (s.recovery().outcome() != RecoveryReport.Outcome.CLEAN || s.lastEpoch() != tally.recovered) {
                tally.failures.add("a second open after recovery: " + s.recovery() + ", last epoch " + s.lastEpoch());
            }
        }
        LeakCheck.assertEmptyAndClose(root);
    }

    private static String tail(Path err) {
        try {
            String s = Files.readString(err);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }
}
