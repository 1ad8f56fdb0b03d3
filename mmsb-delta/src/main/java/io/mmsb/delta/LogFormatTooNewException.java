package io.mmsb.delta;

/** A segment or record has a format version newer than any this build reads (it was written by a newer release; open it with that release or a later one). */
public final class LogFormatTooNewException extends LogFormatVersionException {
    private static final long serialVersionUID = 1L;

    /**
     * @param what "segment header" or "record header"
     * @param file the file holding it
     * @param offset byte offset of the header in the file
     * @param foundVersion the version found
     * @param minSupported the lowest version this build reads
     * @param maxSupported the highest version this build reads
     */
    public LogFormatTooNewException(String what, String file, long offset, int foundVersion, int minSupported,
            int maxSupported) {
        super(what, file, offset, foundVersion, minSupported, maxSupported);
    }
}
