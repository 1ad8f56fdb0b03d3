package io.mmsb.delta;

/**
 * A segment or record carries a format version this build cannot read. The message names the
 * file, the version found and the supported range.
 */
public abstract sealed class LogFormatVersionException extends LogException
        permits LogFormatTooOldException, LogFormatTooNewException {
    private static final long serialVersionUID = 1L;

    private final int foundVersion;
    private final int minSupported;
    private final int maxSupported;

    LogFormatVersionException(String what, String file, long offset, int foundVersion, int minSupported,
            int maxSupported) {
        super(what + " in " + file + " at offset " + offset + " has format version " + foundVersion
                + "; this build reads versions " + minSupported + " to " + maxSupported);
        this.foundVersion = foundVersion;
        this.minSupported = minSupported;
        this.maxSupported = maxSupported;
    }

    /** @return the version found on disk */
    public int foundVersion() {
        return foundVersion;
    }

    /** @return the lowest version this build reads */
    public int minSupported() {
        return minSupported;
    }

    /** @return the highest version this build reads */
    public int maxSupported() {
        return maxSupported;
    }
}
