package io.mmsb.cli;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.TableDef;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mmsb export}: one table at one epoch as an Arrow IPC file (readable by pyarrow, DuckDB,
 * Polars...). SYMBOL columns become UTF-8 strings, INT_LIST columns lists of int32; an extra
 * {@code row} column holds the row index. Arrow is the export format, not MMSB's storage: the
 * cells are copied out of the pages into the file's own buffers. For {@code nodes}, {@code key}
 * holds the node id's text form ({@code unit::member::path}, built from its parts) and
 * {@code span_start} / {@code span_end} absolute offsets (the store keeps them relative to an
 * anchor, {@link io.mmsb.hooks.StoredNodes}).
 */
@Command(name = "export", description = "Write one table at an epoch as an Arrow IPC file.")
final class ExportVerb extends StoreVerbs.StoreVerb {
    @Option(names = "--table", required = true, description = "the table to export (mmsb stats lists them)") String table;
    @Option(names = "--epoch", description = "epoch (default: the last)") Long epoch;
    @Option(names = "--out", required = true, description = "the .arrow file to write") Path outFile;
    @Option(names = "--batch", defaultValue = "65536", description = "rows per record batch (default: ${DEFAULT-VALUE})") int batch;

    @Override
    int answer(Store s) {
        StateView v = s.stateAt(epochOr(s, epoch));
        int rows = v.rowCount(table);
        TableDef t = s.schema().table(table);
        Path parent = outFile.toAbsolutePath().getParent();
        try {
            if (parent != null) java.nio.file.Files.createDirectories(parent); // a missing folder is created
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder " + parent + " for " + outFile + ": " + e, e);
        }
        try (BufferAllocator alloc = new RootAllocator()) {
            export(v, t, rows, alloc);
        }
        out().printf("wrote %s: table %s, %d rows, epoch %d%n", outFile, table, rows, v.epoch());
        return 0;
    }

    private void export(StateView v, TableDef t, int rows, BufferAllocator alloc) {
        List<FieldVector> vectors = new ArrayList<>();
        vectors.add(new IntVector("row", alloc));
        for (ColumnDef c : t.columns()) {
            vectors.add(switch (c.type()) {
                case INT32 -> new IntVector(c.name(), alloc);
                case INT64 -> new BigIntVector(c.name(), alloc);
                case BOOL -> new BitVector(c.name(), alloc);
                case FLOAT64 -> new Float8Vector(c.name(), alloc);
                case SYMBOL -> new VarCharVector(c.name(), alloc);
                case INT_LIST -> intList(c.name(), alloc);
            });
        }
        try (VectorSchemaRoot root = new VectorSchemaRoot(vectors);
             FileChannel ch = FileChannel.open(outFile, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
             ArrowFileWriter writer = new ArrowFileWriter(root, null, ch)) {
            writer.start();
            StoreVerbs.Progress progress = new StoreVerbs.Progress(err(), "exporting rows", rows);
            List<ColumnSlice> slices = t.columns().stream().map(c -> v.column(t.name(), c.name())).toList();
            io.mmsb.hooks.StoredNodes nodes = t.name().equals("nodes") ? io.mmsb.hooks.StoredNodes.of(v) : null;
            for (int from = 0; from < rows || (rows == 0 && from == 0); from += batch) {
                int n = Math.min(batch, rows - from);
                root.allocateNew();
                for (int i = 0; i < n; i++) {
                    ((IntVector) vectors.get(0)).setSafe(i, from + i);
                }
                for (int c = 0; c < slices.size(); c++) {
                    String name = t.columns().get(c).name();
                    if (nodes != null && name.equals("key")) {
                        VarCharVector vv = (VarCharVector) vectors.get(c + 1);
                        for (int i = 0; i < n; i++) {
                            vv.setSafe(i, nodes.key(from + i).getBytes(StandardCharsets.UTF_8));
                        }
                        vv.setValueCount(n);
                    } else if (nodes != null && (name.equals("span_start") || name.equals("span_end"))) {
                        BigIntVector bv = (BigIntVector) vectors.get(c + 1);
                        for (int i = 0; i < n; i++) {
                            bv.setSafe(i, name.equals("span_start") ? nodes.start(from + i) : nodes.end(from + i));
                        }
                        bv.setValueCount(n);
                    } else {
                        fill(vectors.get(c + 1), slices.get(c), from, n);
                    }
                }
                root.setRowCount(n);
                writer.writeBatch();
                progress.step(from + n);
                if (rows == 0) {
                    break;
                }
            }
            writer.end();
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + outFile + ": " + e.getMessage(), e);
        }
    }

    /** A list<int32> vector whose child type is fixed before the schema is taken from it. */
    private static ListVector intList(String name, BufferAllocator alloc) {
        ListVector lv = ListVector.empty(name, alloc);
        lv.addOrGetVector(org.apache.arrow.vector.types.pojo.FieldType.nullable(new org.apache.arrow.vector.types.pojo.ArrowType.Int(32, true)));
        return lv;
    }

    private static void fill(FieldVector vec, ColumnSlice s, int from, int n) {
        switch (vec) {
            case IntVector iv -> {
                for (int i = 0; i < n; i++) {
                    iv.setSafe(i, s.getInt(from + i));
                }
            }
            case BigIntVector bv -> {
                for (int i = 0; i < n; i++) {
                    bv.setSafe(i, s.getLong(from + i));
                }
            }
            case BitVector bv -> {
                for (int i = 0; i < n; i++) {
                    bv.setSafe(i, s.getBool(from + i) ? 1 : 0);
                }
            }
            case Float8Vector fv -> {
                for (int i = 0; i < n; i++) {
                    fv.setSafe(i, s.getDouble(from + i));
                }
            }
            case VarCharVector vv -> {
                for (int i = 0; i < n; i++) {
                    vv.setSafe(i, s.getSymbol(from + i).getBytes(StandardCharsets.UTF_8));
                }
            }
            case ListVector lv -> {
                UnionListWriter w = lv.getWriter();
                for (int i = 0; i < n; i++) {
                    w.setPosition(i);
                    w.startList();
                    for (int x : s.getIntList(from + i)) {
                        w.writeInt(x);
                    }
                    w.endList();
                }
                lv.setValueCount(n);
            }
            default -> throw new IllegalStateException("no export for " + vec.getClass());
        }
        vec.setValueCount(n);
    }
}
