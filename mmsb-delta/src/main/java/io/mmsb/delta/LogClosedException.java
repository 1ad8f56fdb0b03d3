package io.mmsb.delta;

/** The log was used after {@code close()}. */
public final class LogClosedException extends LogException {
    private static final long serialVersionUID = 1L;

    /** @param operation the operation that was attempted */
    public LogClosedException(String operation) {
        super(operation + " called on a closed transaction log; open it again to use it");
    }
}
