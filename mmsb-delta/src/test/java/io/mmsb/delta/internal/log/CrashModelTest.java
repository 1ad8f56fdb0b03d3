package io.mmsb.delta.internal.log;

import io.mmsb.delta.Durability;
import io.mmsb.delta.RecoveryReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.mmsb.delta.LogException;
import io.mmsb.delta.internal.log.TLogTestSupport.Written;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Property: under every durability mode, whatever write or force fails and wherever the power is
 * cut, reopening recovers a prefix of what was appended (byte-identical, never garbled), that
 * prefix holds every record acknowledged durable (by SYNC_EACH_COMMIT append, sync, awaitDurable,
 * durableEpoch, or close), a crash never looks like corruption, and the log takes appends again.
 */
class CrashModelTest {

    /** Which backend operation fails, counted from the open of the log under test. */
    enum Fault { NONE, WRITE, FORCE }

    /** How the session ends. */
    enum Ending { CRASH, CLOSE, CLOSE_THEN_CRASH }

    /** The reference model: what was attempted, and how many records were acknowledged durable. */
    private static final class Model {
        final List<Written> attempted = new ArrayList<>();
        int durable;

        void acknowledgeUpTo(long epoch) {
            int n = 0;
            while (n < attempted.size() && attempted.get(n).epoch() <= epoch) {
                n++;
            }
            durable = Math.max(durable, n);
        }

        void acknowledgeAll(int appended) {
            durable = Math.max(durable, appended);
        }
    }

    @Property(tries = 400)
    void acknowledgedRecordsSurviveFaultsAndCrashes(@ForAll Durability mode, @ForAll Fault fault,
            @ForAll @IntRange(min = 1, max = 40) int faultAt, @ForAll Ending ending, @ForAll long seed) {
        Random random = new Random(seed);
        FaultyBackend disk = new FaultyBackend(seed);
        LogOptions options = LogOptions.defaults().withSegmentBytes(1024).withDurability(mode)
                .withGroupCommitInterval(Duration.ofMillis(1));
        Model model = new Model();
        int appended = prefill(disk, options, model, random);

        TLog log = TLog.open(disk, options);
        switch (fault) {
            case WRITE -> disk.failWriteAt(faultAt);
            case FORCE -> disk.failForceAt(faultAt);
            case NONE -> { }
        }
        boolean failed = false;
        try {
            appended = runOperations(log, mode, model, appended, random);
        } catch (LogException e) {
            failed = true;
        }
        end(log, disk, ending, model, failed ? -1 : appended, random);

        List<Written> recovered = checkRecovery(disk, options, model);
        checkStillAppendable(disk, options, recovered);
    }

    /** A clean earlier session, so the log under test sometimes starts from existing segments. */
    private static int prefill(FaultyBackend disk, LogOptions options, Model model, Random random) {
        List<Written> records = TLogTestSupport.randomRecords(random, random.nextInt(4), 400, 1);
        try (TLog log = TLog.open(disk, options)) {
            TLogTestSupport.appendAll(log, records, random);
        }
        model.attempted.addAll(records);
        model.acknowledgeAll(records.size());
        return records.size();
    }

    private static int runOperations(TLog log, Durability mode, Model model, int appended, Random random) {
        int operations = 1 + random.nextInt(40);
        for (int i = 0; i < operations; i++) {
            int choice = random.nextInt(10);
            if (choice < 7) {
                long epoch = model.attempted.isEmpty() ? 1 : model.attempted.getLast().epoch() + 1 + random.nextInt(2);
                Written w = TLogTestSupport.randomRecords(random, 1, 500, epoch).getFirst();
                model.attempted.add(w);
                log.append(w.epoch(), w.type(), w.parts(random));
                appended++;
                if (mode == Durability.SYNC_EACH_COMMIT) {
                    model.acknowledgeAll(appended);
                }
            } else if (choice == 7) {
                log.sync();
                model.acknowledgeAll(appended);
            } else if (choice == 8 && appended > 0) {
                int index = random.nextInt(appended);
                log.awaitDurable(model.attempted.get(index).epoch());
                model.acknowledgeAll(index + 1);
            } else {
                LockSupport.parkNanos(random.nextInt(2_000_000)); // lets the group-commit flusher run
            }
            model.acknowledgeUpTo(log.durableEpoch());
        }
        return appended;
    }

    /** @param appended records appended without error, or -1 if an operation failed */
    private static void end(TLog log, FaultyBackend disk, Ending ending, Model model, int appended, Random random) {
        if (ending == Ending.CRASH) {
            disk.crash(random);
        }
        try {
            log.close();
            if (appended >= 0) {
                model.acknowledgeAll(appended); // close forced everything
            }
        } catch (LogException e) {
            // a failure recorded earlier, or a handle from before the crash: reported, not swallowed
        }
        if (ending == Ending.CLOSE_THEN_CRASH) {
            disk.crash(random);
        }
        disk.heal();
    }

    private static List<Written> checkRecovery(FaultyBackend disk, LogOptions options, Model model) {
        try (TLog log = TLog.open(disk, options)) {
            assertNotEquals(RecoveryReport.Outcome.CORRUPT, log.recoveryReport().outcome(),
                    "a crash or failed write must never look like corruption: " + log.recoveryReport());
            TLogTestSupport.assertPrefix(model.attempted, log.recovered(), model.durable);
            return new ArrayList<>(model.attempted.subList(0, log.recovered().size()));
        }
    }

    private static void checkStillAppendable(FaultyBackend disk, LogOptions options, List<Written> recovered) {
        long epoch = recovered.isEmpty() ? 1 : recovered.getLast().epoch() + 1;
        Written more = new Written(epoch, 3, new byte[] {4, 5, 6});
        try (TLog log = TLog.open(disk, options)) {
            log.append(more.epoch(), more.type(), more.parts(new Random(1)));
        }
        recovered.add(more);
        try (TLog log = TLog.open(disk, options.withStrictRecovery(true))) {
            assertEquals(RecoveryReport.Outcome.CLEAN, log.recoveryReport().outcome());
            TLogTestSupport.assertRecords(recovered, log.recovered());
        }
    }
}
