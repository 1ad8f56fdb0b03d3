package io.mmsb.delta;

/**
 * An epoch argument was illegal for the log: an append with an epoch not greater than the last
 * appended epoch, or a wait for an epoch that was never appended. A caller error, like
 * {@link IllegalArgumentException}, but inside the {@link LogException} hierarchy.
 */
public final class LogEpochException extends LogException {
    private static final long serialVersionUID = 1L;

    /** @param message what epoch was given and what was expected */
    public LogEpochException(String message) {
        super(message);
    }
}
