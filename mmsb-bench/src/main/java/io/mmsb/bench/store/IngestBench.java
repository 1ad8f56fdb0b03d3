package io.mmsb.bench.store;

import io.mmsb.delta.Delta;
import io.mmsb.delta.DeltaBuilder;
import io.mmsb.delta.Durability;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ingest of one 100k rows x 5 columns patch. MMSB: the delta is built from column arrays, then
 * committed: pages plus a checksummed log record written to a store on disk, no fsync
 * (Durability.NONE). Anchors, same rows: building plain Arrow vectors, a DuckDB JDBC Appender
 * into an in-memory table, and SQLite batched inserts in one transaction. Garbage per row comes
 * from {@code -prof gc} (gc.alloc.rate.norm / 100k).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"}) // the MMSB flags come from BenchMain
public class IngestBench {
    static final int ROWS = 100_000;
    BenchSupport.Rows rows;
    RootAllocator root;
    Path dir;
    Store store;
    Store memoryStore;
    Connection duck;
    Connection sqlite;
    final List<AutoCloseable> kept = new ArrayList<>();

    @Setup(Level.Trial)
    public void data() {
        rows = new BenchSupport.Rows(ROWS, 42);
        root = new RootAllocator();
    }

    @Setup(Level.Iteration)
    public void open() throws SQLException {
        dir = BenchSupport.tempDir("mmsb-ingest");
        store = Store.open(dir, StoreOptions.of(BenchSupport.SCHEMA, root).withDurability(Durability.NONE).withSegmentBytes(1L << 30));
        BenchSupport.commitAll(store, 0, rows);
        memoryStore = Store.inMemory(StoreOptions.of(BenchSupport.SCHEMA, root));
        BenchSupport.commitAll(memoryStore, 0, rows);
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE nodes(opcode INTEGER, width BIGINT, weight DOUBLE, type INTEGER, block INTEGER)");
        }
        sqlite = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement s = sqlite.createStatement()) {
            s.execute("CREATE TABLE nodes(opcode INTEGER, width INTEGER, weight REAL, type INTEGER, block INTEGER)");
        }
        sqlite.setAutoCommit(false);
    }

    @TearDown(Level.Iteration)
    public void close() throws Exception {
        for (AutoCloseable c : kept) {
            c.close();
        }
        kept.clear();
        store.close();
        memoryStore.close();
        BenchSupport.delete(dir);
        duck.close();
        sqlite.close();
    }

    @TearDown(Level.Trial)
    public void closeRoot() {
        root.close();
    }

    /** MMSB: a delta rewriting rows [0, 100k) of all 5 columns, committed at a new epoch (pages + log record). */
    @Benchmark
    public long mmsbDeltaCommit() {
        return BenchSupport.commitAll(store, 0, rows);
    }

    /** Diagnostic: the same commit into an in-memory store (pages, no log record). */
    @Benchmark
    public long mmsbDeltaCommitInMemory() {
        return BenchSupport.commitAll(memoryStore, 0, rows);
    }

    /** Diagnostic: building the delta only (copying the rows into off-heap buffers), no commit. */
    @Benchmark
    public int mmsbDeltaBuildOnly() {
        try (DeltaBuilder b = memoryStore.newDelta("nodes", 0, ROWS, BenchSupport.COLUMNS)) {
            b.ints("opcode", rows.opcode).longs("width", rows.width).doubles("weight", rows.weight).ints("type", rows.type).ints("block", rows.block);
            try (Delta d = b.build()) {
                return d.rows();
            }
        }
    }

    /** Anchor: five plain Arrow vectors filled value by value (then freed, so the allocator reuses warm memory). */
    @Benchmark
    public int arrowVectors() {
        try (Vectors v = new Vectors(root, rows)) {
            return v.count();
        }
    }

    /**
     * Informative anchor: the same Arrow vectors, kept until the end of the iteration as a store
     * keeps its data (every build touches fresh memory, like MMSB's retained pages).
     */
    @Benchmark
    public int arrowVectorsRetained() {
        Vectors v = new Vectors(root, rows);
        kept.add(v);
        return v.count();
    }

    /** Five Arrow vectors holding the rows. */
    static final class Vectors implements AutoCloseable {
        final IntVector op;
        final BigIntVector w;
        final Float8Vector wt;
        final IntVector ty;
        final IntVector bl;

        Vectors(RootAllocator root, BenchSupport.Rows rows) {
            op = new IntVector("opcode", root);
            w = new BigIntVector("width", root);
            wt = new Float8Vector("weight", root);
            ty = new IntVector("type", root);
            bl = new IntVector("block", root);
            op.allocateNew(ROWS);
            w.allocateNew(ROWS);
            wt.allocateNew(ROWS);
            ty.allocateNew(ROWS);
            bl.allocateNew(ROWS);
            for (int i = 0; i < ROWS; i++) {
                op.set(i, rows.opcode[i]);
                w.set(i, rows.width[i]);
                wt.set(i, rows.weight[i]);
                ty.set(i, rows.type[i]);
                bl.set(i, rows.block[i]);
            }
            op.setValueCount(ROWS);
            w.setValueCount(ROWS);
            wt.setValueCount(ROWS);
            ty.setValueCount(ROWS);
            bl.setValueCount(ROWS);
        }

        int count() {
            return op.getValueCount() + bl.getValueCount();
        }

        @Override
        public void close() {
            op.close();
            w.close();
            wt.close();
            ty.close();
            bl.close();
        }
    }

    /** Anchor: DuckDB JDBC Appender into an in-memory table. */
    @Benchmark
    public int duckdbAppender() throws SQLException {
        try (DuckDBAppender a = ((DuckDBConnection) duck).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "nodes")) {
            for (int i = 0; i < ROWS; i++) {
                a.beginRow();
                a.append(rows.opcode[i]);
                a.append(rows.width[i]);
                a.append(rows.weight[i]);
                a.append(rows.type[i]);
                a.append(rows.block[i]);
                a.endRow();
            }
        }
        return ROWS;
    }

    /** Anchor: SQLite batched inserts of the same rows in one transaction. */
    @Benchmark
    public int sqliteBatch() throws SQLException {
        try (PreparedStatement ps = sqlite.prepareStatement("INSERT INTO nodes VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < ROWS; i++) {
                ps.setInt(1, rows.opcode[i]);
                ps.setLong(2, rows.width[i]);
                ps.setDouble(3, rows.weight[i]);
                ps.setInt(4, rows.type[i]);
                ps.setInt(5, rows.block[i]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        sqlite.commit();
        return ROWS;
    }
}
