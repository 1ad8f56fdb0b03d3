package io.mmsb.delta.internal.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression test for the stack overflow that recording commons-lang3 hit. For a gathering write
 * of buffers backed by memory sessions (as the log's page buffers are), the JDK acquires the
 * session of every buffer it takes in one call and releases them through a chain of
 * {@code LinkedRunnable}s that recurses once per buffer (up to IOV_MAX = 1,024 per call, see
 * {@code sun.nio.ch.IOUtil}); deep in javac's stack that overflowed, and the overflow inside the
 * release left sessions acquired. How deep a stack must be to overflow depends on JIT state, so
 * the test checks the property that removes the hazard instead: the log hands the JDK at most
 * {@link FileLogBackend.ChannelFile#WRITE_BATCH} buffers per call, whatever the record holds,
 * and still writes every byte in order. It fails if the batching is removed.
 */
class GatheringWriteTest {
    @TempDir
    Path dir;

    /** A file channel that records how many buffers each gathering write was given. */
    static final class CountingChannel extends FileChannel {
        final FileChannel inner;
        final List<Integer> lengths = new ArrayList<>();

        CountingChannel(FileChannel inner) {
            this.inner = inner;
        }

        @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            lengths.add(length);
            return inner.write(srcs, offset, length);
        }
        @Override public int write(ByteBuffer src) throws IOException { lengths.add(1); return inner.write(src); }
        @Override public int read(ByteBuffer dst) throws IOException { return inner.read(dst); }
        @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return inner.read(dsts, offset, length); }
        @Override public long position() throws IOException { return inner.position(); }
        @Override public FileChannel position(long p) throws IOException { inner.position(p); return this; }
        @Override public long size() throws IOException { return inner.size(); }
        @Override public FileChannel truncate(long size) throws IOException { inner.truncate(size); return this; }
        @Override public void force(boolean metaData) throws IOException { inner.force(metaData); }
        @Override public long transferTo(long p, long c, WritableByteChannel t) throws IOException { return inner.transferTo(p, c, t); }
        @Override public long transferFrom(ReadableByteChannel s, long p, long c) throws IOException { return inner.transferFrom(s, p, c); }
        @Override public int read(ByteBuffer dst, long p) throws IOException { return inner.read(dst, p); }
        @Override public int write(ByteBuffer src, long p) throws IOException { return inner.write(src, p); }
        @Override public MappedByteBuffer map(MapMode m, long p, long s) throws IOException { return inner.map(m, p, s); }
        @Override public FileLock lock(long p, long s, boolean sh) throws IOException { return inner.lock(p, s, sh); }
        @Override public FileLock tryLock(long p, long s, boolean sh) throws IOException { return inner.tryLock(p, s, sh); }
        @Override protected void implCloseChannel() throws IOException { inner.close(); }
    }

    @Test
    void aRecordOfThousandsOfSessionBuffersReachesTheJdkInBatches() throws IOException {
        int buffers = 20_000;
        Path file = dir.resolve("segment");
        try (Arena arena = Arena.ofShared()) {
            ByteBuffer[] bufs = new ByteBuffer[buffers];
            ByteBuffer expected = ByteBuffer.allocate(buffers * Long.BYTES).order(java.nio.ByteOrder.nativeOrder());
            for (int i = 0; i < buffers; i++) {
                MemorySegment s = arena.allocate(Long.BYTES);
                s.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, i);
                bufs[i] = s.asByteBuffer();
                expected.putLong(i);
            }
            CountingChannel channel = new CountingChannel(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
            try (FileLogBackend.ChannelFile f = new FileLogBackend.ChannelFile(channel)) {
                f.write(bufs);
                f.force();
                assertEquals((long) buffers * Long.BYTES, f.size());
            }
            assertTrue(channel.lengths.size() >= buffers / FileLogBackend.ChannelFile.WRITE_BATCH, channel.lengths.size() + " calls");
            assertTrue(channel.lengths.stream().allMatch(n -> n <= FileLogBackend.ChannelFile.WRITE_BATCH),
                "a gathering write was given more than " + FileLogBackend.ChannelFile.WRITE_BATCH + " buffers: "
                    + channel.lengths.stream().mapToInt(Integer::intValue).max().orElse(0));
            assertArrayEquals(expected.array(), Files.readAllBytes(file));
        } // closing the shared arena fails if a session was left acquired
    }
}
