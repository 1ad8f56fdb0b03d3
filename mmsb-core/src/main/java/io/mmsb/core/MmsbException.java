package io.mmsb.core;

/**
 * Root of every error MMSB throws. Each concern has its own unchecked sub-hierarchy
 * ({@link SchemaException}, the delta validation errors, the log errors, ...), so callers can
 * catch one concern or all of MMSB. Messages say what was wrong and what was expected.
 */
public abstract class MmsbException extends RuntimeException {
    protected MmsbException(String message) {
        super(message);
    }

    protected MmsbException(String message, Throwable cause) {
        super(message, cause);
    }
}
