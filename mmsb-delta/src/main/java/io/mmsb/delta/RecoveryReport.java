package io.mmsb.delta;

/**
 * What opening a store found in its log.
 *
 * @param outcome CLEAN, TORN_TAIL (an unfinished last record was cut off: it was never
 *     acknowledged) or CORRUPT (a damaged record: recovery stopped at the last good one and the
 *     damaged bytes were set aside, see {@code detail})
 * @param lastEpoch the last epoch recovered
 * @param detail where and what, for people
 */
public record RecoveryReport(Outcome outcome, long lastEpoch, String detail) {
    public enum Outcome { CLEAN, TORN_TAIL, CORRUPT }

    public static RecoveryReport clean(long lastEpoch) {
        return new RecoveryReport(Outcome.CLEAN, lastEpoch, "clean");
    }
}
