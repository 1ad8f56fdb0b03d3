package io.mmsb.delta;

import io.mmsb.core.MmsbException;

/** Root of the errors of the transaction log (persistence concern). */
public class LogException extends MmsbException {
    public LogException(String message) {
        super(message);
    }

    public LogException(String message, Throwable cause) {
        super(message, cause);
    }
}
