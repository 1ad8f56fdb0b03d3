package io.mmsb.delta.internal.log;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Every file operation the transaction log performs, on the files of one directory. The log never
 * touches files any other way, so a test can substitute an in-memory disk that fails or crashes.
 *
 * <p>Names are plain file names inside the directory. Every method may be called from any thread;
 * implementations must be safe for that.
 */
public interface LogBackend {

    /** @return a human-readable name of the directory, used in error messages */
    String describe();

    /** @return the names of all regular files in the directory, in no particular order */
    List<String> list() throws IOException;

    /** @return the current size in bytes of the named file */
    long size(String name) throws IOException;

    /**
     * Creates a new empty file. The directory entry is durable only after {@link #syncDirectory()}.
     *
     * @throws IOException also when the file already exists
     */
    AppendFile create(String name) throws IOException;

    /** Opens an existing file for appending at its end. */
    AppendFile openAppend(String name) throws IOException;

    /** Cuts the named file to {@code size} bytes and makes the new size durable before returning. */
    void truncate(String name, long size) throws IOException;

    /**
     * Maps the first {@code size} bytes of the named file read-only; the mapping lives as long as
     * {@code arena}. The returned segment starts page-aligned (at least 64-byte aligned).
     */
    MemorySegment mapReadOnly(String name, long size, Arena arena) throws IOException;

    /** Renames a file atomically, replacing nothing: fails if {@code to} exists. */
    void rename(String from, String to) throws IOException;

    /** Deletes a file. */
    void delete(String name) throws IOException;

    /** Makes creations, renames and deletions in the directory durable. */
    void syncDirectory() throws IOException;

    /** A file open for appending; owned by whoever opened it, and closed by that owner. */
    interface AppendFile extends AutoCloseable {

        /** @return the file's size: where the next write lands */
        long size();

        /** Appends all remaining bytes of {@code buffers}, in order, at the end of the file. */
        void write(ByteBuffer... buffers) throws IOException;

        /** Makes every byte written so far durable (file data and the size needed to read it). */
        void force() throws IOException;

        @Override
        void close() throws IOException;
    }
}
