package io.mmsb.cli;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.TableDef;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.recorder.FactTables;
import io.mmsb.recorder.StoredNodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mmsb export}: one table at one epoch as an Arrow IPC file (readable by pyarrow, DuckDB,
 * Polars, the npm {@code apache-arrow} reader...). Arrow is the export format, not MMSB's storage:
 * the cells are copied out of the pages into the file's own buffers.
 *
 * <p>The file's schema: an extra {@code row} column (the row number), then every column; SYMBOL
 * columns dictionary-encoded (int32 indices into a dictionary of UTF-8 strings, one dictionary per
 * column holding the strings that column uses, in order of first use), INT_LIST columns lists of
 * int32; every field (list items included) declared non-nullable, since every cell of a store has
 * a value. For {@code nodes}, {@code key} holds the node id's text form ({@code unit::member::path},
 * built from its parts) and {@code span_start} / {@code span_end} absolute offsets (the store keeps
 * them relative to an anchor, {@link io.mmsb.recorder.StoredNodes}). Schema metadata:
 * {@code mmsb.table}, {@code mmsb.epoch}, {@code mmsb.compilation} (the recorded compilation the
 * epoch belongs to, "" if none), {@code mmsb.row_id_columns} (the columns whose values are row
 * numbers: {@code row} of this table, and the references to rows of {@code nodes}; -1 = none) and,
 * for {@code nodes}, {@code mmsb.spans} = {@code absolute}; field metadata {@code mmsb.row_of}
 * names the table a row-id column indexes, {@code mmsb.key_of} the table whose keys a column holds
 * (type ids: {@code types}).
 *
 * <p>Thread rules: one verb run, one thread; every Arrow buffer is owned by the run's allocator
 * and released before it closes (a leak fails the run).
 */
@Command(name = "export", description = {"Write one table at an epoch as an Arrow IPC file.",
    "Strings dictionary-encoded, fields non-nullable, schema metadata: table, epoch, compilation, row-id columns; node spans absolute."})
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
            if (parent != null) Files.createDirectories(parent); // a missing folder is created
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder " + parent + " for " + outFile + ": " + e, e);
        }
        try (BufferAllocator alloc = new RootAllocator()) {
            export(v, t, rows, EpochNames.of(s).compilation(v.epoch()), alloc);
        }
        out().printf("wrote %s: table %s, %d rows, epoch %d%n", outFile, table, rows, v.epoch());
        return 0;
    }

    /** The strings of SYMBOL column {@code c} of every row (a node's key from its parts). */
    private static String symbol(ColumnSlice c, StoredNodes nodes, String column, int row) {
        if (nodes != null && column.equals("key")) return nodes.key(row);
        if (nodes != null && column.equals("path")) return nodes.id(row).path(); // whole, not the rest after path_base
        return c.getSymbol(row);
    }

    private void export(StateView v, TableDef t, int rows, String compilation, BufferAllocator alloc) {
        List<ColumnSlice> slices = t.columns().stream().map(c -> v.column(t.name(), c.name())).toList();
        StoredNodes nodes = t.name().equals("nodes") && FactText.has(v, "nodes", "unit") ? StoredNodes.of(v) : null;
        Set<String> refs = FactTables.nodeRowColumns(t.name());
        Set<String> typeCols = FactTables.typeColumns(t.name());
        boolean facts = nodes != null || FactText.has(v, "types", "descriptor");
        // one dictionary per SYMBOL column: its strings in order of first use
        DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
        List<Map<String, Integer>> indexOf = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        List<String> rowIds = new ArrayList<>(List.of("row"));
        fields.add(new Field("row", new FieldType(false, new ArrowType.Int(32, true), null, Map.of("mmsb.row_of", t.name())), null));
        List<Dictionary> dictionaries = new ArrayList<>();
        try {
            for (int c = 0; c < t.columns().size(); c++) {
                ColumnDef col = t.columns().get(c);
                Map<String, String> meta = new TreeMap<>();
                if (facts && refs.contains(col.name())) {
                    meta.put("mmsb.row_of", "nodes");
                    rowIds.add(col.name());
                }
                if (facts && typeCols.contains(col.name())) {
                    meta.put("mmsb.key_of", "types");
                }
                Map<String, Integer> index = null;
                Map<String, String> m = meta.isEmpty() ? null : meta;
                Field f = switch (col.type()) {
                    case INT32 -> new Field(col.name(), new FieldType(false, new ArrowType.Int(32, true), null, m), null);
                    case INT64 -> new Field(col.name(), new FieldType(false, new ArrowType.Int(64, true), null, m), null);
                    case BOOL -> new Field(col.name(), new FieldType(false, ArrowType.Bool.INSTANCE, null, m), null);
                    case FLOAT64 -> new Field(col.name(), new FieldType(false, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), null, m), null);
                    case INT_LIST -> new Field(col.name(), new FieldType(false, ArrowType.List.INSTANCE, null, m),
                        List.of(new Field("item", FieldType.notNullable(new ArrowType.Int(32, true)), null)));
                    case SYMBOL -> {
                        index = new LinkedHashMap<>();
                        for (int r = 0; r < rows; r++) {
                            index.putIfAbsent(symbol(slices.get(c), nodes, col.name(), r), index.size());
                        }
                        DictionaryEncoding enc = new DictionaryEncoding(dictionaries.size(), false, new ArrowType.Int(32, true));
                        VarCharVector values = new VarCharVector(col.name() + ".dictionary", FieldType.notNullable(ArrowType.Utf8.INSTANCE), alloc);
                        dictionaries.add(new Dictionary(values, enc));
                        values.allocateNew();
                        int i = 0;
                        for (String sym : index.keySet()) {
                            values.setSafe(i++, sym.getBytes(StandardCharsets.UTF_8));
                        }
                        values.setValueCount(i);
                        provider.put(dictionaries.getLast());
                        yield new Field(col.name(), new FieldType(false, new ArrowType.Int(32, true), enc, m), null);
                    }
                };
                indexOf.add(index);
                fields.add(f);
            }
            Map<String, String> meta = new TreeMap<>();
            meta.put("mmsb.table", t.name());
            meta.put("mmsb.epoch", String.valueOf(v.epoch()));
            meta.put("mmsb.compilation", compilation);
            meta.put("mmsb.row_id_columns", String.join(",", rowIds));
            if (nodes != null) meta.put("mmsb.spans", "absolute");
            Schema schema = new Schema(fields, meta);
            try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, alloc);
                 FileChannel ch = FileChannel.open(outFile, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                 ArrowFileWriter writer = new ArrowFileWriter(root, provider, ch)) {
                writer.start();
                List<FieldVector> vectors = root.getFieldVectors();
                StoreVerbs.Progress progress = new StoreVerbs.Progress(err(), "exporting rows", rows);
                for (int from = 0; from < rows || (rows == 0 && from == 0); from += batch) {
                    int n = Math.min(batch, rows - from);
                    root.allocateNew();
                    for (int i = 0; i < n; i++) {
                        ((IntVector) vectors.get(0)).setSafe(i, from + i);
                    }
                    vectors.get(0).setValueCount(n);
                    for (int c = 0; c < slices.size(); c++) {
                        String name = t.columns().get(c).name();
                        FieldVector vec = vectors.get(c + 1);
                        if (indexOf.get(c) != null) {
                            IntVector iv = (IntVector) vec;
                            for (int i = 0; i < n; i++) {
                                iv.setSafe(i, indexOf.get(c).get(symbol(slices.get(c), nodes, name, from + i)));
                            }
                            iv.setValueCount(n);
                        } else if (nodes != null && (name.equals("span_start") || name.equals("span_end"))) {
                            BigIntVector bv = (BigIntVector) vec;
                            for (int i = 0; i < n; i++) {
                                bv.setSafe(i, name.equals("span_start") ? nodes.start(from + i) : nodes.end(from + i));
                            }
                            bv.setValueCount(n);
                        } else {
                            fill(vec, slices.get(c), from, n);
                        }
                    }
                    root.setRowCount(Math.max(n, 0));
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
        } finally {
            for (Dictionary d : dictionaries) {
                d.getVector().close();
            }
        }
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
