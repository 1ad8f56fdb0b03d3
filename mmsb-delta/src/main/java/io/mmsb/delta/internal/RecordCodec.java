package io.mmsb.delta.internal;

import static io.mmsb.delta.internal.Layouts.align64;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.ColumnType;
import io.mmsb.core.Schema;
import io.mmsb.core.SchemaException;
import io.mmsb.core.SymbolDictionary;
import io.mmsb.core.TableDef;
import io.mmsb.core.internal.memory.Block;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes the payloads of the store's log records (layout in docs/FORMAT.md,
 * "Delta record payload"). A commit payload is a small header followed by the page buffers,
 * each 64-byte aligned, so that decoding only slices the (memory-mapped) payload: replay
 * selects buffers and copies nothing.
 *
 * <p>Thread rules: stateless, safe from any thread.
 */
public final class RecordCodec {
    static final int COMMIT_MAGIC = 0x544C444D; // "MDLT"
    static final int SCHEMA_MAGIC = 0x4843534D; // "MSCH"
    static final int PAYLOAD_VERSION = 1;
    private static final int COLUMN_ENTRY = 40;
    private static final int PATCH_ENTRY = 24;
    private static final MemorySegment ZEROS = MemorySegment.ofArray(new byte[64]);

    private RecordCodec() {}

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The parts of a commit record, to be concatenated by the log. */
    public static MemorySegment[] encodeCommit(Commit commit) {
        List<byte[]> names = new ArrayList<>();
        byte[] schema = commit.schema() == null ? new byte[0] : encodeSchema(commit.schema()).toArray(ValueLayout.JAVA_BYTE);
        long header = 20 + ((schema.length + 3) & ~3);
        for (Commit.SymbolEntry s : commit.symbols()) {
            byte[] b = SymbolDictionary.utf8(s.symbol());
            names.add(b);
            header += 8 + ((b.length + 3) & ~3);
        }
        for (Patch p : commit.patches()) {
            header += PATCH_ENTRY + (long) COLUMN_ENTRY * p.pages().length;
        }
        header = align64(header);
        ByteBuffer h = le((int) header);
        h.putInt(COMMIT_MAGIC).putShort((short) PAYLOAD_VERSION).putShort((short) 0);
        h.putInt(commit.symbols().size()).putInt(commit.patches().size()).putInt(schema.length).put(schema);
        h.position((h.position() + 3) & ~3);
        for (int i = 0; i < names.size(); i++) {
            byte[] b = names.get(i);
            h.putInt(commit.symbols().get(i).code()).putInt(b.length).put(b);
            h.position((h.position() + 3) & ~3);
        }
        List<MemorySegment> parts = new ArrayList<>();
        parts.add(MemorySegment.ofArray(h.array()));
        long offset = header;
        for (Patch p : commit.patches()) {
            h.putShort((short) p.table().id()).putShort((short) p.pages().length);
            h.putInt(p.rowStart()).putInt(p.rowEnd()).putInt(p.envStart()).putInt(p.envEnd()).putInt(p.rowCountAfter());
            for (Page page : p.pages()) {
                h.putShort((short) page.column().id()).put((byte) page.column().type().code()).put((byte) 0).putInt(0);
                offset = addBuffer(parts, h, offset, page.data());
                offset = addBuffer(parts, h, offset, page.values());
            }
        }
        return parts.toArray(MemorySegment[]::new);
    }

    private static long addBuffer(List<MemorySegment> parts, ByteBuffer h, long offset, MemorySegment buffer) {
        if (buffer == null) {
            h.putLong(0).putLong(0);
            return offset;
        }
        h.putLong(offset).putLong(buffer.byteSize());
        parts.add(buffer);
        long padded = align64(buffer.byteSize());
        if (padded > buffer.byteSize()) {
            parts.add(ZEROS.asSlice(0, padded - buffer.byteSize()));
        }
        return offset + padded;
    }

    /**
     * Decodes a commit payload. Pages are slices of {@code payload} owned by {@code owner}.
     * Anything inconsistent with the schema or out of bounds throws {@link RecordFormatException}.
     */
    public static Commit decodeCommit(long epoch, MemorySegment payload, Block owner, Schema current, SymbolDictionary dictionary) {
        try {
            ByteBuffer h = payload.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            expect(h.getInt() == COMMIT_MAGIC, epoch, "commit payload magic");
            int version = Short.toUnsignedInt(h.getShort());
            expect(version == PAYLOAD_VERSION, epoch, "commit payload version " + version + " (this build reads " + PAYLOAD_VERSION + ")");
            h.getShort();
            int symbols = h.getInt();
            int patches = h.getInt();
            int schemaLength = h.getInt();
            expect(symbols >= 0 && patches >= 0 && schemaLength >= 0 && schemaLength <= h.remaining(), epoch, "negative counts");
            Schema schema = current;
            Schema changed = null;
            if (schemaLength > 0) {
                changed = decodeSchema(epoch, payload.asSlice(h.position(), schemaLength));
                if (current != null) {
                    current.checkEvolvesTo(changed);
                }
                schema = changed;
                h.position((h.position() + schemaLength + 3) & ~3);
            }
            expect(schema != null, epoch, "the first commit carries no schema");
            List<Commit.SymbolEntry> entries = new ArrayList<>(symbols);
            for (int i = 0; i < symbols; i++) {
                int code = h.getInt();
                int len = h.getInt();
                expect(len >= 0 && len <= h.remaining(), epoch, "symbol length " + len);
                byte[] b = new byte[len];
                h.get(b);
                h.position((h.position() + 3) & ~3);
                entries.add(new Commit.SymbolEntry(code, new String(b, StandardCharsets.UTF_8)));
            }
            List<Patch> out = new ArrayList<>(patches);
            for (int i = 0; i < patches; i++) {
                out.add(decodePatch(epoch, h, payload, owner, schema, dictionary));
            }
            return new Commit(epoch, changed, out, entries, List.of(owner));
        } catch (BufferUnderflowException | IndexOutOfBoundsException | SchemaException | IllegalArgumentException e) {
            throw new RecordFormatException("commit record of epoch " + epoch + " does not decode: " + e);
        }
    }

    private static Patch decodePatch(long epoch, ByteBuffer h, MemorySegment payload, Block owner, Schema schema, SymbolDictionary dictionary) {
        TableDef table = schema.table(Short.toUnsignedInt(h.getShort()));
        int columns = Short.toUnsignedInt(h.getShort());
        int rowStart = h.getInt();
        int rowEnd = h.getInt();
        int envStart = h.getInt();
        int envEnd = h.getInt();
        int rowCountAfter = h.getInt();
        expect(envStart >= 0 && envStart <= rowStart && rowStart < rowEnd && rowEnd <= envEnd && envEnd <= rowCountAfter
            && envStart % 64 == 0, epoch, "row ranges of a patch on '" + table.name() + "'");
        int rows = envEnd - envStart;
        int[] positions = new int[columns];
        Page[] pages = new Page[columns];
        for (int c = 0; c < columns; c++) {
            ColumnDef col = table.column(Short.toUnsignedInt(h.getShort()));
            ColumnType type = ColumnType.ofCode(h.get());
            expect(type == col.type(), epoch, "column '" + col.name() + "' logged as " + type + " but the schema says " + col.type());
            h.get();
            h.getInt();
            MemorySegment data = slice(payload, h.getLong(), h.getLong(), epoch);
            MemorySegment values = slice(payload, h.getLong(), h.getLong(), epoch);
            long expectedData = type == ColumnType.INT_LIST ? (long) (rows + 1) * 4 : (long) rows * type.width();
            expect(data != null && data.byteSize() == expectedData, epoch, "buffer length of column '" + col.name() + "'");
            expect((type == ColumnType.INT_LIST) == (values != null), epoch, "values buffer of column '" + col.name() + "'");
            positions[c] = table.columns().indexOf(col);
            pages[c] = new Page(col, envStart, rows, data, values, owner, dictionary, List.of());
        }
        return new Patch(table, rowStart, rowEnd, envStart, envEnd, rowCountAfter, positions, pages);
    }

    private static MemorySegment slice(MemorySegment payload, long offset, long length, long epoch) {
        if (offset == 0 && length == 0) {
            return null;
        }
        expect(offset >= 0 && length >= 0 && offset % 64 == 0 && offset + length <= payload.byteSize(), epoch, "buffer at " + offset + "+" + length);
        return payload.asSlice(offset, length);
    }

    private static void expect(boolean ok, long epoch, String what) {
        if (!ok) {
            throw new RecordFormatException("commit record of epoch " + epoch + " is inconsistent: " + what);
        }
    }

    /** The payload of a schema record. */
    public static MemorySegment encodeSchema(Schema schema) {
        List<byte[]> strings = new ArrayList<>();
        int size = 8;
        for (TableDef t : schema.tables()) {
            byte[] n = t.name().getBytes(StandardCharsets.UTF_8);
            strings.add(n);
            size += 6 + n.length;
            for (ColumnDef c : t.columns()) {
                byte[] cn = c.name().getBytes(StandardCharsets.UTF_8);
                strings.add(cn);
                size += 6 + cn.length;
            }
        }
        ByteBuffer b = le(size);
        b.putInt(SCHEMA_MAGIC).putShort((short) PAYLOAD_VERSION).putShort((short) schema.tables().size());
        int s = 0;
        for (TableDef t : schema.tables()) {
            byte[] n = strings.get(s++);
            b.putShort((short) t.id()).putShort((short) n.length).put(n).putShort((short) t.columns().size());
            for (ColumnDef c : t.columns()) {
                byte[] cn = strings.get(s++);
                b.putShort((short) c.id()).put((byte) c.type().code()).put((byte) 0).putShort((short) cn.length).put(cn);
            }
        }
        return MemorySegment.ofArray(b.array());
    }

    public static Schema decodeSchema(long epoch, MemorySegment payload) {
        try {
            ByteBuffer b = payload.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            expect(b.getInt() == SCHEMA_MAGIC, epoch, "schema payload magic");
            int version = Short.toUnsignedInt(b.getShort());
            expect(version == PAYLOAD_VERSION, epoch, "schema payload version " + version);
            int tables = Short.toUnsignedInt(b.getShort());
            List<TableDef> out = new ArrayList<>();
            for (int i = 0; i < tables; i++) {
                int id = Short.toUnsignedInt(b.getShort());
                String name = string(b, Short.toUnsignedInt(b.getShort()));
                TableDef.Builder t = TableDef.builder(id, name);
                int cols = Short.toUnsignedInt(b.getShort());
                for (int c = 0; c < cols; c++) {
                    int cid = Short.toUnsignedInt(b.getShort());
                    ColumnType type = ColumnType.ofCode(b.get());
                    b.get();
                    t.column(cid, string(b, Short.toUnsignedInt(b.getShort())), type);
                }
                out.add(t.build());
            }
            return Schema.of(out);
        } catch (BufferUnderflowException | SchemaException | IllegalArgumentException e) {
            throw new RecordFormatException("schema record of epoch " + epoch + " does not decode: " + e);
        }
    }

    private static String string(ByteBuffer b, int len) {
        byte[] bytes = new byte[len];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
