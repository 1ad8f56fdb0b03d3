package io.mmsb.delta;

/**
 * A SYMBOL cell's string is not well-formed UTF-16 (it holds an unpaired surrogate), so it has
 * no UTF-8 form and could not be logged and read back as the same string: two such strings would
 * become one. Thrown when the cell is set; the builder is closed and nothing reaches the store.
 */
public class MalformedSymbolException extends DeltaException {
    public MalformedSymbolException(String message) {
        super(message);
    }
}
