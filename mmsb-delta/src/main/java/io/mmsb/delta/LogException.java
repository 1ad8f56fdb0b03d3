package io.mmsb.delta;

import io.mmsb.core.MmsbException;

/**
 * Root of the unchecked errors raised by the transaction log (TLog). Catch this type to handle
 * every log failure at once; catch a subtype to react to one cause.
 */
public class LogException extends MmsbException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and what was expected */
    public LogException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what was expected
     * @param cause the underlying failure
     */
    public LogException(String message, Throwable cause) {
        super(message, cause);
    }
}
