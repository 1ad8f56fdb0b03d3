package io.mmsb.propagation;

import java.util.List;

/**
 * A semiring broke one of its laws; names the law and the operands that show it.
 * Thread rules: immutable. Ownership: none.
 */
public final class SemiringLawException extends PropagationException {
    private final String law;
    private final List<?> operands;

    public SemiringLawException(String semiring, String law, List<?> operands, Object left, Object right) {
        super("semiring " + semiring + " breaks " + law + " for " + operands + ": " + left + " != " + right);
        this.law = law;
        this.operands = List.copyOf(operands);
    }

    /** Name of the broken law, e.g. {@code "plus associativity"}. */
    public String law() {
        return law;
    }

    /** The operands of the counterexample. */
    public List<?> operands() {
        return operands;
    }
}
