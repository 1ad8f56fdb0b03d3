package io.mmsb.delta;

/**
 * A row range is inverted, empty, negative, or out of bounds: a delta may patch existing rows
 * and append rows right after the last one, never leave a gap.
 */
public final class RowRangeException extends DeltaException {
    public RowRangeException(String message) {
        super(message);
    }
}
