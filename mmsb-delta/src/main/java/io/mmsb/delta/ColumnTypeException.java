package io.mmsb.delta;

/** A value or buffer of one column type was given for a column of another type. */
public final class ColumnTypeException extends DeltaException {
    public ColumnTypeException(String message) {
        super(message);
    }
}
