package io.mmsb.delta.internal;

/**
 * A record passed its checksums but its payload does not decode against the schema. The store
 * turns it into a {@link io.mmsb.delta.CorruptLogException} naming the segment and offset.
 */
final class RecordFormatException extends RuntimeException {
    RecordFormatException(String message) {
        super(message);
    }
}
