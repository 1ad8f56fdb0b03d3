package io.mmsb.delta;

/** The log holds bytes that fail verification (checksum, magic, length or content). */
public class CorruptLogException extends LogException {
    public CorruptLogException(String message) {
        super(message);
    }
}
