package io.mmsb.delta;

/**
 * The log holds bytes that fail verification (bad magic, bad CRC32C, bad length, epoch
 * regression, missing or damaged segment) at a place that is not a torn tail. Thrown by recovery in
 * strict mode; in that case no file has been changed.
 */
public final class CorruptLogException extends LogException {
    private static final long serialVersionUID = 1L;

    private final String segmentFile;
    private final long offset;
    private final String reason;

    /**
     * @param segmentFile name of the segment file holding the damaged bytes
     * @param offset byte offset of the first damaged record (or segment header) in that file
     * @param reason what failed verification and what was expected
     */
    public CorruptLogException(String segmentFile, long offset, String reason) {
        super("corrupt transaction log: segment " + segmentFile + " at offset " + offset + ": " + reason);
        this.segmentFile = segmentFile;
        this.offset = offset;
        this.reason = reason;
    }

    /** @return name of the damaged segment file */
    public String segmentFile() {
        return segmentFile;
    }

    /** @return byte offset of the first damaged bytes in {@link #segmentFile()} */
    public long offset() {
        return offset;
    }

    /** @return what failed verification */
    public String reason() {
        return reason;
    }
}
