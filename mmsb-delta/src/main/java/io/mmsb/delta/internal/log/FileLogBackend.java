package io.mmsb.delta.internal.log;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link LogBackend} on a real directory through {@link FileChannel}. Stateless apart from the
 * directory path: the channels it opens belong to the returned {@link AppendFile}s.
 */
public final class FileLogBackend implements LogBackend {
    private final Path directory;

    /** @param directory the log directory; created if missing */
    public FileLogBackend(Path directory) throws IOException {
        this(directory, true);
    }

    /**
     * @param directory the log directory
     * @param create create it if missing; if false, it must exist (read-only opens change nothing)
     */
    public FileLogBackend(Path directory, boolean create) throws IOException {
        if (!create && !Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "no log directory");
        }
        this.directory = create ? Files.createDirectories(directory) : directory;
    }

    /** @return the log directory */
    public Path directory() {
        return directory;
    }

    @Override
    public String describe() {
        return directory.toString();
    }

    @Override
    public List<String> list() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }

    @Override
    public long size(String name) throws IOException {
        return Files.size(directory.resolve(name));
    }

    @Override
    public AppendFile create(String name) throws IOException {
        return new ChannelFile(FileChannel.open(directory.resolve(name), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE));
    }

    @Override
    public AppendFile openAppend(String name) throws IOException {
        return new ChannelFile(FileChannel.open(directory.resolve(name), StandardOpenOption.WRITE));
    }

    @Override
    public void truncate(String name, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(directory.resolve(name), StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.force(true);
        }
    }

    @Override
    public MemorySegment mapReadOnly(String name, long size, Arena arena) throws IOException {
        try (FileChannel channel = FileChannel.open(directory.resolve(name), StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Files.move(directory.resolve(from), directory.resolve(to), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void delete(String name) throws IOException {
        Files.delete(directory.resolve(name));
    }

    @Override
    public void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    static final class ChannelFile implements AppendFile {
        private final FileChannel channel;
        private long size;

        ChannelFile(FileChannel channel) throws IOException {
            this.channel = channel;
            this.size = channel.size();
            channel.position(size);
        }

        @Override
        public long size() {
            return size;
        }

        /** Buffers per gathering write call. */
        static final int WRITE_BATCH = 128;

        @Override
        public void write(ByteBuffer... buffers) throws IOException {
            long remaining = 0;
            for (ByteBuffer b : buffers) {
                remaining += b.remaining();
            }
            // At most WRITE_BATCH buffers per gathering write: the JDK acquires and releases the
            // memory session of every buffer of one call through a recursive chain, which overflowed
            // the stack (and leaked acquisitions) for a commit of thousands of pages.
            int first = 0;
            while (remaining > 0) {
                while (first < buffers.length && !buffers[first].hasRemaining()) {
                    first++;
                }
                long n = channel.write(buffers, first, Math.min(WRITE_BATCH, buffers.length - first));
                size += n;
                remaining -= n;
            }
        }

        @Override
        public void force() throws IOException {
            channel.force(false);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
