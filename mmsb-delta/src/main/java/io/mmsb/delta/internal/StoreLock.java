package io.mmsb.delta.internal;

import io.mmsb.delta.StoreLockedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The lock of a store directory: its file {@code mmsb.lock} locked exclusively by a writer,
 * shared by readers, so readers never block each other and a writer excludes everyone. OS file
 * locks belong to the whole process (a second lock on the same file in one JVM throws), so the
 * holds of one process are counted here and share one OS lock. A reader of a directory without a
 * lock file takes no OS lock (creating the file would change the store).
 *
 * <p>Thread rules: thread-safe. Ownership: a hold is released by {@link #close()} (idempotent).
 */
final class StoreLock implements AutoCloseable {
    /** The holds of this process, by real directory path; guarded by itself. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    private static final class Held {
        FileChannel channel;
        FileLock lock;
        boolean writer;
        int holds;
    }

    private final Path key;
    private boolean released;

    private StoreLock(Path key) {
        this.key = key;
    }

    /**
     * @param dir an existing store directory
     * @param shared true for a reader
     * @throws StoreLockedException if a writer holds it, or (for a writer) anyone holds it
     */
    static StoreLock acquire(Path dir, boolean shared) throws IOException {
        Path key = dir.toRealPath();
        synchronized (HELD) {
            Held held = HELD.get(key);
            if (held != null) {
                if (!shared || held.writer) {
                    throw locked(dir, held.writer ? "a store in this process has it open for writing" : "it is open for reading in this process");
                }
                held.holds++;
                return new StoreLock(key);
            }
            Held fresh = new Held();
            fresh.writer = !shared;
            fresh.holds = 1;
            Path file = key.resolve(DiskLog.LOCK_FILE);
            if (!shared || Files.exists(file)) {
                FileChannel ch = shared ? FileChannel.open(file, StandardOpenOption.READ)
                    : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock(0, Long.MAX_VALUE, shared);
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
                if (lock == null) {
                    ch.close();
                    throw locked(dir, shared ? "another process has it open for writing" : "another process has it open");
                }
                fresh.channel = ch;
                fresh.lock = lock;
            }
            HELD.put(key, fresh);
            return new StoreLock(key);
        }
    }

    private static StoreLockedException locked(Path dir, String why) {
        return new StoreLockedException("the store at " + dir.toAbsolutePath() + " is already open (" + why + "; its " + DiskLog.LOCK_FILE
            + " is held); close the other Store first");
    }

    /** Releases this hold; the OS lock goes with the last hold of the process. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (released) {
                return;
            }
            released = true;
            Held held = HELD.get(key);
            if (held == null || --held.holds > 0) {
                return;
            }
            HELD.remove(key);
            if (held.channel != null) {
                try {
                    held.channel.close(); // releases the lock
                } catch (IOException e) {
                    // closing the channel released the OS lock or the process exit will
                }
            }
        }
    }
}
