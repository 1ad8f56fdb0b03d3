package io.mmsb.delta.internal.log;

import java.util.List;

/** What recovery found when the log was opened. One of three outcomes. */
public sealed interface RecoveryReport {

    /** The three outcomes, for callers that prefer a switch on a constant. */
    enum Outcome {
        /** Every byte verified. */
        CLEAN,
        /** An incompletely written tail of the last segment was cut off. */
        TORN_TAIL,
        /** Damaged bytes were found; recovery kept the records before them. */
        CORRUPT
    }

    /** @return which outcome this is */
    Outcome outcome();

    /** @return how many records survived recovery */
    int recordsRecovered();

    /** @return the epoch of the last record that survived, or {@link TLog#NO_EPOCH} */
    long lastGoodEpoch();

    /**
     * Every byte of every segment verified.
     *
     * @param recordsRecovered number of records
     * @param lastGoodEpoch epoch of the last record, or {@link TLog#NO_EPOCH}
     */
    record Clean(int recordsRecovered, long lastGoodEpoch) implements RecoveryReport {
        @Override
        public Outcome outcome() {
            return Outcome.CLEAN;
        }
    }

    /**
     * The last segment ended in an incompletely written record (or segment header) that was
     * truncated away; if nothing valid was left in that segment, the file was deleted.
     *
     * @param segmentFile the segment file cut
     * @param offset where it was cut (its new size; 0 when the file was deleted)
     * @param bytesDropped how many bytes were removed
     * @param recordsRecovered number of records kept
     * @param lastGoodEpoch epoch of the last record kept, or {@link TLog#NO_EPOCH}
     */
    record TornTail(String segmentFile, long offset, long bytesDropped, int recordsRecovered, long lastGoodEpoch)
            implements RecoveryReport {
        @Override
        public Outcome outcome() {
            return Outcome.TORN_TAIL;
        }
    }

    /**
     * A record or segment failed verification where a torn write cannot explain it. Recovery kept
     * the records before it; the damaged bytes and all later segments were moved into
     * {@code quarantineFiles} (never deleted).
     *
     * @param segmentFile the segment file holding the first damaged bytes
     * @param offset byte offset of the first damaged record or segment header
     * @param reason what failed verification and what was expected
     * @param lastGoodEpoch epoch of the last record kept, or {@link TLog#NO_EPOCH}
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
    }
}
