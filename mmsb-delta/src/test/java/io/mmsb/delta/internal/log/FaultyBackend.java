package io.mmsb.delta.internal.log;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An in-memory {@link LogBackend} that models a disk, for crash and fault tests (also usable by the
 * Store's tests through the test-jar).
 *
 * <p>Each file has durable bytes (forced) and unsynced appended bytes. Directory changes (create,
 * rename, delete) are pending until {@link #syncDirectory()}. {@link #crash(Random)} simulates a
 * power cut: the directory keeps its durable state plus a random prefix of the pending changes,
 * and every file keeps its durable bytes plus a random prefix (possibly cut mid-record) of its
 * unsynced bytes; handles opened before the crash fail from then on. {@link #failWriteAt(int)} and
 * {@link #failForceAt(int)} make the Nth write or force (directory syncs count as forces) throw
 * an {@link IOException}; a failing write first writes a random prefix of its bytes.
 *
 * <p>{@link #truncate} is durable on return, like {@link FileLogBackend#truncate}. All methods are
 * synchronized: the model is linearizable.
 */
public final class FaultyBackend implements LogBackend {

    /** One file's bytes: {@code [0, durable)} survive any crash, {@code [durable, length)} may not. */
    private static final class Node {
        byte[] data = new byte[0];
        int length;
        int durable;

        void append(ByteBuffer b, int n) {
            if (length + n > data.length) {
                data = Arrays.copyOf(data, Math.max(length + n, data.length * 2));
            }
            b.get(data, length, n);
            length += n;
        }
    }

    private sealed interface DirOp {}

    private record Create(String name, Node node) implements DirOp {}

    private record Rename(String from, String to) implements DirOp {}

    private record Delete(String name) implements DirOp {}

    private final Random random;
    private Map<String, Node> files = new LinkedHashMap<>();
    private Map<String, Node> durableFiles = new LinkedHashMap<>();
    private final List<DirOp> pending = new ArrayList<>();
    private int generation;
    private int writes;
    private int forces;
    private int failWriteAt = -1;
    private int failForceAt = -1;

    /** @param seed seeds the random choices of failing writes */
    public FaultyBackend(long seed) {
        this.random = new Random(seed);
    }

    /** Makes the {@code n}th write from now (1-based) fail after writing a random prefix. */
    public synchronized FaultyBackend failWriteAt(int n) {
        failWriteAt = writes + n;
        return this;
    }

    /** Makes the {@code n}th force or directory sync from now (1-based) fail. */
    public synchronized FaultyBackend failForceAt(int n) {
        failForceAt = forces + n;
        return this;
    }

    /** Cancels pending failures. */
    public synchronized void heal() {
        failWriteAt = -1;
        failForceAt = -1;
    }

    /** @return writes so far */
    public synchronized int writes() {
        return writes;
    }

    /** @return forces and directory syncs so far */
    public synchronized int forces() {
        return forces;
    }

    /**
     * Simulates a power cut (see class comment) and cancels pending failures. Handles opened
     * before fail from now on.
     */
    public synchronized void crash(Random choice) {
        Map<String, Node> survivors = new LinkedHashMap<>(durableFiles);
        int applied = choice.nextInt(pending.size() + 1);
        for (DirOp op : pending.subList(0, applied)) {
            apply(survivors, op);
        }
        pending.clear();
        for (Node node : survivors.values()) {
            node.length = node.durable + choice.nextInt(node.length - node.durable + 1);
            node.durable = node.length;
        }
        files = survivors;
        durableFiles = new LinkedHashMap<>(survivors);
        generation++;
        heal();
    }

    /** @return a copy of the current bytes of a file (durable and unsynced) */
    public synchronized byte[] bytes(String name) {
        Node node = node(name);
        return Arrays.copyOf(node.data, node.length);
    }

    /** Replaces the bytes of a file, all of them durable (for tests that damage a log). */
    public synchronized void setBytes(String name, byte[] bytes) {
        Node node = files.computeIfAbsent(name, n -> {
            Node fresh = new Node();
            durableFiles.put(n, fresh);
            return fresh;
        });
        node.data = bytes.clone();
        node.length = bytes.length;
        node.durable = bytes.length;
    }

    @Override
    public String describe() {
        return "faulty-backend";
    }

    @Override
    public synchronized List<String> list() {
        return List.copyOf(files.keySet());
    }

    @Override
    public synchronized long size(String name) throws IOException {
        return existing(name).length;
    }

    @Override
    public synchronized AppendFile create(String name) throws IOException {
        if (files.containsKey(name)) {
            throw new IOException(name + " already exists");
        }
        Node node = new Node();
        dirOp(new Create(name, node));
        return new Handle(node);
    }

    @Override
    public synchronized AppendFile openAppend(String name) throws IOException {
        return new Handle(existing(name));
    }

    @Override
    public synchronized void truncate(String name, long size) throws IOException {
        Node node = existing(name);
        if (size > node.length) {
            throw new IOException("truncate " + name + " to " + size + " beyond its size " + node.length);
        }
        node.length = (int) size;
        node.durable = node.length;
    }

    @Override
    public synchronized MemorySegment mapReadOnly(String name, long size, Arena arena) throws IOException {
        Node node = existing(name);
        if (size > node.length) {
            throw new IOException("map " + name + ": " + size + " bytes beyond its size " + node.length);
        }
        MemorySegment copy = arena.allocate(Math.max(size, 1), 4096).asSlice(0, size);
        MemorySegment.copy(MemorySegment.ofArray(node.data), 0, copy, 0, size);
        return copy.asReadOnly();
    }

    @Override
    public synchronized void rename(String from, String to) throws IOException {
        existing(from);
        if (files.containsKey(to)) {
            throw new IOException("rename " + from + ": " + to + " exists");
        }
        dirOp(new Rename(from, to));
    }

    @Override
    public synchronized void delete(String name) throws IOException {
        existing(name);
        dirOp(new Delete(name));
    }

    @Override
    public synchronized void syncDirectory() throws IOException {
        countForce("sync directory");
        durableFiles = new LinkedHashMap<>(files);
        pending.clear();
    }

    private void dirOp(DirOp op) {
        apply(files, op);
        pending.add(op);
    }

    private static void apply(Map<String, Node> listing, DirOp op) {
        switch (op) {
            case Create c -> listing.put(c.name(), c.node());
            case Rename r -> {
                Node node = listing.remove(r.from());
                if (node != null) {
                    listing.put(r.to(), node);
                }
            }
            case Delete d -> listing.remove(d.name());
        }
    }

    private Node existing(String name) throws IOException {
        Node node = files.get(name);
        if (node == null) {
            throw new IOException("no such file: " + name);
        }
        return node;
    }

    private Node node(String name) {
        Node node = files.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no such file: " + name);
        }
        return node;
    }

    private void countForce(String what) throws IOException {
        if (++forces == failForceAt) {
            throw new IOException("injected failure of " + what + " #" + forces);
        }
    }

    private final class Handle implements AppendFile {
        private final Node node;
        private final int openedIn = generation;
        private boolean closed;

        Handle(Node node) {
            this.node = node;
        }

        @Override
        public long size() {
            synchronized (FaultyBackend.this) {
                return node.length;
            }
        }

        @Override
        public void write(ByteBuffer... buffers) throws IOException {
            synchronized (FaultyBackend.this) {
                check();
                boolean fail = ++writes == failWriteAt;
                long total = 0;
                for (ByteBuffer b : buffers) {
                    total += b.remaining();
                }
                long allowed = fail ? (long) (random.nextDouble() * total) : total;
                for (ByteBuffer b : buffers) {
                    int n = (int) Math.min(b.remaining(), allowed);
                    node.append(b, n);
                    allowed -= n;
                }
                if (fail) {
                    throw new IOException("injected failure of write #" + writes);
                }
            }
        }

        @Override
        public void force() throws IOException {
            synchronized (FaultyBackend.this) {
                check();
                countForce("force");
                node.durable = node.length;
            }
        }

        @Override
        public void close() {
            synchronized (FaultyBackend.this) {
                closed = true;
            }
        }

        private void check() throws IOException {
            if (closed) {
                throw new IOException("file handle closed");
            }
            if (openedIn != generation) {
                throw new IOException("file handle from before a crash");
            }
        }
    }
}
