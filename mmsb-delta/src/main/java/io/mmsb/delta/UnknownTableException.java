package io.mmsb.delta;

/** A delta names a table the store's schema does not have (by name, or by id and name for a delta made elsewhere). */
public final class UnknownTableException extends DeltaException {
    public UnknownTableException(String message) {
        super(message);
    }
}
