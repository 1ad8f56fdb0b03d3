package io.mmsb.delta;

import java.util.List;

/**
 * What opening a store (or its transaction log) found: one of three outcomes, the same type for
 * the log and the store. Epochs are positive; {@code 0} means "no record".
 */
public sealed interface RecoveryReport {

    /** The three outcomes, for callers that prefer a switch on a constant. */
    enum Outcome {
        /** Every byte verified. */
        CLEAN,
        /** An incompletely written tail of the last segment was found (and cut, unless read-only). */
        TORN_TAIL,
        /** Damaged, foreign or missing bytes were found; recovery kept the records before them. */
        CORRUPT
    }

    /** @return which outcome this is */
    Outcome outcome();

    /** @return how many records survived recovery */
    int recordsRecovered();

    /** @return the epoch of the last record that survived, or 0 if none */
    long lastGoodEpoch();

    /** @return the last epoch recovered (0 for none); the same as {@link #lastGoodEpoch()} */
    default long lastEpoch() {
        return lastGoodEpoch();
    }

    /** @return where and what, for people: one sentence */
    String detail();

    /** @return a clean report with no record recovered and last epoch {@code lastEpoch} (in-memory stores) */
    static RecoveryReport clean(long lastEpoch) {
        return new Clean(0, lastEpoch);
    }

    /**
     * Every byte of every segment verified.
     *
     * @param recordsRecovered number of records
     * @param lastGoodEpoch epoch of the last record, or 0
     */
    record Clean(int recordsRecovered, long lastGoodEpoch) implements RecoveryReport {
        @Override
        public Outcome outcome() {
            return Outcome.CLEAN;
        }

        @Override
        public String detail() {
            return "clean";
        }
    }

    /**
     * The last segment ended in an incompletely written record (or segment header). Unless the log
     * was opened read-only, it was truncated away (or, if nothing valid was left in that segment,
     * the file was deleted). Nothing can tell whether the cut bytes had been acknowledged by a
     * commit that returned; what is known is whether they lie after the durable mark (the last
     * epoch the log recorded as forced, see docs/FORMAT.md): a torn tail never cuts an epoch at or
     * below the mark (that is reported as {@link Corrupt}).
     *
     * @param segmentFile the segment file holding the torn bytes
     * @param offset where the torn bytes begin (the file's size after the cut; 0 when the file goes)
     * @param bytesDropped how many bytes follow the last good record (removed unless read-only)
     * @param recordsRecovered number of records kept
     * @param lastGoodEpoch epoch of the last record kept, or 0
     * @param durableMark the last epoch the log had recorded as durable, or 0 if it has no mark
     * @param cut true if the file was truncated or deleted; false for a read-only open
     */
    record TornTail(String segmentFile, long offset, long bytesDropped, int recordsRecovered, long lastGoodEpoch,
            long durableMark, boolean cut) implements RecoveryReport {

        /** A torn tail that was cut, in a log without a durable mark. */
        public TornTail(String segmentFile, long offset, long bytesDropped, int recordsRecovered, long lastGoodEpoch) {
            this(segmentFile, offset, bytesDropped, recordsRecovered, lastGoodEpoch, 0, true);
        }

        @Override
        public Outcome outcome() {
            return Outcome.TORN_TAIL;
        }

        @Override
        public String detail() {
            String what = "an incompletely written tail of " + segmentFile + " (" + bytesDropped + " bytes from offset "
                    + offset + ") " + (cut ? "was cut off" : "was found and left in place (read-only open)")
                    + "; epochs up to " + lastGoodEpoch + " are intact; ";
            return what + (durableMark == 0
                    ? "the log has no durable mark, so whether the cut bytes held a commit that had been acknowledged cannot be known"
                    : "the cut bytes lie after epoch " + durableMark + ", the last epoch the log recorded as durable, so no "
                            + "epoch recorded as durable was lost (a commit acknowledged after that mark cannot be told apart)");
        }
    }

    /**
     * A record or segment failed verification where a torn write cannot explain it, a file named
     * like a segment was not written by MMSB, or records the log had recorded as durable are
     * missing. Recovery kept the records before the damage; the damaged bytes and all later
     * segments were moved into {@code quarantineFiles} (never deleted).
     *
     * @param segmentFile the segment file holding the first damaged bytes
     * @param offset byte offset of the first damaged record or segment header
     * @param reason what failed verification and what was expected
     * @param lastGoodEpoch epoch of the last record kept, or 0
     * @param recordsRecovered number of records kept
     * @param quarantineFiles names of the files now holding the damaged bytes, in log order
     */
    record Corrupt(String segmentFile, long offset, String reason, long lastGoodEpoch, int recordsRecovered,
            List<String> quarantineFiles) implements RecoveryReport {
        /** Copies the list. */
        public Corrupt {
            quarantineFiles = List.copyOf(quarantineFiles);
        }

        @Override
        public Outcome outcome() {
            return Outcome.CORRUPT;
        }

        @Override
        public String detail() {
            return "damaged bytes in " + segmentFile + " at offset " + offset + " (" + reason + "); recovery kept epochs up to "
                    + lastGoodEpoch + (quarantineFiles.isEmpty() ? "" : " and moved the damaged bytes aside to " + quarantineFiles);
        }
    }
}
