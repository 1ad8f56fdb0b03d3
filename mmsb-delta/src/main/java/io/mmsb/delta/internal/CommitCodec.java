package io.mmsb.delta.internal;

import static io.mmsb.delta.internal.Layouts.INT;
import static io.mmsb.delta.internal.Layouts.LONG;

import io.airlift.compress.v3.MalformedInputException;
import io.airlift.compress.v3.zstd.ZstdJavaDecompressor;
import io.mmsb.core.ColumnDef;
import io.mmsb.core.ColumnType;
import io.mmsb.core.Schema;
import io.mmsb.core.SchemaException;
import io.mmsb.core.SymbolDictionary;
import io.mmsb.core.TableDef;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.List;

/**
 * Encodes and decodes commit payloads of versions 2 and 3 (docs/FORMAT.md, "Commit payload,
 * versions 2 and 3"): a 16-byte header, then one body, deflated when that makes it smaller (from
 * version 3 on with the end of the previous record's body as preset dictionary: see
 * {@link #WINDOW}; zstd bodies of earlier writers are read). The body
 * holds the schema (when it changed), the dictionary entries the commit adds (front-coded), the
 * patch entries, and for each patch the cells of its written rows only (never the 64-row
 * envelope: alignment is an in-memory matter), integers as zigzag varints of their difference
 * from the previous cell (version 3: symbol codes that read as names, as they are). Decoding
 * yields heap pages over the written rows, which the store
 * turns into aligned pages through the same {@link PatchPlanner} as a live commit, so a store
 * replayed from disk holds the same pages as the store that wrote it.
 *
 * <p>Thread rules: stateless (a compressor per call, released before it returns), safe from any thread.
 */
final class CommitCodec {
    /**
     * The newest version this build writes; it reads every version from {@link #FIRST_CELL_VERSION}
     * on. A record carries the lowest version that can express it: {@link #PACKED_VERSION} only
     * when it holds a bit-packed stream, {@link #DICTIONARY_VERSION} otherwise.
     */
    static final int VERSION = 4;
    /** The first version whose part A is deflated with the previous record's window and whose symbol codes may be plain varints. */
    static final int DICTIONARY_VERSION = 3;
    /** The first version with bit-packed streams ({@link #ENC_PACKED}). */
    static final int PACKED_VERSION = 4;
    /** The first version of this layout (before it: version 1, {@link RecordCodec}). */
    static final int FIRST_CELL_VERSION = 2;
    static final int HEADER = 16;
    static final int CODEC_NONE = 0;
    /** Read only: part A as one zstd frame (written before deflate replaced it). */
    static final int CODEC_ZSTD = 1;
    /** Part A as raw deflate (RFC 1951): what this build writes. */
    static final int CODEC_DEFLATE = 2;
    /** Deflate level of a part A up to {@link #BULK} bytes (a recorder's commits: small, many). */
    static final int DEFLATE_LEVEL = 6;
    /** Deflate level of a larger part A (bulk appends, where level 6 would dominate the commit's time). */
    static final int BULK_DEFLATE_LEVEL = 1;
    static final int BULK = 64 * 1024;
    /** Bodies smaller than this are stored as they are (compressing would not pay). */
    static final int COMPRESS_MIN = 256;
    /** A dictionary entry is front-coded against the best of the previous this many entries of its commit. */
    static final int LOOKBACK = 16;

    private CommitCodec() {}

    /** One patch as decoded: rows {@code [rowStart, rowEnd)} of each column, as streams to write into pages. */
    record DecodedPatch(TableDef table, int rowStart, int rowEnd, int rowCountAfter, int[] positions, ColumnStream[] streams) {
    }

    /** A decoded commit: the schema if it changed, the dictionary entries it adds, its patches. */
    record Decoded(Schema schema, List<Commit.SymbolEntry> symbols, List<DecodedPatch> patches, byte[] window) {
    }

    /** An encoded commit: the parts of its payload, and the window the next commit's part A is deflated with. */
    record Encoded(MemorySegment[] parts, byte[] window) {
    }

    /**
     * From version 3 on, part A is deflated with a preset dictionary: the last {@value #WINDOW}
     * bytes (deflate's window) of the previous record's part A, uncompressed. A recorder's commits
     * are small and alike, so each compresses against the one before.
     */
    static final int WINDOW = 32 * 1024;

    /** The window a record leaves for the next: the last {@link #WINDOW} bytes of its part A {@code a[0, n)}. */
    static byte[] window(byte[] a, int n) {
        return Arrays.copyOfRange(a, Math.max(0, n - WINDOW), n);
    }

    /** How a column's cells are laid out in their stream. */
    static final int ENC_RAW = 0;
    static final int ENC_DELTA_VARINT = 1;
    static final int ENC_VARINT = 2;
    /**
     * From version 4 on, INT32 and SYMBOL cells as a frame of reference: one byte {@code bits}
     * (0 to 32), the smallest cell as a zigzag varint, then each cell minus the smallest in
     * {@code bits} bits, least significant bit first, cell after cell, in {@code ceil(n * bits / 8)}
     * bytes. Chosen for cells spread evenly over a range (where neither differences nor deflate
     * gain), never for a recorder's regular columns (see {@link #packs}).
     */
    static final int ENC_PACKED = 3;
    /** Fewer cells than this are never bit-packed (too few to sample). */
    static final int PACK_MIN = 1024;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** Where a stream lies: in part A (compressed with the rest) or in part B (stored as it is). */
    static final int IN_A = 0;
    static final int IN_B = 1;
    /** A stream at least this long whose sampled byte entropy exceeds {@link #RAW_ENTROPY} bits goes to part B. */
    static final int SAMPLE = 4096;
    static final double RAW_ENTROPY = 7.0;

    /** One column's cells of one patch, encoded. */
    private record Stream(int encoding, int placement, Bytes bytes, MemorySegment segment) {
        long length() {
            return bytes != null ? bytes.length() : segment.byteSize();
        }
    }

    /**
     * The parts of the payload of {@code commit}, to be concatenated by the log. Each part of the
     * layout has a method of its own, so that the JIT compiles (and, when a loop runs long enough,
     * replaces on stack) small units rather than one large method.
     */
    static Encoded encode(Commit commit, byte[] previousWindow) {
        Bytes a = new Bytes(4096);
        schema(a, commit.schema());
        symbols(a, commit.symbols());
        List<Stream> streams = streams(commit.patches());
        patchTable(a, commit.patches(), streams);
        List<MemorySegment> partB = cells(a, streams);
        int version = DICTIONARY_VERSION;
        for (Stream st : streams) {
            if (st.encoding() == ENC_PACKED) {
                version = PACKED_VERSION;
            }
        }
        return new Encoded(seal(a, partB, previousWindow, version), window(a.array(), a.length()));
    }

    private static void schema(Bytes a, Schema schema) {
        if (schema == null) {
            a.varint(0);
        } else {
            byte[] bytes = RecordCodec.encodeSchema(schema).toArray(ValueLayout.JAVA_BYTE);
            a.varint(bytes.length);
            a.bytes(bytes, 0, bytes.length);
        }
    }

    /** The commit's new dictionary entries, each as a prefix shared with one of the {@link #LOOKBACK} entries before it plus the rest. */
    private static void symbols(Bytes a, List<Commit.SymbolEntry> symbols) {
        a.varint(symbols.size());
        if (symbols.isEmpty()) {
            return;
        }
        int first = symbols.get(0).code();
        a.varint(first);
        byte[][] recent = new byte[LOOKBACK][]; // recent[k]: the entry k + 1 places back
        int known = 0;
        for (int i = 0; i < symbols.size(); i++) {
            if (symbols.get(i).code() != first + i) {
                throw new IllegalStateException("dictionary entries of a commit are not consecutive: " + symbols);
            }
            byte[] b = SymbolDictionary.utf8(symbols.get(i).symbol());
            long best = longestShared(recent, known, b);
            int back = (int) (best >>> 32);
            int shared = (int) best;
            a.varint(back);
            a.varint(shared);
            a.varint(b.length - shared);
            a.bytes(b, shared, b.length - shared);
            System.arraycopy(recent, 0, recent, 1, LOOKBACK - 1);
            recent[0] = b;
            known = Math.min(LOOKBACK, known + 1);
        }
    }

    /** The longest prefix of {@code b} shared with one of {@code recent[0, known)}, the nearest on a tie: (index << 32) | length. */
    private static long longestShared(byte[][] recent, int known, byte[] b) {
        int back = 0;
        int shared = 0;
        for (int k = 0; k < known; k++) {
            int m = Arrays.mismatch(recent[k], b);
            m = m < 0 ? b.length : Math.min(m, Math.min(recent[k].length, b.length));
            if (m > shared) {
                shared = m;
                back = k;
            }
        }
        return ((long) back << 32) | shared;
    }

    private static List<Stream> streams(List<Patch> patches) {
        List<Stream> streams = new ArrayList<>();
        for (Patch p : patches) {
            for (Page page : p.pages()) {
                streams.add(stream(page, p.rowStart(), p.rowEnd()));
            }
        }
        return streams;
    }

    private static void patchTable(Bytes a, List<Patch> patches, List<Stream> streams) {
        a.varint(patches.size());
        int k = 0;
        for (Patch p : patches) {
            a.varint(p.table().id());
            a.varint(p.rowStart());
            a.varint(p.rowEnd() - p.rowStart());
            a.varint(p.rowCountAfter() - p.rowEnd());
            a.varint(p.pages().length);
            for (Page page : p.pages()) {
                Stream st = streams.get(k++);
                a.varint(page.column().id());
                a.u8(page.column().type().code());
                a.u8(st.encoding());
                a.u8(st.placement());
                a.varlong(st.length());
            }
        }
    }

    /** Appends the part-A streams to {@code a}; returns the part-B ones, in order. */
    private static List<MemorySegment> cells(Bytes a, List<Stream> streams) {
        List<MemorySegment> partB = new ArrayList<>();
        for (Stream st : streams) {
            if (st.placement() == IN_A) {
                a.bytes(st.bytes().array(), 0, st.bytes().length());
            } else {
                partB.add(st.bytes() != null ? MemorySegment.ofArray(st.bytes().array()).asSlice(0, st.bytes().length()) : st.segment());
            }
        }
        return partB;
    }

    /** The header and part A (deflated when that is smaller), followed by the part-B streams. */
    private static MemorySegment[] seal(Bytes a, List<MemorySegment> partB, byte[] previousWindow, int version) {
        int codec = CODEC_NONE;
        byte[] stored = a.array();
        int storedLength = a.length();
        if (storedLength >= COMPRESS_MIN) {
            byte[] out = deflate(a.array(), storedLength, previousWindow);
            if (out.length < storedLength) {
                codec = CODEC_DEFLATE;
                stored = out;
                storedLength = out.length;
            }
        }
        byte[] head = new byte[HEADER + storedLength];
        MemorySegment s = MemorySegment.ofArray(head);
        s.set(Layouts.INT_UNALIGNED, 0, RecordCodec.COMMIT_MAGIC);
        s.set(Layouts.SHORT, 4, (short) version);
        head[6] = (byte) codec;
        s.set(Layouts.INT_UNALIGNED, 8, a.length());
        s.set(Layouts.INT_UNALIGNED, 12, storedLength);
        System.arraycopy(stored, 0, head, HEADER, storedLength);
        MemorySegment[] parts = new MemorySegment[1 + partB.size()];
        parts[0] = s;
        for (int i = 0; i < partB.size(); i++) {
            parts[i + 1] = partB.get(i);
        }
        return parts;
    }

    /**
     * The stream of rows {@code [start, end)} of a page: its encoding chosen by size, its placement
     * by entropy. Cells are read from the page in one bulk copy into a heap array and encoded from
     * there (per-element segment access is slow until the JIT has compiled it).
     */
    private static Stream stream(Page page, int start, int end) {
        ColumnType type = page.column().type();
        int n = end - start;
        long from = (long) (start - page.firstRow()) * type.width();
        return switch (type) {
            case FLOAT64, BOOL -> raw(page.data().asSlice(from, (long) n * type.width()));
            case INT32, SYMBOL -> {
                int[] v = intCells(page, start, end);
                boolean plain = type == ColumnType.SYMBOL && nominal(v);
                if (packs(v, plain)) {
                    yield encoded(ENC_PACKED, packed(v));
                }
                Bytes b = plain ? plain(v) : ints(v);
                yield b.length() >= (long) n * 4 ? raw(page.data().asSlice(from, (long) n * 4)) : encoded(plain ? ENC_VARINT : ENC_DELTA_VARINT, b);
            }
            case INT64 -> {
                long[] v = longCells(page, start, end);
                yield varintBytes(v) >= (long) n * 8 ? raw(page.data().asSlice(from, (long) n * 8)) : encoded(longs(v));
            }
            case INT_LIST -> encoded(lists(page, start, end));
        };
    }

    /** Rows {@code [start, end)} of an INT32 or SYMBOL page, in one bulk copy. */
    private static int[] intCells(Page page, int start, int end) {
        int[] v = new int[end - start];
        MemorySegment.copy(page.data(), INT, (long) (start - page.firstRow()) * 4, v, 0, v.length);
        return v;
    }

    /** Rows {@code [start, end)} of an INT64 page, in one bulk copy. */
    private static long[] longCells(Page page, int start, int end) {
        long[] v = new long[end - start];
        MemorySegment.copy(page.data(), LONG, (long) (start - page.firstRow()) * 8, v, 0, v.length);
        return v;
    }

    /**
     * Raw deflate of {@code a[0, n)} at {@link #DEFLATE_LEVEL}, or {@link #BULK_DEFLATE_LEVEL} above
     * {@link #BULK} bytes (the JDK's zlib: native code, so a recording in a short-lived compiler
     * process does not wait for a compressor to be compiled). The level depends on the size only:
     * the same commit gives the same bytes.
     */
    static byte[] deflate(byte[] a, int n) {
        return deflate(a, n, null);
    }

    /** {@link #deflate(byte[], int)} with {@code dictionary} (null or empty: none) as deflate's preset dictionary. */
    static byte[] deflate(byte[] a, int n, byte[] dictionary) {
        Deflater d = new Deflater(n > BULK ? BULK_DEFLATE_LEVEL : DEFLATE_LEVEL, true);
        try {
            if (dictionary != null && dictionary.length > 0) {
                d.setDictionary(dictionary);
            }
            d.setInput(a, 0, n);
            d.finish();
            byte[] out = new byte[n + (n >> 6) + 64];
            int len = 0;
            while (!d.finished()) {
                if (len == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                len += d.deflate(out, len, out.length - len);
            }
            return Arrays.copyOf(out, len);
        } finally {
            d.end();
        }
    }

    /** Inflates raw deflate {@code stored} into exactly {@code rawLength} bytes, or throws {@link DataFormatException}. */
    static byte[] inflate(byte[] stored, int rawLength) throws DataFormatException {
        return inflate(stored, rawLength, null);
    }

    /** {@link #inflate(byte[], int)} of a stream deflated with {@code dictionary} (null or empty: none). */
    static byte[] inflate(byte[] stored, int rawLength, byte[] dictionary) throws DataFormatException {
        Inflater in = new Inflater(true);
        try {
            if (dictionary != null && dictionary.length > 0) {
                in.setDictionary(dictionary); // raw deflate never asks for it: set up front, as the writer did
            }
            // zlib may read one byte past a raw stream's end: hand it a spare one
            in.setInput(Arrays.copyOf(stored, stored.length + 1));
            byte[] body = new byte[rawLength];
            int n = 0;
            while (n < rawLength) {
                int k = in.inflate(body, n, rawLength - n);
                if (k == 0) {
                    break; // finished early, input exhausted, or a dictionary asked for: all malformed here
                }
                n += k;
            }
            if (n != rawLength || !in.finished()) {
                throw new DataFormatException("deflate part A inflates to " + (in.finished() ? n + " bytes" : "more than " + n + " bytes or ends early")
                    + ", expected " + rawLength);
            }
            return body;
        } finally {
            in.end();
        }
    }

    /** The delta-varint encoding of rows {@code [start, end)} of an INT32, SYMBOL, INT64 or INT_LIST page. */
    static Bytes deltaVarint(Page page, int start, int end) {
        ColumnType type = page.column().type();
        return switch (type) {
            case INT32, SYMBOL -> ints(intCells(page, start, end));
            case INT64 -> longs(longCells(page, start, end));
            case INT_LIST -> lists(page, start, end);
            case FLOAT64, BOOL -> throw new IllegalStateException(type + " cells are stored raw");
        };
    }

    private static Stream raw(MemorySegment slice) {
        if (slice.byteSize() >= SAMPLE && entropy(slice) > RAW_ENTROPY) {
            return new Stream(ENC_RAW, IN_B, null, slice);
        }
        Bytes b = new Bytes((int) slice.byteSize());
        b.segment(slice);
        return new Stream(ENC_RAW, IN_A, b, null);
    }

    private static Stream encoded(Bytes b) {
        return encoded(ENC_DELTA_VARINT, b);
    }

    private static Stream encoded(int encoding, Bytes b) {
        boolean incompressible = b.length() >= SAMPLE && entropy(b.array(), b.length()) > RAW_ENTROPY;
        return new Stream(encoding, incompressible ? IN_B : IN_A, b, null);
    }

    /**
     * Whether symbol codes {@code v} read as names rather than as a sequence: fewer than half of
     * them repeat the code before or follow it by one. Such codes compress better as they are
     * (a repeated code gives repeated bytes) than as differences (which are noise).
     */
    static boolean nominal(int[] v) {
        int sequential = 0;
        int prev = 0;
        for (int x : v) {
            int d = x - prev;
            if (d == 0 || d == 1) {
                sequential++;
            }
            prev = x;
        }
        return sequential * 2 < v.length;
    }

    /**
     * Whether cells {@code v} are bit-packed rather than written as varints ({@code plain}: as they
     * are, else as differences): when the packed stream is smaller than the varint stream would be
     * after entropy coding. Both are estimated from a sample, the varints of the first cells up to
     * {@link #SAMPLE} bytes: the varint stream as the sample's bytes per cell times the cells, its
     * entropy-coded size as that times the sample's byte entropy (order 0). Deflate does better
     * than that estimate on a recorder's columns (repeated runs), so the test holds only for cells
     * spread evenly over a range (random ids, hashes, measurements). It costs one pass for the range
     * and the sample; decided by the cells alone, so the same commit gives the same bytes.
     */
    static boolean packs(int[] v, boolean plain) {
        if (v.length < PACK_MIN) {
            return false;
        }
        long packed = packedBytes(v);
        Bytes sample = new Bytes(SAMPLE + 5);
        int prev = 0;
        int k = 0;
        for (; k < v.length && sample.length() < SAMPLE; k++) {
            sample.varint(plain ? v[k] : zigzag(v[k] - prev));
            prev = v[k];
        }
        double varint = (double) sample.length() * v.length / k;
        return packed < varint && packed * 8 < entropy(sample.array(), sample.length()) * varint;
    }

    /** Bits per cell of the frame of reference of {@code v}: of the largest cell minus the smallest. */
    private static int packedBits(int min, int max) {
        return 64 - Long.numberOfLeadingZeros((long) max - min);
    }

    /** The smallest and the largest cell of {@code v}, as {@code (min << 32) | (max & 0xFFFFFFFF)}. */
    private static long range(int[] v) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return (long) min << 32 | (max & 0xFFFFFFFFL);
    }

    /** Bytes of the {@link #ENC_PACKED} stream of {@code v}. */
    static long packedBytes(int[] v) {
        long range = range(v);
        int min = (int) (range >> 32);
        return 1 + varintSize(zigzag(min)) + ((long) v.length * packedBits(min, (int) range) + 7) / 8;
    }

    /** The {@link #ENC_PACKED} stream of {@code v} (non-empty). */
    static Bytes packed(int[] v) {
        long range = range(v);
        int min = (int) (range >> 32);
        int bits = packedBits(min, (int) range);
        Bytes out = new Bytes((int) (6 + ((long) v.length * bits + 7) / 8 + 8));
        out.u8(bits);
        out.varint(zigzag(min));
        out.bitPack(v, min, bits);
        return out;
    }

    /** Bytes of the unsigned LEB128 varint of {@code x}, 1 to 5. */
    private static int varintSize(int x) {
        return (38 - Integer.numberOfLeadingZeros(x | 1)) / 7;
    }

    private static Bytes plain(int[] v) {
        Bytes out = new Bytes(v.length * 2 + 16);
        out.varints(v, false);
        return out;
    }

    /** Bytes of the delta-varint encoding of {@code v}, without writing it (INT64 cells are often too wide for varints: ids, hashes). */
    private static long varintBytes(long[] v) {
        long total = 0;
        long prev = 0;
        for (long x : v) {
            total += (70 - Long.numberOfLeadingZeros(zigzag(x - prev) | 1)) / 7;
            prev = x;
        }
        return total;
    }

    /** Shannon entropy, in bits per byte, of the first {@link #SAMPLE} bytes. */
    static double entropy(MemorySegment s) {
        int n = (int) Math.min(SAMPLE, s.byteSize());
        return entropy(s.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), n);
    }

    /** Shannon entropy, in bits per byte, of the first {@code min(SAMPLE, length)} bytes of {@code a}. */
    static double entropy(byte[] a, int length) {
        int n = Math.min(SAMPLE, length);
        int[] counts = new int[256];
        for (int i = 0; i < n; i++) {
            counts[a[i] & 0xFF]++;
        }
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                h -= p * Math.log(p);
            }
        }
        return h / Math.log(2);
    }

    private static Bytes ints(int[] v) {
        Bytes out = new Bytes(v.length * 2 + 16);
        out.varints(v, true);
        return out;
    }

    private static Bytes longs(long[] v) {
        Bytes out = new Bytes(v.length * 2 + 16);
        long prev = 0;
        for (long x : v) {
            out.varlong(zigzag(x - prev));
            prev = x;
        }
        return out;
    }

    /** INT_LIST rows: per row its length, then its values delta-coded from the row number. */
    private static Bytes lists(Page page, int start, int end) {
        int first = page.firstRow();
        int n = end - start;
        int[] offsets = new int[n + 1];
        MemorySegment.copy(page.data(), INT, (long) (start - first) * 4, offsets, 0, n + 1);
        int[] values = new int[offsets[n] - offsets[0]];
        MemorySegment.copy(page.values(), INT, (long) offsets[0] * 4, values, 0, values.length);
        Bytes out = new Bytes(Math.max(16, n * 2 + values.length));
        for (int i = 0; i < n; i++) {
            int from = offsets[i] - offsets[0];
            int to = offsets[i + 1] - offsets[0];
            out.varint(to - from);
            int prev = start + i;
            for (int k = from; k < to; k++) {
                out.varint(zigzag(values[k] - prev));
                prev = values[k];
            }
        }
        return out;
    }

    /**
     * Buffers reused by every record a store replays (one set per open, used by one thread): part
     * A as stored and inflated, a part-B stream copied for the varint and packed decoders, chunks
     * of cells on their way into a page, and one {@link Inflater}. Each array keeps
     * {@link #SLACK} readable bytes past what it holds, so the packed decoder reads whole words
     * without a bounds test per cell. {@link #close()} ends the inflater.
     */
    static final class Scratch implements AutoCloseable {
        /** Bytes past a stream's end that the packed decoder may read (and masks away). */
        static final int SLACK = 8;
        /** Cells decoded into a heap chunk before one bulk copy into the page. */
        static final int CHUNK = 2048;
        private byte[] stored = new byte[0];
        private byte[] body = new byte[0];
        /** Part A of the record decoded before, {@code previousLength} bytes (or -1): its end is the next record's window. */
        private byte[] previous = new byte[0];
        private int previousLength = -1;
        private int bodyLength = -1;
        private byte[] stream = new byte[0];
        final int[] ints = new int[CHUNK];
        final long[] longs = new long[CHUNK];
        private Inflater inflater;

        private static byte[] room(byte[] a, int n) {
            return a.length >= n ? a : new byte[Math.max(n, Math.min(Integer.MAX_VALUE - 16, a.length + (a.length >> 1)))];
        }

        /** A copy of the window the last record decoded with this scratch leaves for the next one. */
        byte[] window() {
            return bodyLength < 0 ? null : CommitCodec.window(body, bodyLength);
        }

        Inflater inflater() {
            if (inflater == null) {
                inflater = new Inflater(true);
            } else {
                inflater.reset();
            }
            return inflater;
        }

        @Override
        public void close() {
            if (inflater != null) {
                inflater.end();
                inflater = null;
            }
        }
    }

    /**
     * One column stream of a decoded patch: where its bytes lie (in part A, a region of the
     * scratch body; in part B, a slice of the payload) and how they are encoded. The planner has
     * it write its cells straight into the page it builds ({@link #writeTo}); an INT_LIST stream
     * is decoded up front into a heap page ({@link #listPage}). Valid until the next record is
     * decoded with the same {@link Scratch}.
     */
    static final class ColumnStream implements PatchPlanner.Cells {
        final ColumnDef column;
        final int encoding;
        final int start;
        final int end;
        private final long epoch;
        private final byte[] a;
        private final int off;
        private final int len;
        private final MemorySegment partB;
        private final Scratch scratch;
        private final SymbolDictionary dictionary;
        private Page listPage;

        ColumnStream(ColumnDef column, int encoding, int start, int end, long epoch, byte[] a, int off, int len, MemorySegment partB,
                     Scratch scratch, SymbolDictionary dictionary) {
            this.column = column;
            this.encoding = encoding;
            this.start = start;
            this.end = end;
            this.epoch = epoch;
            this.a = a;
            this.off = off;
            this.len = len;
            this.partB = partB;
            this.scratch = scratch;
            this.dictionary = dictionary;
        }

        /** The heap page of an INT_LIST stream (decoded by {@link CommitCodec#decode}); null for other types. */
        Page listPage() {
            return listPage;
        }

        /**
         * The stream's bytes as they lie in the payload when they can be the page of rows
         * {@code [start, end)} as they are: a raw INT32, INT64 or FLOAT64 stream in part B (the
         * read-only mapping of the log) whose address suits the type. Null otherwise.
         */
        MemorySegment inPlace() {
            if (partB == null || encoding != ENC_RAW) {
                return null;
            }
            int w = column.type().width();
            boolean fits = column.type() == ColumnType.INT32 || column.type() == ColumnType.INT64 || column.type() == ColumnType.FLOAT64;
            return fits && partB.address() % w == 0 && partB.byteSize() >= w ? partB : null;
        }

        /** The cells as a page of their own on the heap (diagnostics and tests). */
        Page heapPage() {
            if (column.type() == ColumnType.INT_LIST) {
                return listPage;
            }
            int n = end - start;
            MemorySegment data = switch (column.type()) {
                case INT32, SYMBOL -> MemorySegment.ofArray(new int[n]);
                case INT64, FLOAT64 -> MemorySegment.ofArray(new long[n]);
                default -> MemorySegment.ofArray(new byte[n]);
            };
            writeTo(data, 0);
            return new Page(column, start, n, data, null, null, dictionary, List.of());
        }

        @Override
        public void writeTo(MemorySegment dst, long offset) {
            try {
                switch (encoding) {
                    case ENC_RAW -> raw(dst, offset);
                    case ENC_DELTA_VARINT -> {
                        if (column.type() == ColumnType.INT64) {
                            deltaLongs(dst, offset);
                        } else {
                            varints(dst, offset, true);
                        }
                    }
                    case ENC_VARINT -> varints(dst, offset, false);
                    case ENC_PACKED -> packed(dst, offset);
                    default -> throw damaged("encoding " + encoding);
                }
            } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                throw new RecordFormatException("commit record of epoch " + epoch + " does not decode: column '" + column.name() + "': " + e);
            }
        }

        private RecordFormatException damaged(String what) {
            return inconsistent(epoch, what);
        }

        /** The stream in a byte array, with {@link Scratch#SLACK} bytes after it: part A's region, or part B copied. */
        private byte[] bytes() {
            if (partB == null) {
                return a;
            }
            scratch.stream = Scratch.room(scratch.stream, len + Scratch.SLACK);
            MemorySegment.copy(partB, ValueLayout.JAVA_BYTE, 0, scratch.stream, 0, len);
            return scratch.stream;
        }

        private int from() {
            return partB == null ? off : 0;
        }

        private void raw(MemorySegment dst, long offset) {
            MemorySegment src = partB != null ? partB : MemorySegment.ofArray(a).asSlice(off, len);
            int n = end - start;
            switch (column.type()) {
                case BOOL -> {
                    for (int i = 0; i < n; i++) {
                        byte b = src.get(ValueLayout.JAVA_BYTE, i);
                        if (b != 0 && b != 1) {
                            throw damaged("BOOL cell " + b + " in column '" + column.name() + "'");
                        }
                    }
                    MemorySegment.copy(src, 0, dst, offset, n);
                }
                case SYMBOL -> {
                    int[] v = scratch.ints;
                    for (int done = 0; done < n; ) {
                        int m = Math.min(Scratch.CHUNK, n - done);
                        MemorySegment.copy(src, Layouts.INT_UNALIGNED, (long) done * 4, v, 0, m);
                        checkCodes(v, m, start + done);
                        MemorySegment.copy(v, 0, dst, INT, offset + (long) done * 4, m);
                        done += m;
                    }
                }
                default -> MemorySegment.copy(src, 0, dst, offset, (long) n * column.type().width());
            }
        }

        /** Symbol codes {@code v[0, m)} of rows from {@code row} must name entries of the dictionary (the commit's own included). */
        private void checkCodes(int[] v, int m, int row) {
            int size = dictionary.size();
            for (int i = 0; i < m; i++) {
                if (Integer.compareUnsigned(v[i], size) >= 0) {
                    throw damaged("symbol code " + v[i] + " in column '" + column.name() + "' row " + (row + i) + "; the dictionary has " + size + " entries");
                }
            }
        }

        /** INT32 or SYMBOL cells as varints: of the differences (zigzag) if {@code differences}, else as they are. */
        private void varints(MemorySegment dst, long offset, boolean differences) {
            byte[] b = bytes();
            int p = from();
            int stop = p + len;
            int n = end - start;
            int[] v = scratch.ints;
            boolean symbols = column.type() == ColumnType.SYMBOL;
            int prev = 0;
            for (int done = 0; done < n; ) {
                int m = Math.min(Scratch.CHUNK, n - done);
                for (int i = 0; i < m; i++) {
                    int x = b[p++];
                    if (x < 0) {
                        x &= 0x7F;
                        int y = b[p++];
                        x |= (y & 0x7F) << 7;
                        if (y < 0) {
                            y = b[p++];
                            x |= (y & 0x7F) << 14;
                            if (y < 0) {
                                y = b[p++];
                                x |= (y & 0x7F) << 21;
                                if (y < 0) {
                                    y = b[p++];
                                    x |= (y & 0x7F) << 28;
                                    if (y < 0) {
                                        throw damaged("a varint longer than 5 bytes in column '" + column.name() + "'");
                                    }
                                }
                            }
                        }
                    }
                    if (differences) {
                        prev += (x >>> 1) ^ -(x & 1);
                        v[i] = prev;
                    } else {
                        v[i] = x;
                    }
                }
                if (p > stop) {
                    break;
                }
                if (symbols) {
                    checkCodes(v, m, start + done);
                }
                MemorySegment.copy(v, 0, dst, INT, offset + (long) done * 4, m);
                done += m;
            }
            if (p != stop) {
                throw damaged("bytes left after the cells of column '" + column.name() + "'");
            }
        }

        /** INT64 cells as zigzag varlongs of their differences. */
        private void deltaLongs(MemorySegment dst, long offset) {
            byte[] b = bytes();
            int p = from();
            int stop = p + len;
            int n = end - start;
            long[] v = scratch.longs;
            long prev = 0;
            for (int done = 0; done < n; ) {
                int m = Math.min(Scratch.CHUNK, n - done);
                for (int i = 0; i < m; i++) {
                    long x = 0;
                    for (int shift = 0; ; shift += 7) {
                        if (shift == 70) {
                            throw damaged("a varlong longer than 10 bytes in column '" + column.name() + "'");
                        }
                        byte y = b[p++];
                        x |= (long) (y & 0x7F) << shift;
                        if (y >= 0) {
                            break;
                        }
                    }
                    prev += (x >>> 1) ^ -(x & 1);
                    v[i] = prev;
                }
                if (p > stop) {
                    break;
                }
                MemorySegment.copy(v, 0, dst, LONG, offset + (long) done * 8, m);
                done += m;
            }
            if (p != stop) {
                throw damaged("bytes left after the cells of column '" + column.name() + "'");
            }
        }

        /** INT32 or SYMBOL cells bit-packed against their smallest ({@link #ENC_PACKED}). */
        private void packed(MemorySegment dst, long offset) {
            byte[] b = bytes();
            int p = from();
            int stop = p + len;
            int n = end - start;
            if (!(len >= 2)) {
                throw inconsistent(epoch, "packed stream of " + len + " bytes in column '" + column.name() + "'");
            }
            int bits = b[p++] & 0xFF;
            if (!(bits <= 32)) {
                throw inconsistent(epoch, bits + " bits per packed cell in column '" + column.name() + "', expected at most 32");
            }
            Reader header = new Reader(b, p, stop, epoch);
            int min = unzigzag(header.varint());
            p = header.pos;
            long bytes = ((long) n * bits + 7) / 8;
            if (!(stop - p == bytes)) {
                throw inconsistent(epoch, (stop - p) + " bytes of " + n + " packed " + bits + "-bit cells in column '" + column.name() + "', expected " + bytes);
            }
            int[] v = scratch.ints;
            boolean symbols = column.type() == ColumnType.SYMBOL;
            for (int done = 0; done < n; ) {
                int m = Math.min(Scratch.CHUNK, n - done);
                unpackRun(b, p, bits, min, (long) done * bits, v, m);
                if (symbols) {
                    checkCodes(v, m, start + done);
                }
                MemorySegment.copy(v, 0, dst, INT, offset + (long) done * 4, m);
                done += m;
            }
        }
    }

    /**
     * Cells {@code v[0, m)} of a packed stream whose bit string starts at byte {@code data} of
     * {@code b}, from bit {@code bit} on: each {@code bits} wide, plus {@code min}. {@code b}
     * holds at least 8 bytes from the byte of every cell's first bit ({@link Scratch#SLACK}).
     */
    static void unpackRun(byte[] b, int data, int bits, int min, long bit, int[] v, int m) {
        if (bits == 0) {
            Arrays.fill(v, 0, m, min);
        } else if (bits == 8) {
            unpackBytes(b, data + (int) (bit >>> 3), min, v, m);
        } else if (bits <= 14) {
            int i = unpackFours(b, data, bits, min, bit, v, m);
            unpackEach(b, data, bits, min, bit + (long) i * bits, v, i, m);
        } else {
            unpackEach(b, data, bits, min, bit, v, 0, m);
        }
    }

    /** 8-bit cells: one byte each (the JIT vectorises this loop). */
    private static void unpackBytes(byte[] b, int at, int min, int[] v, int m) {
        for (int i = 0; i < m; i++) {
            v[i] = (b[at + i] & 0xFF) + min;
        }
    }

    /**
     * Cells of at most 14 bits, four from each word read (4 x 14 bits plus 7 of offset fit in 64):
     * 0.80 against 1.12 ns per 13-bit cell one at a time. Returns how many it unpacked (a multiple of 4).
     * Each width has a method of its own: one method for all made the JIT compile the one-at-a-time
     * loop 25% slower.
     */
    private static int unpackFours(byte[] b, int data, int bits, int min, long bit, int[] v, int m) {
        long mask = (1L << bits) - 1;
        int twice = 2 * bits;
        int thrice = 3 * bits;
        int i = 0;
        for (; i + 4 <= m; i += 4, bit += 4L * bits) {
            long word = (long) LONG_LE.get(b, data + (int) (bit >>> 3)) >>> (bit & 7);
            v[i] = (int) (word & mask) + min;
            v[i + 1] = (int) ((word >>> bits) & mask) + min;
            v[i + 2] = (int) ((word >>> twice) & mask) + min;
            v[i + 3] = (int) ((word >>> thrice) & mask) + min;
        }
        return i;
    }

    /** Cells {@code v[from, m)} one at a time, the first at bit {@code bit}. */
    private static void unpackEach(byte[] b, int data, int bits, int min, long bit, int[] v, int from, int m) {
        long mask = (1L << bits) - 1;
        for (int i = from; i < m; i++, bit += bits) {
            long word = (long) LONG_LE.get(b, data + (int) (bit >>> 3));
            v[i] = (int) ((word >>> (bit & 7)) & mask) + min;
        }
    }

    /**
     * The {@code n} cells of the {@link #ENC_PACKED} stream that {@code in} holds to its end
     * (tests): the replay decoder's {@link #unpackRun}, on a copy with room for its word reads.
     */
    static int[] unpack(Reader in, int n, String column, long epoch) {
        int bits = in.u8();
        if (!(bits <= 32)) {
            throw inconsistent(epoch, bits + " bits per packed cell in column '" + column + "', expected at most 32");
        }
        int min = unzigzag(in.varint());
        long bytes = ((long) n * bits + 7) / 8;
        if (!(in.remaining() == bytes)) {
            throw inconsistent(epoch, in.remaining() + " bytes of " + n + " packed " + bits + "-bit cells in column '" + column + "', expected " + bytes);
        }
        byte[] b = Arrays.copyOf(in.bytes((int) bytes), (int) bytes + Scratch.SLACK);
        int[] v = new int[n];
        unpackRun(b, 0, bits, min, 0, v, n);
        return v;
    }

    /**
     * {@link #decode(long, MemorySegment, Schema, SymbolDictionary, byte[], Scratch)} with buffers
     * of its own (diagnostics and tests), which stay valid after it returns.
     */
    static Decoded decode(long epoch, MemorySegment payload, Schema current, SymbolDictionary dictionary, byte[] previousWindow) {
        try (Scratch scratch = new Scratch()) { // closing ends the inflater only: the streams stay readable
            Decoded d = decode(epoch, payload, current, dictionary, previousWindow, scratch);
            return new Decoded(d.schema(), d.symbols(), d.patches(), scratch.window());
        }
    }

    /**
     * As the window argument of {@link #decode(long, MemorySegment, Schema, SymbolDictionary, byte[], Scratch)}:
     * the window is the end of the part A that the same scratch decoded last (none if it decoded
     * none), read in place. A commit decoded with a scratch carries this marker as its window
     * (the scratch holds it; {@link Scratch#window()} copies it out). Replay passes it from record to record, so that no
     * record allocates a window.
     */
    static final byte[] SCRATCH_WINDOW = new byte[0];

    /**
     * Decodes a payload of version 2, 3 or 4 (the caller has checked magic and version), from
     * version 3 on with {@code previousWindow}, the {@link Decoded#window} of the record before.
     * Metadata and INT_LIST streams are decoded here; every other column stream is left where
     * it lies ({@link ColumnStream}) and decoded straight into its page when the planner builds
     * it. Parts A and B must be used exactly. Anything inconsistent with the schema or out of
     * bounds throws {@link RecordFormatException}, here or when a stream is written.
     */
    static Decoded decode(long epoch, MemorySegment payload, Schema current, SymbolDictionary dictionary, byte[] previousWindow, Scratch scratch) {
        try {
            if (!(payload.byteSize() >= HEADER)) {
                throw inconsistent(epoch, "payload shorter than its 16-byte header");
            }
            int version = Short.toUnsignedInt(payload.get(Layouts.SHORT, 4));
            int codec = Byte.toUnsignedInt(payload.get(ValueLayout.JAVA_BYTE, 6));
            int rawLength = payload.get(Layouts.INT_UNALIGNED, 8);
            int storedLength = payload.get(Layouts.INT_UNALIGNED, 12);
            if (!(payload.get(ValueLayout.JAVA_BYTE, 7) == 0)) {
                throw inconsistent(epoch, "reserved header byte 7 is not zero");
            }
            if (!(rawLength >= 0 && storedLength >= 0 && storedLength <= payload.byteSize() - HEADER)) {
                throw inconsistent(epoch, "part A of " + storedLength + " stored bytes in a payload of " + payload.byteSize());
            }
            MemorySegment partB = payload.asSlice(HEADER + (long) storedLength);
            byte[] body = partA(epoch, payload, version, codec, rawLength, storedLength, previousWindow, scratch);
            Reader in = new Reader(body, 0, rawLength, epoch);
            int schemaLength = in.count();
            Schema schema = current;
            Schema changed = null;
            if (schemaLength > 0) {
                changed = RecordCodec.decodeSchema(epoch, MemorySegment.ofArray(in.bytes(schemaLength)));
                if (current != null) {
                    current.checkEvolvesTo(changed);
                }
                schema = changed;
            }
            if (!(schema != null)) {
                throw inconsistent(epoch, "the first commit carries no schema");
            }
            List<Commit.SymbolEntry> symbols = symbols(epoch, in);
            int patchCount = in.count();
            List<DecodedPatch> patches = new ArrayList<>(patchCount);
            List<long[]> layouts = new ArrayList<>(); // per stream: encoding, placement, length
            for (int i = 0; i < patchCount; i++) {
                TableDef table = schema.table(in.count());
                int rowStart = in.count();
                int rows = in.count();
                int after = in.count();
                if (!(rows > 0 && (long) rowStart + rows + after <= Integer.MAX_VALUE)) {
                    throw inconsistent(epoch, "row ranges of a patch on '" + table.name() + "'");
                }
                int columns = in.count();
                if (!(columns > 0 && columns <= table.columns().size())) {
                    throw inconsistent(epoch, columns + " columns in a patch on '" + table.name() + "'");
                }
                int[] positions = new int[columns];
                for (int c = 0; c < columns; c++) {
                    ColumnDef col = table.column(in.count());
                    ColumnType type = ColumnType.ofCode(in.u8());
                    if (!(type == col.type())) {
                        throw inconsistent(epoch, "column '" + col.name() + "' logged as " + type + " but the schema says " + col.type());
                    }
                    int encoding = in.u8();
                    int placement = in.u8();
                    long length = in.varlong();
                    if (!(encoding == ENC_RAW ? type != ColumnType.INT_LIST
                            : encoding == ENC_DELTA_VARINT ? type != ColumnType.FLOAT64 && type != ColumnType.BOOL
                            : encoding == ENC_VARINT ? version >= DICTIONARY_VERSION && type == ColumnType.SYMBOL
                            : encoding == ENC_PACKED && version >= PACKED_VERSION && (type == ColumnType.INT32 || type == ColumnType.SYMBOL))) {
                        throw inconsistent(epoch, "encoding " + encoding + " of column '" + col.name() + "'");
                    }
                    if (!(placement == IN_A || placement == IN_B)) {
                        throw inconsistent(epoch, "placement " + placement + " of column '" + col.name() + "'");
                    }
                    if (!(length >= 0 && (encoding != ENC_RAW || length == (long) rows * type.width()))) {
                        throw inconsistent(epoch, "stream of " + length + " bytes for column '" + col.name() + "'");
                    }
                    positions[c] = table.columns().indexOf(col);
                    layouts.add(new long[] {encoding, placement, length});
                }
                patches.add(new DecodedPatch(table, rowStart, rowStart + rows, rowStart + rows + after, positions, new ColumnStream[columns]));
            }
            int k = 0;
            long offsetB = 0;
            for (DecodedPatch p : patches) {
                for (int c = 0; c < p.positions().length; c++) {
                    ColumnDef col = p.table().columns().get(p.positions()[c]);
                    long[] layout = layouts.get(k++);
                    int encoding = (int) layout[0];
                    long length = layout[2];
                    ColumnStream s;
                    if (layout[1] == IN_A) {
                        if (!(length <= in.remaining())) {
                            throw inconsistent(epoch, "stream of " + length + " bytes for column '" + col.name() + "', " + in.remaining() + " left in part A");
                        }
                        s = new ColumnStream(col, encoding, p.rowStart(), p.rowEnd(), epoch, body, in.pos, (int) length, null, scratch, dictionary);
                        in.pos += (int) length;
                    } else {
                        if (!(length <= partB.byteSize() - offsetB)) {
                            throw inconsistent(epoch, "stream of " + length + " bytes for column '" + col.name() + "', " + (partB.byteSize() - offsetB) + " left in part B");
                        }
                        if (!(length <= Integer.MAX_VALUE - 16)) {
                            throw inconsistent(epoch, "stream of " + length + " bytes for column '" + col.name() + "'");
                        }
                        s = new ColumnStream(col, encoding, p.rowStart(), p.rowEnd(), epoch, null, 0, (int) length, partB.asSlice(offsetB, length), scratch, dictionary);
                        offsetB += length;
                    }
                    if (col.type() == ColumnType.INT_LIST) {
                        Reader r = layout[1] == IN_A ? new Reader(body, s.off, s.off + s.len, epoch) : new Reader(s.partB.toArray(ValueLayout.JAVA_BYTE), epoch);
                        s.listPage = lists(r, col, p.rowStart(), p.rowEnd(), dictionary, epoch);
                    }
                    p.streams()[c] = s;
                }
            }
            if (!(in.atEnd())) {
                throw inconsistent(epoch, (rawLength - in.pos) + " bytes after the last stream of part A");
            }
            if (!(offsetB == partB.byteSize())) {
                throw inconsistent(epoch, (partB.byteSize() - offsetB) + " bytes after the last stream of part B");
            }
            scratch.bodyLength = rawLength;
            return new Decoded(changed, symbols, patches, SCRATCH_WINDOW);
        } catch (IndexOutOfBoundsException | SchemaException | IllegalArgumentException | MalformedInputException e) {
            throw new RecordFormatException("commit record of epoch " + epoch + " does not decode: " + e);
        }
    }

    /** Part A of a payload, uncompressed, in the scratch body ({@link Scratch#SLACK} bytes of room after it). */
    private static byte[] partA(long epoch, MemorySegment payload, int version, int codec, int rawLength, int storedLength, byte[] previousWindow, Scratch scratch) {
        if (!(rawLength <= Integer.MAX_VALUE - 16)) {
            throw inconsistent(epoch, "part A of " + rawLength + " bytes");
        }
        byte[] last = scratch.body; // the record before's part A becomes the previous one: its end is this record's window
        scratch.body = scratch.previous;
        scratch.previous = last;
        scratch.previousLength = scratch.bodyLength;
        scratch.bodyLength = -1;
        byte[] body = scratch.body = Scratch.room(scratch.body, rawLength + Scratch.SLACK);
        if (codec == CODEC_NONE) {
            if (!(rawLength == storedLength)) {
                throw inconsistent(epoch, "part A of " + rawLength + " bytes stored as " + storedLength);
            }
            MemorySegment.copy(payload, ValueLayout.JAVA_BYTE, HEADER, body, 0, rawLength);
        } else if (codec == CODEC_DEFLATE) {
            // zlib may read one byte past a raw stream's end: hand it a spare one
            byte[] stored = scratch.stored = Scratch.room(scratch.stored, storedLength + 1);
            MemorySegment.copy(payload, ValueLayout.JAVA_BYTE, HEADER, stored, 0, storedLength);
            stored[storedLength] = 0;
            Inflater inflater = scratch.inflater();
            if (version >= DICTIONARY_VERSION && previousWindow == SCRATCH_WINDOW) {
                int from = Math.max(0, scratch.previousLength - WINDOW);
                if (scratch.previousLength > from) { // raw deflate never asks for it: set up front, as the writer did
                    inflater.setDictionary(scratch.previous, from, scratch.previousLength - from);
                }
            } else if (version >= DICTIONARY_VERSION && previousWindow != null && previousWindow.length > 0) {
                inflater.setDictionary(previousWindow);
            }
            inflater.setInput(stored, 0, storedLength + 1);
            int n = 0;
            try {
                while (n < rawLength) {
                    int k = inflater.inflate(body, n, rawLength - n);
                    if (k == 0) {
                        break; // finished early, input exhausted, or a dictionary asked for: all malformed here
                    }
                    n += k;
                }
            } catch (DataFormatException e) {
                throw new RecordFormatException("commit record of epoch " + epoch + ": " + e.getMessage());
            }
            if (n != rawLength || !inflater.finished()) {
                throw new RecordFormatException("commit record of epoch " + epoch + ": deflate part A inflates to "
                    + (inflater.finished() ? n + " bytes" : "more than " + n + " bytes or ends early") + ", expected " + rawLength);
            }
        } else if (codec == CODEC_ZSTD) {
            byte[] stored = payload.asSlice(HEADER, storedLength).toArray(ValueLayout.JAVA_BYTE);
            int n = new ZstdJavaDecompressor().decompress(stored, 0, stored.length, body, 0, rawLength);
            if (!(n == rawLength)) {
                throw inconsistent(epoch, "zstd part A of " + n + " bytes, expected " + rawLength);
            }
        } else {
            throw new RecordFormatException("commit record of epoch " + epoch + " uses compression codec " + codec
                + "; this build knows 0 (none), 1 (zstd) and 2 (deflate)");
        }
        return body;
    }

    /** The commit's new dictionary entries, front-coded (see {@link #symbols(Bytes, List)}). */
    private static List<Commit.SymbolEntry> symbols(long epoch, Reader in) {
        int symbolCount = in.count();
        List<Commit.SymbolEntry> symbols = new ArrayList<>(Math.min(symbolCount, in.remaining()));
        if (symbolCount > 0) {
            int code = in.count();
            // the last LOOKBACK entries' bytes, newest first, in LOOKBACK buffers reused round: no array per entry
            byte[][] recent = new byte[LOOKBACK][];
            int[] lengths = new int[LOOKBACK];
            int known = 0;
            for (int i = 0; i < symbolCount; i++) {
                int back = in.count();
                int shared = in.count();
                int suffix = in.count();
                if (!(back < Math.max(1, known) && (shared == 0 || back < known))) {
                    throw inconsistent(epoch, "dictionary entry refers to the entry " + (back + 1) + " places back; " + known + " are known");
                }
                if (shared > (shared == 0 ? 0 : lengths[back])) {
                    throw inconsistent(epoch, "dictionary entry shares " + shared + " bytes with a shorter predecessor");
                }
                if (!(suffix <= in.remaining())) {
                    throw inconsistent(epoch, suffix + " bytes wanted, " + in.remaining() + " left");
                }
                byte[] b = recent[LOOKBACK - 1]; // the oldest buffer becomes the newest entry's
                if (b == null || b.length < shared + suffix) {
                    b = new byte[Math.max(64, shared + suffix)];
                }
                if (shared > 0) {
                    System.arraycopy(recent[back], 0, b, 0, shared); // back < LOOKBACK - 1 or it is b itself: copies in place
                }
                in.bytes(b, shared, suffix);
                symbols.add(new Commit.SymbolEntry(code + i, new String(b, 0, shared + suffix, StandardCharsets.UTF_8)));
                System.arraycopy(recent, 0, recent, 1, LOOKBACK - 1);
                System.arraycopy(lengths, 0, lengths, 1, LOOKBACK - 1);
                recent[0] = b;
                lengths[0] = shared + suffix;
                known = Math.min(LOOKBACK, known + 1);
            }
        }
        return symbols;
    }

    /** INT_LIST cells as delta-varints, into a heap page (the planner lays lists out row by row). */
    private static Page lists(Reader in, ColumnDef col, int start, int end, SymbolDictionary dictionary, long epoch) {
        int n = end - start;
        int[] offsets = new int[n + 1];
        int[] values = new int[16];
        int total = 0;
        for (int i = 0; i < n; i++) {
            int len = in.count();
            if (!(len <= in.remaining())) {
                throw inconsistent(epoch, "list of " + len + " values in column '" + col.name() + "'");
            }
            if (total + len > values.length) {
                values = Arrays.copyOf(values, Math.max(total + len, values.length * 2));
            }
            int prev = start + i;
            for (int k = 0; k < len; k++) {
                prev += unzigzag(in.varint());
                values[total++] = prev;
            }
            offsets[i + 1] = total;
        }
        if (!(in.atEnd())) {
            throw inconsistent(epoch, "bytes left after the cells of column '" + col.name() + "'");
        }
        return new Page(col, start, n, MemorySegment.ofArray(offsets), MemorySegment.ofArray(Arrays.copyOf(values, total)), null, dictionary, List.of());
    }

    /** The error of a record whose bytes are inconsistent (build the message only when it is thrown). */
    static RecordFormatException inconsistent(long epoch, String what) {
        return new RecordFormatException("commit record of epoch " + epoch + " is inconsistent: " + what);
    }

    private static void expect(boolean ok, long epoch, String what) {
        if (!ok) {
            throw new RecordFormatException("commit record of epoch " + epoch + " is inconsistent: " + what);
        }
    }

    static int zigzag(int v) {
        return (v << 1) ^ (v >> 31);
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static int unzigzag(int v) {
        return (v >>> 1) ^ -(v & 1);
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** A growable little-endian byte buffer with varints (LEB128). */
    static final class Bytes {
        /** Cells {@link #varints} writes between two checks of the room left. */
        private static final int VARINT_RUN = 1024;
        private byte[] a;
        private int n;

        Bytes(int capacity) {
            a = new byte[capacity];
        }

        private void room(int k) {
            if (n + k > a.length) {
                a = Arrays.copyOf(a, Math.max(n + k, a.length * 2));
            }
        }

        void u8(int v) {
            room(1);
            a[n++] = (byte) v;
        }

        void varint(int v) {
            room(5);
            while ((v & ~0x7F) != 0) {
                a[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            a[n++] = (byte) v;
        }

        void varlong(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                a[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            a[n++] = (byte) v;
        }

        /** Appends the varints of {@code v}: of the differences between cells (zigzag) if {@code differences}, else of the cells. */
        void varints(int[] v, boolean differences) {
            int prev = 0;
            for (int from = 0; from < v.length; from += VARINT_RUN) { // room for a run at a time: no check per cell, no 5 bytes per cell up front
                int to = Math.min(v.length, from + VARINT_RUN);
                room((to - from) * 5);
                byte[] b = a;
                int at = n;
                for (int i = from; i < to; i++) {
                    int x = v[i];
                    int z = differences ? (x - prev) << 1 ^ (x - prev) >> 31 : x;
                    prev = x;
                    while ((z & ~0x7F) != 0) {
                        b[at++] = (byte) (z | 0x80);
                        z >>>= 7;
                    }
                    b[at++] = (byte) z;
                }
                n = at;
            }
        }

        /** Appends {@code (v[i] - min)} in {@code bits} bits each, least significant bit first. */
        void bitPack(int[] v, int min, int bits) {
            int bytes = (int) (((long) v.length * bits + 7) / 8);
            room(bytes + 8);
            long acc = 0;
            int held = 0;
            int at = n;
            for (int x : v) {
                long d = Integer.toUnsignedLong(x - min);
                acc |= d << held;
                held += bits;
                if (held >= 32) {
                    INT_LE.set(a, at, (int) acc);
                    at += 4;
                    acc >>>= 32;
                    held -= 32;
                }
            }
            while (held > 0) {
                a[at++] = (byte) acc;
                acc >>>= 8;
                held -= 8;
            }
            n = at;
        }

        void fixed64(long v) {
            room(8);
            for (int i = 0; i < 8; i++) {
                a[n++] = (byte) (v >>> (8 * i));
            }
        }

        void segment(MemorySegment s) {
            int len = (int) s.byteSize();
            room(len);
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 0, a, n, len);
            n += len;
        }

        void bytes(byte[] b, int off, int len) {
            room(len);
            System.arraycopy(b, off, a, n, len);
            n += len;
        }

        byte[] array() {
            return a;
        }

        int length() {
            return n;
        }
    }

    /** Reads what {@link Bytes} wrote; every read is bounds-checked (IndexOutOfBounds / RecordFormat on bad input). */
    static final class Reader {
        private final byte[] a;
        private final long epoch;
        /** Where the bytes read end (exclusive). */
        private final int end;
        int pos;

        Reader(byte[] a, long epoch) {
            this(a, 0, a.length, epoch);
        }

        /** Reads {@code a[from, end)}. */
        Reader(byte[] a, int from, int end, long epoch) {
            this.a = a;
            this.epoch = epoch;
            this.pos = from;
            this.end = end;
        }

        /** The position of the next byte, advanced; past the end throws (the array may go on: a scratch buffer). */
        private int next() {
            if (pos >= end) {
                throw new IndexOutOfBoundsException("body offset " + pos + " of " + end);
            }
            return pos++;
        }

        int u8() {
            return Byte.toUnsignedInt(a[next()]);
        }

        int varint() {
            int v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                byte b = a[next()];
                v |= (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new RecordFormatException("commit record of epoch " + epoch + " is inconsistent: a varint longer than 5 bytes at body offset " + pos);
        }

        long varlong() {
            long v = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                byte b = a[next()];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new RecordFormatException("commit record of epoch " + epoch + " is inconsistent: a varlong longer than 10 bytes at body offset " + pos);
        }

        /** A non-negative count or index. */
        int count() {
            int v = varint();
            if (v < 0) {
                throw new RecordFormatException("commit record of epoch " + epoch + " is inconsistent: negative count " + v + " at body offset " + pos);
            }
            return v;
        }

        long fixed64() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (long) Byte.toUnsignedInt(a[next()]) << (8 * i);
            }
            return v;
        }

        byte[] bytes(int len) {
            byte[] out = new byte[checked(len)];
            bytes(out, 0, len);
            return out;
        }

        /** Reads {@code len} bytes into {@code out[off, off + len)}. */
        void bytes(byte[] out, int off, int len) {
            System.arraycopy(a, pos, out, off, checked(len));
            pos += len;
        }

        private int checked(int len) {
            if (len < 0 || len > end - pos) {
                throw new RecordFormatException("commit record of epoch " + epoch + " is inconsistent: " + len + " bytes wanted, " + (end - pos) + " left");
            }
            return len;
        }

        int remaining() {
            return end - pos;
        }

        boolean atEnd() {
            return pos == end;
        }
    }
}
