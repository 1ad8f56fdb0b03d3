package io.mmsb.delta.internal;

import io.airlift.compress.v3.zstd.ZstdJavaDecompressor;
import io.mmsb.core.ColumnDef;
import io.mmsb.core.Schema;
import io.mmsb.core.SymbolDictionary;
import io.mmsb.delta.internal.log.LogOptions;
import io.mmsb.delta.internal.log.LogRecord;
import io.mmsb.delta.internal.log.TLog;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A diagnostic, not a test: where the bytes of a store's version-2 records go. For each section
 * (dictionary, patch entries, the cells of each table.column) it prints the body bytes and the
 * deflate size of that section's bytes concatenated over the whole log (an attribution of the
 * compressed size, not an exact split). Run on a copy of a store:
 * {@code java -cp <mmsb-delta classes, test-classes and dependencies> io.mmsb.delta.internal.PayloadAnatomy DIR}.
 */
public final class PayloadAnatomy {
    private PayloadAnatomy() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Map<String, ByteArrayOutputStream> sections = new TreeMap<>();
        long stored = 0;
        long bodies = 0;
        Schema schema = null;
        io.mmsb.core.internal.dictionary.MutableSymbolDictionary dictionary = new io.mmsb.core.internal.dictionary.MutableSymbolDictionary();
        byte[] window = null;
        try (TLog log = TLog.open(dir, LogOptions.strict())) {
            for (LogRecord r : log.recovered()) {
                MemorySegment p = r.payload();
                stored += p.byteSize();
                byte[] body = body(p, window);
                bodies += body.length;
                CommitCodec.Decoded d = CommitCodec.decode(r.epoch(), p, schema, dictionary, window);
                window = d.window();
                if (d.schema() != null) {
                    schema = d.schema();
                }
                for (Commit.SymbolEntry e : d.symbols()) {
                    dictionary.restore(e.code(), e.symbol(), r.epoch());
                }
                // re-encode each part separately to attribute bytes
                // as the format writes it: front-coded against the best of the last 16 entries
                CommitCodec.Bytes dict16 = new CommitCodec.Bytes(64);
                java.util.ArrayDeque<byte[]> recent = new java.util.ArrayDeque<>();
                for (Commit.SymbolEntry e : d.symbols()) {
                    byte[] b = SymbolDictionary.utf8(e.symbol());
                    int best = 0, bestIdx = 0, idx = 0;
                    for (byte[] prior : recent) {
                        int m = java.util.Arrays.mismatch(prior, b);
                        m = m < 0 ? b.length : Math.min(m, Math.min(prior.length, b.length));
                        if (m > best) { best = m; bestIdx = idx; }
                        idx++;
                    }
                    dict16.varint(bestIdx);
                    dict16.varint(best);
                    dict16.varint(b.length - best);
                    dict16.bytes(b, best, b.length - best);
                    recent.addFirst(b);
                    if (recent.size() > 16) recent.removeLast();
                }
                add(sections, "dictionary", dict16);
                CommitCodec.Bytes entries = new CommitCodec.Bytes(64);
                for (CommitCodec.DecodedPatch dp : d.patches()) {
                    entries.varint(dp.table().id());
                    entries.varint(dp.rowStart());
                    entries.varint(dp.rowEnd() - dp.rowStart());
                    entries.varint(dp.rowCountAfter() - dp.rowEnd());
                    entries.varint(dp.positions().length);
                    for (int pos : dp.positions()) {
                        entries.varint(dp.table().columns().get(pos).id());
                        entries.u8(0);
                    }
                    for (int c = 0; c < dp.positions().length; c++) {
                        ColumnDef col = dp.table().columns().get(dp.positions()[c]);
                        CommitCodec.Bytes cells;
                        if (col.type() == io.mmsb.core.ColumnType.FLOAT64 || col.type() == io.mmsb.core.ColumnType.BOOL) {
                            cells = new CommitCodec.Bytes(64);
                            cells.segment(dp.streams()[c].heapPage().data());
                        } else {
                            cells = CommitCodec.deltaVarint(dp.streams()[c].heapPage(), dp.rowStart(), dp.rowEnd());
                        }
                        add(sections, "cells " + dp.table().name() + "." + col.name(), cells);
                        if (col.type() == io.mmsb.core.ColumnType.SYMBOL || col.type() == io.mmsb.core.ColumnType.INT32) {
                            CommitCodec.Bytes raw = new CommitCodec.Bytes(64);
                            raw.segment(dp.streams()[c].heapPage().data());
                            add(sections, "raw   " + dp.table().name() + "." + col.name(), raw);
                            CommitCodec.Bytes plain = new CommitCodec.Bytes(64);
                            for (int row = dp.rowStart(); row < dp.rowEnd(); row++) {
                                plain.varint(CommitCodec.zigzag(dp.streams()[c].heapPage().data().getAtIndex(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, row - dp.streams()[c].heapPage().firstRow())));
                            }
                            add(sections, "plain " + dp.table().name() + "." + col.name(), plain);
                        }
                    }
                }
                add(sections, "patch entries", entries);
            }
        }
        System.out.printf("records: %,d payload bytes (stored), %,d body bytes before compression%n", stored, bodies);
        System.out.printf("%-32s %14s %14s%n", "section", "body bytes", "deflate alone");
        for (Map.Entry<String, ByteArrayOutputStream> e : sections.entrySet()) {
            byte[] b = e.getValue().toByteArray();
            System.out.printf("%-32s %,14d %,14d%n", e.getKey(), b.length, CommitCodec.deflate(b, b.length).length);
        }
    }

    private static void add(Map<String, ByteArrayOutputStream> sections, String name, CommitCodec.Bytes b) {
        sections.computeIfAbsent(name, k -> new ByteArrayOutputStream()).write(b.array(), 0, b.length());
    }

    private static byte[] body(MemorySegment p, byte[] window) throws java.util.zip.DataFormatException {
        int storedA = p.get(Layouts.INT_UNALIGNED, 12);
        byte[] stored = p.asSlice(CommitCodec.HEADER, storedA).toArray(ValueLayout.JAVA_BYTE);
        byte[] partB = p.asSlice(CommitCodec.HEADER + storedA).toArray(ValueLayout.JAVA_BYTE);
        byte[] partA = stored;
        if (p.get(ValueLayout.JAVA_BYTE, 6) == CommitCodec.CODEC_DEFLATE) {
            partA = CommitCodec.inflate(stored, p.get(Layouts.INT_UNALIGNED, 8), p.get(Layouts.SHORT, 4) >= 3 ? window : null);
        } else if (p.get(ValueLayout.JAVA_BYTE, 6) == CommitCodec.CODEC_ZSTD) {
            partA = new byte[p.get(Layouts.INT_UNALIGNED, 8)];
            new ZstdJavaDecompressor().decompress(stored, 0, stored.length, partA, 0, partA.length);
        }
        byte[] body = java.util.Arrays.copyOf(partA, partA.length + partB.length);
        System.arraycopy(partB, 0, body, partA.length, partB.length);
        return body;
    }
}
