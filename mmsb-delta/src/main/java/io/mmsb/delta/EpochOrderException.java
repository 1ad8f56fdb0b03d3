package io.mmsb.delta;

/**
 * A delta's epoch is not the store's next epoch: it is not greater than the last committed one
 * (the epoch would go backwards), or it skips ahead of what the store issued.
 */
public final class EpochOrderException extends DeltaException {
    public EpochOrderException(String message) {
        super(message);
    }
}
