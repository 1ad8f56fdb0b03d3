package io.mmsb.cli;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.TableDef;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
import io.mmsb.recorder.StoredNodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One table of a store's state as an Arrow stream, batch by batch, for consumers that read
 * Arrow (DuckDB through the C data interface): a {@code row} column (the row number) and every
 * column, SYMBOL columns decoded to UTF-8 strings (a node's {@code path} whole, even where the store
 * keeps it after a {@code path_base}), INT_LIST columns as lists of int32. Every field
 * is declared non-nullable: every cell of a store has a value.
 *
 * <p>Thread rules: one consumer at a time (an Arrow stream is read sequentially; DuckDB may call it
 * from one of its threads). Ownership: owns the batches it fills (its root, closed with the
 * reader); borrows the view, which must outlive the reader.
 */
final class TableArrowReader extends ArrowReader {
    private final StateView view;
    private final TableDef table;
    private final int rows;
    private final int batch;
    /** For nodes kept with path bases: the whole path of each row goes out in {@code path}. */
    private final StoredNodes wholePaths;
    private int next;

    TableArrowReader(BufferAllocator allocator, StateView view, TableDef table, int batch) {
        super(allocator);
        this.view = view;
        this.table = table;
        this.rows = view.rowCount(table.name());
        this.batch = batch;
        this.wholePaths = table.name().equals("nodes") && FactText.has(view, "nodes", "path_base") ? StoredNodes.of(view) : null;
    }

    @Override
    protected Schema readSchema() {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("row", FieldType.notNullable(new ArrowType.Int(32, true)), null));
        for (ColumnDef c : table.columns()) {
            fields.add(switch (c.type()) {
                case INT32 -> new Field(c.name(), FieldType.notNullable(new ArrowType.Int(32, true)), null);
                case INT64 -> new Field(c.name(), FieldType.notNullable(new ArrowType.Int(64, true)), null);
                case BOOL -> new Field(c.name(), FieldType.notNullable(ArrowType.Bool.INSTANCE), null);
                case FLOAT64 -> new Field(c.name(), FieldType.notNullable(
                        new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null);
                case SYMBOL -> new Field(c.name(), FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
                case INT_LIST -> new Field(c.name(), FieldType.notNullable(ArrowType.List.INSTANCE),
                        List.of(new Field("item", FieldType.notNullable(new ArrowType.Int(32, true)), null)));
            });
        }
        return new Schema(fields);
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        prepareLoadNextBatch();
        VectorSchemaRoot root = getVectorSchemaRoot();
        if (next >= rows) {
            root.setRowCount(0);
            return false;
        }
        int n = Math.min(batch, rows - next);
        List<FieldVector> vectors = root.getFieldVectors();
        IntVector rowVector = (IntVector) vectors.getFirst();
        rowVector.allocateNew(n);
        for (int i = 0; i < n; i++) rowVector.set(i, next + i);
        rowVector.setValueCount(n);
        List<ColumnDef> columns = table.columns();
        for (int c = 0; c < columns.size(); c++) {
            if (wholePaths != null && columns.get(c).name().equals("path")) {
                VarCharVector vv = (VarCharVector) vectors.get(c + 1);
                vv.allocateNew(n);
                for (int i = 0; i < n; i++) vv.setSafe(i, wholePaths.id(next + i).path().getBytes(StandardCharsets.UTF_8));
                vv.setValueCount(n);
                continue;
            }
            fill(vectors.get(c + 1), view.column(table.name(), columns.get(c).name()), next, n);
        }
        root.setRowCount(n);
        next += n;
        return true;
    }

    private static void fill(FieldVector vec, ColumnSlice s, int from, int n) {
        switch (vec) {
            case IntVector iv -> {
                iv.allocateNew(n);
                for (int i = 0; i < n; i++) iv.set(i, s.getInt(from + i));
            }
            case BigIntVector bv -> {
                bv.allocateNew(n);
                for (int i = 0; i < n; i++) bv.set(i, s.getLong(from + i));
            }
            case BitVector bv -> {
                bv.allocateNew(n);
                for (int i = 0; i < n; i++) bv.set(i, s.getBool(from + i) ? 1 : 0);
            }
            case Float8Vector fv -> {
                fv.allocateNew(n);
                for (int i = 0; i < n; i++) fv.set(i, s.getDouble(from + i));
            }
            case VarCharVector vv -> {
                vv.allocateNew(n);
                for (int i = 0; i < n; i++) vv.setSafe(i, s.getSymbol(from + i).getBytes(StandardCharsets.UTF_8));
            }
            case ListVector lv -> {
                lv.allocateNew();
                UnionListWriter w = lv.getWriter();
                for (int i = 0; i < n; i++) {
                    w.setPosition(i);
                    w.startList();
                    for (int x : s.getIntList(from + i)) w.writeInt(x);
                    w.endList();
                }
            }
            default -> throw new IllegalStateException("no Arrow vector for " + vec.getClass());
        }
        vec.setValueCount(n);
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() {
        // the view belongs to the caller
    }
}
