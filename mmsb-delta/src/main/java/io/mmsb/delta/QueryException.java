package io.mmsb.delta;

import io.mmsb.core.MmsbException;

/** A query asked for something the store does not have (an epoch not yet committed, a row out of range). */
public final class QueryException extends MmsbException {
    public QueryException(String message) {
        super(message);
    }
}
