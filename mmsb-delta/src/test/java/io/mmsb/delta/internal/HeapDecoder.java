package io.mmsb.delta.internal;

import static io.mmsb.delta.internal.CommitCodec.*;

import io.airlift.compress.v3.MalformedInputException;
import io.airlift.compress.v3.zstd.ZstdJavaDecompressor;
import io.mmsb.core.ColumnDef;
import io.mmsb.core.ColumnType;
import io.mmsb.core.Schema;
import io.mmsb.core.SchemaException;
import io.mmsb.core.SymbolDictionary;
import io.mmsb.core.TableDef;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;

/**
 * The decoder of payload versions 2 to 4 as it was before replay decoded straight into pages
 * (every stream into heap arrays, then pages over them): kept as the oracle of
 * {@code ReplayDecodeTest}, which compares it with {@link CommitCodec#decode} on random data.
 */
final class HeapDecoder {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private HeapDecoder() {}

    record DecodedPatch(TableDef table, int rowStart, int rowEnd, int rowCountAfter, int[] positions, Page[] pages) {
    }

    record Decoded(Schema schema, List<Commit.SymbolEntry> symbols, List<DecodedPatch> patches, byte[] window) {
    }

    /**
     * Decodes a version-2 or -3 payload (the caller has checked magic and version), version 3
     * with {@code previousWindow}, the {@link Decoded#window} of the record before. Anything
     * inconsistent with the schema or out of bounds throws {@link RecordFormatException}.
     */
    static Decoded decode(long epoch, MemorySegment payload, Schema current, SymbolDictionary dictionary, byte[] previousWindow) {
        try {
            expect(payload.byteSize() >= HEADER, epoch, "payload shorter than its 16-byte header");
            int version = Short.toUnsignedInt(payload.get(Layouts.SHORT, 4));
            int codec = Byte.toUnsignedInt(payload.get(ValueLayout.JAVA_BYTE, 6));
            int rawLength = payload.get(Layouts.INT_UNALIGNED, 8);
            int storedLength = payload.get(Layouts.INT_UNALIGNED, 12);
            expect(payload.get(ValueLayout.JAVA_BYTE, 7) == 0, epoch, "reserved header byte 7 is not zero");
            expect(rawLength >= 0 && storedLength >= 0 && storedLength <= payload.byteSize() - HEADER, epoch,
                "part A of " + storedLength + " stored bytes in a payload of " + payload.byteSize());
            byte[] stored = payload.asSlice(HEADER, storedLength).toArray(ValueLayout.JAVA_BYTE);
            MemorySegment partB = payload.asSlice(HEADER + (long) storedLength);
            byte[] body;
            if (codec == CODEC_NONE) {
                expect(rawLength == stored.length, epoch, "part A of " + rawLength + " bytes stored as " + stored.length);
                body = stored;
            } else if (codec == CODEC_DEFLATE) {
                try {
                    body = inflate(stored, rawLength, version >= DICTIONARY_VERSION ? previousWindow : null);
                } catch (DataFormatException e) {
                    throw new RecordFormatException("commit record of epoch " + epoch + ": " + e.getMessage());
                }
            } else if (codec == CODEC_ZSTD) {
                body = new byte[rawLength];
                int n = new ZstdJavaDecompressor().decompress(stored, 0, stored.length, body, 0, body.length);
                expect(n == rawLength, epoch, "zstd part A of " + n + " bytes, expected " + rawLength);
            } else {
                throw new RecordFormatException("commit record of epoch " + epoch + " uses compression codec " + codec
                    + "; this build knows 0 (none), 1 (zstd) and 2 (deflate)");
            }
            Reader in = new Reader(body, epoch);
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
            expect(schema != null, epoch, "the first commit carries no schema");
            int symbolCount = in.count();
            List<Commit.SymbolEntry> symbols = new ArrayList<>(symbolCount);
            if (symbolCount > 0) {
                int code = in.count();
                byte[][] recent = new byte[LOOKBACK][];
                int known = 0;
                for (int i = 0; i < symbolCount; i++) {
                    int back = in.count();
                    int shared = in.count();
                    int suffix = in.count();
                    expect(back < Math.max(1, known) && (shared == 0 || back < known), epoch, "dictionary entry refers to the entry " + (back + 1) + " places back; " + known + " are known");
                    byte[] previous = shared == 0 ? new byte[0] : recent[back];
                    expect(shared <= previous.length, epoch, "dictionary entry shares " + shared + " bytes with a shorter predecessor");
                    byte[] b = new byte[shared + suffix];
                    System.arraycopy(previous, 0, b, 0, shared);
                    System.arraycopy(in.bytes(suffix), 0, b, shared, suffix);
                    symbols.add(new Commit.SymbolEntry(code + i, new String(b, StandardCharsets.UTF_8)));
                    System.arraycopy(recent, 0, recent, 1, LOOKBACK - 1);
                    recent[0] = b;
                    known = Math.min(LOOKBACK, known + 1);
                }
            }
            int patchCount = in.count();
            List<DecodedPatch> patches = new ArrayList<>(patchCount);
            List<int[]> layouts = new ArrayList<>(); // per stream: encoding, placement
            List<Long> lengths = new ArrayList<>();
            for (int i = 0; i < patchCount; i++) {
                TableDef table = schema.table(in.count());
                int rowStart = in.count();
                int rows = in.count();
                int after = in.count();
                expect(rows > 0 && (long) rowStart + rows + after <= Integer.MAX_VALUE, epoch, "row ranges of a patch on '" + table.name() + "'");
                int columns = in.count();
                expect(columns > 0 && columns <= table.columns().size(), epoch, columns + " columns in a patch on '" + table.name() + "'");
                int[] positions = new int[columns];
                for (int c = 0; c < columns; c++) {
                    ColumnDef col = table.column(in.count());
                    ColumnType type = ColumnType.ofCode(in.u8());
                    expect(type == col.type(), epoch, "column '" + col.name() + "' logged as " + type + " but the schema says " + col.type());
                    int encoding = in.u8();
                    int placement = in.u8();
                    long length = in.varlong();
                    expect(encoding == ENC_RAW ? type != ColumnType.INT_LIST
                            : encoding == ENC_DELTA_VARINT ? type != ColumnType.FLOAT64 && type != ColumnType.BOOL
                            : encoding == ENC_VARINT ? version >= DICTIONARY_VERSION && type == ColumnType.SYMBOL
                            : encoding == ENC_PACKED && version >= PACKED_VERSION && (type == ColumnType.INT32 || type == ColumnType.SYMBOL),
                        epoch, "encoding " + encoding + " of column '" + col.name() + "'");
                    expect(placement == IN_A || placement == IN_B, epoch, "placement " + placement + " of column '" + col.name() + "'");
                    expect(length >= 0 && (encoding != ENC_RAW || length == (long) rows * type.width()), epoch, "stream of " + length + " bytes for column '" + col.name() + "'");
                    positions[c] = table.columns().indexOf(col);
                    layouts.add(new int[] {encoding, placement});
                    lengths.add(length);
                }
                patches.add(new DecodedPatch(table, rowStart, rowStart + rows, rowStart + rows + after, positions, new Page[columns]));
            }
            int k = 0;
            long offsetB = 0;
            for (DecodedPatch p : patches) {
                for (int c = 0; c < p.positions().length; c++) {
                    ColumnDef col = p.table().columns().get(p.positions()[c]);
                    int[] layout = layouts.get(k);
                    long length = lengths.get(k++);
                    MemorySegment src;
                    if (layout[1] == IN_A) {
                        expect(length <= in.remaining(), epoch, "stream of " + length + " bytes for column '" + col.name() + "', " + in.remaining() + " left in part A");
                        src = MemorySegment.ofArray(body).asSlice(in.pos, length);
                        in.pos += (int) length;
                    } else {
                        expect(length <= partB.byteSize() - offsetB, epoch, "stream of " + length + " bytes for column '" + col.name() + "', " + (partB.byteSize() - offsetB) + " left in part B");
                        src = partB.asSlice(offsetB, length);
                        offsetB += length;
                    }
                    p.pages()[c] = layout[0] == ENC_RAW ? raw(src, col, p.rowStart(), p.rowEnd(), dictionary, epoch)
                        : layout[0] == ENC_VARINT ? codes(new Reader(src.toArray(ValueLayout.JAVA_BYTE), epoch), col, p.rowStart(), p.rowEnd(), dictionary, epoch)
                        : layout[0] == ENC_PACKED ? unpack(new Reader(src.toArray(ValueLayout.JAVA_BYTE), epoch), col, p.rowStart(), p.rowEnd(), dictionary, epoch)
                        : cells(new Reader(src.toArray(ValueLayout.JAVA_BYTE), epoch), col, p.rowStart(), p.rowEnd(), dictionary, epoch);
                }
            }
            expect(in.atEnd(), epoch, (body.length - in.pos) + " bytes after the last stream of part A");
            expect(offsetB == partB.byteSize(), epoch, (partB.byteSize() - offsetB) + " bytes after the last stream of part B");
            return new Decoded(changed, symbols, patches, window(body, rawLength));
        } catch (IndexOutOfBoundsException | SchemaException | IllegalArgumentException | MalformedInputException e) {
            throw new RecordFormatException("commit record of epoch " + epoch + " does not decode: " + e);
        }
    }

    /** A raw stream: the cells as they are, little-endian. */
    private static Page raw(MemorySegment src, ColumnDef col, int start, int end, SymbolDictionary dictionary, long epoch) {
        int n = end - start;
        MemorySegment data = switch (col.type()) {
            case INT32, SYMBOL -> MemorySegment.ofArray(new int[n]);
            case INT64, FLOAT64 -> MemorySegment.ofArray(new long[n]);
            case BOOL -> MemorySegment.ofArray(new byte[n]);
            case INT_LIST -> throw new RecordFormatException("commit record of epoch " + epoch + " is inconsistent: a raw INT_LIST stream");
        };
        MemorySegment.copy(src, 0, data, 0, src.byteSize());
        if (col.type() == ColumnType.BOOL) {
            for (int i = 0; i < n; i++) {
                byte b = data.get(ValueLayout.JAVA_BYTE, i);
                expect(b == 0 || b == 1, epoch, "BOOL cell " + b + " in column '" + col.name() + "'");
            }
        }
        return new Page(col, start, n, data, null, null, dictionary, List.of());
    }

    private static Page cells(Reader in, ColumnDef col, int start, int end, SymbolDictionary dictionary, long epoch) {
        int n = end - start;
        Page page = switch (col.type()) {
            case INT32, SYMBOL -> {
                int[] v = new int[n];
                int prev = 0;
                for (int i = 0; i < n; i++) {
                    prev += unzigzag(in.varint());
                    v[i] = prev;
                }
                yield new Page(col, start, n, MemorySegment.ofArray(v), null, null, dictionary, List.of());
            }
            case INT64 -> {
                long[] v = new long[n];
                long prev = 0;
                for (int i = 0; i < n; i++) {
                    prev += unzigzag(in.varlong());
                    v[i] = prev;
                }
                yield new Page(col, start, n, MemorySegment.ofArray(v), null, null, dictionary, List.of());
            }
            case FLOAT64, BOOL -> throw new RecordFormatException("commit record of epoch " + epoch + " is inconsistent: a varint " + col.type() + " stream");
            case INT_LIST -> {
                int[] offsets = new int[n + 1];
                int[] values = new int[16];
                int total = 0;
                for (int i = 0; i < n; i++) {
                    int len = in.count();
                    expect(len <= in.remaining(), epoch, "list of " + len + " values in column '" + col.name() + "'");
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
                yield new Page(col, start, n, MemorySegment.ofArray(offsets), MemorySegment.ofArray(Arrays.copyOf(values, total)), null, dictionary, List.of());
            }
        };
        expect(in.atEnd(), epoch, "bytes left after the cells of column '" + col.name() + "'");
        return page;
    }

    /** A SYMBOL column's cells as plain varints ({@link #ENC_VARINT}): each code as it is. */
    private static Page codes(Reader in, ColumnDef col, int start, int end, SymbolDictionary dictionary, long epoch) {
        int n = end - start;
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.varint();
        }
        expect(in.atEnd(), epoch, "bytes left after the cells of column '" + col.name() + "'");
        return new Page(col, start, n, MemorySegment.ofArray(v), null, null, dictionary, List.of());
    }

    /** INT32 or SYMBOL cells bit-packed against their smallest ({@link #ENC_PACKED}). */
    private static Page unpack(Reader in, ColumnDef col, int start, int end, SymbolDictionary dictionary, long epoch) {
        int[] v = unpack(in, end - start, col.name(), epoch);
        return new Page(col, start, v.length, MemorySegment.ofArray(v), null, null, dictionary, List.of());
    }

    /** The {@code n} cells of the {@link #ENC_PACKED} stream that {@code in} holds to its end. */
    static int[] unpack(Reader in, int n, String column, long epoch) {
        int bits = in.u8();
        expect(bits <= 32, epoch, bits + " bits per packed cell in column '" + column + "', expected at most 32");
        int min = unzigzag(in.varint());
        long bytes = ((long) n * bits + 7) / 8;
        expect(in.remaining() == bytes, epoch, in.remaining() + " bytes of " + n + " packed " + bits + "-bit cells in column '" + column + "', expected " + bytes);
        byte[] b = in.bytes((int) bytes);
        int[] v = new int[n];
        long mask = (1L << bits) - 1;
        long bit = 0;
        for (int i = 0; i < n; i++, bit += bits) {
            int at = (int) (bit >>> 3);
            long word;
            if (at + 8 <= b.length) {
                word = (long) LONG_LE.get(b, at);
            } else {
                word = 0;
                for (int k = 0; at + k < b.length; k++) {
                    word |= (b[at + k] & 0xFFL) << (8 * k);
                }
            }
            v[i] = (int) ((word >>> (bit & 7)) & mask) + min;
        }
        return v;
    }

    private static void expect(boolean ok, long epoch, String what) {
        if (!ok) {
            throw new RecordFormatException("commit record of epoch " + epoch + " is inconsistent: " + what);
        }
    }

}

