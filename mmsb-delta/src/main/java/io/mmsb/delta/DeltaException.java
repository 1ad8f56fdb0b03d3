package io.mmsb.delta;

import io.mmsb.core.MmsbException;

/**
 * A delta was rejected: it does not fit the schema or the store's state. Rejection happens
 * before anything is written, so the store is left exactly as it was. Subclasses name the rule
 * that was broken; messages say what was wrong and what was expected.
 */
public class DeltaException extends MmsbException {
    public DeltaException(String message) {
        super(message);
    }
}
