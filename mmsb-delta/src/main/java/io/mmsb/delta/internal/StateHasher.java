package io.mmsb.delta.internal;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.ColumnType;
import io.mmsb.core.SymbolDictionary;
import io.mmsb.core.TableDef;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The content hash of a state: SHA-256 over a canonical byte stream that depends only on the
 * cells, never on how they are laid out in pages or which codes the dictionary gave symbols.
 * Per table (ascending id): id, row count; per column (ascending id): id, type code, then the
 * cells: fixed-width values little-endian as stored (BOOL as 0/1 bytes); SYMBOL cells as UTF-8
 * length + bytes; INT_LIST cells as length + values.
 *
 * <p>Thread rules: stateless apart from a per-call digest; safe from any thread.
 */
final class StateHasher {
    String hash(StateView view) {
        MessageDigest md = sha256();
        ByteBuffer scratch = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        List<TableDef> tables = view.schema().tables().stream().sorted(Comparator.comparingInt(TableDef::id)).toList();
        for (TableDef t : tables) {
            int rows = view.rowCount(t.name());
            scratch.clear();
            scratch.putInt(t.id()).putInt(rows);
            flush(md, scratch);
            for (ColumnDef c : t.columns().stream().sorted(Comparator.comparingInt(ColumnDef::id)).toList()) {
                scratch.putInt(c.id()).putInt(c.type().code());
                flush(md, scratch);
                if (rows == 0) {
                    continue;
                }
                if (c.type() == ColumnType.SYMBOL || c.type() == ColumnType.INT_LIST) {
                    ColumnSlice col = view.column(t.name(), c.name());
                    for (int r = 0; r < rows; r++) {
                        if (c.type() == ColumnType.SYMBOL) {
                            byte[] b = SymbolDictionary.utf8(col.getSymbol(r));
                            ensure(md, scratch, 4 + b.length);
                            scratch.putInt(b.length);
                            if (b.length > scratch.remaining()) {
                                flush(md, scratch);
                                md.update(b);
                            } else {
                                scratch.put(b);
                            }
                        } else {
                            int[] v = col.getIntList(r);
                            ensure(md, scratch, 4);
                            scratch.putInt(v.length);
                            for (int x : v) {
                                ensure(md, scratch, 4);
                                scratch.putInt(x);
                            }
                        }
                    }
                    flush(md, scratch);
                } else {
                    for (StateView.Run run : view.runs(t.name(), c.name())) {
                        md.update(run.data().asByteBuffer());
                    }
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void ensure(MessageDigest md, ByteBuffer b, int bytes) {
        if (b.remaining() < bytes) {
            flush(md, b);
        }
    }

    private static void flush(MessageDigest md, ByteBuffer b) {
        md.update(b.array(), 0, b.position());
        b.clear();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
