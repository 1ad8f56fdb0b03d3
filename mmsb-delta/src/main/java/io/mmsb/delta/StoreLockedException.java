package io.mmsb.delta;

/** The store directory is already open (in this process or another): one writer per store. */
public final class StoreLockedException extends LogException {
    public StoreLockedException(String message) {
        super(message);
    }
}
