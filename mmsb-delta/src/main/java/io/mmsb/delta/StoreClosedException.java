package io.mmsb.delta;

import io.mmsb.core.MmsbException;

/** The store (or a view of it) was used after {@link Store#close()}. */
public final class StoreClosedException extends MmsbException {
    public StoreClosedException(String message) {
        super(message);
    }
}
