package io.mmsb.delta;

/** A delta names a column its table does not have, names one twice, or names none. */
public final class UnknownColumnException extends DeltaException {
    public UnknownColumnException(String message) {
        super(message);
    }
}
