package io.mmsb.delta;

/** A column buffer does not cover exactly the delta's row range. */
public final class BufferLengthException extends DeltaException {
    public BufferLengthException(String message) {
        super(message);
    }
}
