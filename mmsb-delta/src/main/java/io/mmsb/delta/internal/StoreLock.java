package io.mmsb.delta.internal;

import io.mmsb.delta.StoreLockedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The lock of a store directory: its file {@code mmsb.lock}, locked exclusively by the one writer.
 * Readers take no lock, so readers never block each other and never block a writer: a reader
 * reads the committed prefix of an append-only log (docs/FORMAT.md, "Readers while a writer
 * writes") and asks {@link #writerActive} only to tell a record being written from a torn tail.
 * OS file locks belong to the whole process (a second lock on the same file in one JVM throws, and
 * closing any channel of the file may release the process's lock), so the writers of one process
 * are recorded here and a probe never opens the file while this process writes it.
 *
 * <p>Thread rules: thread-safe. Ownership: a hold is released by {@link #close()} (idempotent).
 */
final class StoreLock implements AutoCloseable {
    /** The writers of this process, by real directory path; guarded by itself. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    private static final class Held {
        FileChannel channel;
        FileLock lock;
    }

    private final Path key;
    private boolean released;

    private StoreLock(Path key) {
        this.key = key;
    }

    /**
     * Takes the writer's lock of {@code dir}.
     *
     * @param dir an existing store directory
     * @throws StoreLockedException if a writer (in this process or another) holds it
     */
    static StoreLock acquireWriter(Path dir) throws IOException {
        Path key = dir.toRealPath();
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                throw locked(dir, "a store in this process has it open for writing");
            }
            Held fresh = new Held();
            FileChannel ch = FileChannel.open(key.resolve(DiskLog.LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock(0, Long.MAX_VALUE, false);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            if (lock == null) {
                ch.close();
                throw locked(dir, "another process has it open for writing");
            }
            fresh.channel = ch;
            fresh.lock = lock;
            HELD.put(key, fresh);
            return new StoreLock(key);
        }
    }

    /**
     * Whether a writer (in this process or another) holds {@code dir}'s lock now. Changes no file:
     * a directory without a lock file has no writer. In another process, the probe is a shared
     * lock taken and released at once.
     */
    static boolean writerActive(Path dir) {
        Path key;
        try {
            key = dir.toRealPath();
        } catch (IOException e) {
            return false;
        }
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                return true;
            }
            Path file = key.resolve(DiskLog.LOCK_FILE);
            if (!Files.exists(file)) {
                return false;
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
                if (probe == null) {
                    return true;
                }
                probe.release();
                return false;
            } catch (IOException | OverlappingFileLockException e) {
                return false;
            }
        }
    }

    private static StoreLockedException locked(Path dir, String why) {
        return new StoreLockedException("the store at " + dir.toAbsolutePath() + " is already open for writing (" + why + "; its "
            + DiskLog.LOCK_FILE + " is held); close the other writer first (readers need no lock: open it read-only to read it)");
    }

    /** Releases the writer's lock. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (released) {
                return;
            }
            released = true;
            Held held = HELD.remove(key);
            if (held != null && held.channel != null) {
                try {
                    held.channel.close(); // releases the lock
                } catch (IOException e) {
                    // closing the channel released the OS lock or the process exit will
                }
            }
        }
    }
}
