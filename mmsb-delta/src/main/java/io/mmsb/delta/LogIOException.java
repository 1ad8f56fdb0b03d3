package io.mmsb.delta;

import java.io.IOException;

/** An I/O operation on a log file failed; the message says which file and which operation. */
public final class LogIOException extends LogException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String operation;

    /**
     * @param file the file (or directory) the operation was on
     * @param operation what was being done, e.g. "force", "write record"
     * @param cause the underlying failure
     */
    public LogIOException(String file, String operation, IOException cause) {
        super("transaction log I/O failed: " + operation + " on " + file + ": " + cause, cause);
        this.file = file;
        this.operation = operation;
    }

    /**
     * A failure reported again to a later caller (for example a background flush that failed).
     *
     * @param message what failed earlier and what the log does now
     * @param cause the earlier failure
     */
    public LogIOException(String message, LogIOException cause) {
        super(message + ": " + cause.getMessage(), cause);
        this.file = cause.file;
        this.operation = cause.operation;
    }

    /** @return the file (or directory) the failed operation was on */
    public String file() {
        return file;
    }

    /** @return the operation that failed */
    public String operation() {
        return operation;
    }
}
