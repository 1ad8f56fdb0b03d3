package io.mmsb.delta;

/** A delta names a table or column the schema does not have. */
public final class UnknownColumnException extends DeltaException {
    public UnknownColumnException(String message) {
        super(message);
    }
}
