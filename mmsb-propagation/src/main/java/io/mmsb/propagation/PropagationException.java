package io.mmsb.propagation;

import io.mmsb.core.MmsbException;

/**
 * Root of the propagation errors: bad edges or seeds, a semiring breaking its laws, a fixpoint
 * that did not converge. Thread rules: immutable. Ownership: none.
 */
public abstract class PropagationException extends MmsbException {
    protected PropagationException(String message) {
        super(message);
    }
}
