package io.mmsb.propagation;

import io.mmsb.core.MmsbException;

/** Root of the propagation errors: a bad graph (an edge to a node that does not exist), a broken semiring, bad seeds. */
public class PropagationException extends MmsbException {
    public PropagationException(String message) {
        super(message);
    }
}
