package io.mmsb.delta.internal;


import io.mmsb.core.ColumnDef;
import io.mmsb.core.ColumnType;
import io.mmsb.core.Mmsb;
import io.mmsb.core.Schema;
import io.mmsb.core.SchemaException;
import io.mmsb.core.SymbolDictionary;
import io.mmsb.core.TableDef;
import io.mmsb.core.internal.dictionary.MutableSymbolDictionary;
import io.mmsb.core.internal.memory.Block;
import io.mmsb.core.internal.memory.Memory;
import io.mmsb.delta.Change;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.ColumnTypeException;
import io.mmsb.delta.CommitInfo;
import io.mmsb.delta.Delta;
import io.mmsb.delta.DeltaBuilder;
import io.mmsb.delta.DeltaException;
import io.mmsb.delta.Deltas;
import io.mmsb.delta.EpochOrderException;
import io.mmsb.delta.HistoryEntry;
import io.mmsb.delta.LogException;
import io.mmsb.delta.QueryException;
import io.mmsb.delta.RecoveryReport;
import io.mmsb.delta.RowRangeException;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreClosedException;
import io.mmsb.delta.StoreOptions;
import io.mmsb.delta.UnknownColumnException;
import io.mmsb.delta.UnknownTableException;
import io.mmsb.delta.internal.log.LogBackend;
import io.mmsb.delta.internal.log.LogRecord;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store: validates and commits deltas, keeps every commit's pages, and answers queries at
 * any epoch from keyframes plus replay of at most {@code keyframeInterval} commits.
 *
 * <p>Thread rules: commits are serialised by {@code writer}; the writer's working table states
 * are touched only under it. Published history (commits, keyframes, last epoch) is guarded by
 * {@code this}; queries copy what they need under it and work outside. Ownership: owns its
 * {@link Memory}, every commit's blocks and the log; {@link #close()} releases all of them.
 */
public final class StoreImpl implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(StoreImpl.class);

    private final StoreOptions options;
    private final Memory memory;
    private final MutableSymbolDictionary dictionary = new MutableSymbolDictionary();
    private final Deltas deltas;
    private final ReentrantLock writer = new ReentrantLock();
    private final Map<Integer, TableState> working = new HashMap<>();
    private final List<Commit> commits = new ArrayList<>();
    private final TreeMap<Long, Map<Integer, TableState>> keyframes = new TreeMap<>();
    private final StateHasher hasher = new StateHasher();
    private CommitLog log = new CommitLog.None();
    private Schema schema;
    private Schema loggedSchema;
    /** The last 32 KiB of the last logged record's part A: the preset dictionary of the next one (payload version 3). */
    private byte[] logWindow;
    private volatile long lastEpoch;
    private volatile StateViewImpl latest;
    private volatile boolean closed;
    private volatile String broken;
    private RecoveryReport recovery = RecoveryReport.clean(0);
    /** Buffers reused by every record replayed while the store opens; null afterwards. */
    private CommitCodec.Scratch replayScratch;
    private int sinceKeyframe;

    private StoreImpl(StoreOptions options) {
        this.options = options;
        this.memory = Memory.childOf(options.allocator(), "mmsb-store");
        this.deltas = DeltasImpl.bound(memory, dictionary);
        keyframes.put(0L, Map.of());
    }

    public static Store inMemory(StoreOptions options) {
        Objects.requireNonNull(options.schema(), "an in-memory store needs a schema");
        StoreImpl s = new StoreImpl(options);
        s.useSchema(options.schema());
        return s;
    }

    public static Store open(Path dir, StoreOptions options) {
        return open(options, () -> DiskLog.open(dir, options));
    }

    /** Opens a store over any log backend (tests inject a faulty disk here). */
    public static Store open(LogBackend backend, StoreOptions options) {
        return open(options, () -> DiskLog.open(backend, options));
    }

    private static Store open(StoreOptions options, Supplier<DiskLog> openLog) {
        StoreImpl s = new StoreImpl(options);
        try {
            DiskLog disk = openLog.get();
            s.log = disk;
            s.recovery = disk.recovery();
            s.memory.beginBatch(); // replayed pages live until the store closes: one arena for the large ones
            try (CommitCodec.Scratch scratch = new CommitCodec.Scratch()) {
                s.replayScratch = scratch;
                for (LogRecord r : disk.records()) {
                    try {
                        s.replay(r);
                    } catch (RecordFormatException | SchemaException e) {
                        throw DiskLog.undecodable(r, e);
                    }
                }
                if (s.logWindow == CommitCodec.SCRATCH_WINDOW) {
                    s.logWindow = scratch.window(); // the next commit's part A is deflated with it
                }
            } finally {
                s.replayScratch = null;
                s.memory.endBatch();
            }
            if (options.schema() != null) {
                s.useSchema(options.schema());
            } else if (s.schema == null) {
                throw new SchemaException("the store is empty, so it has no recorded schema; give a schema to create it");
            }
            LOG.debug("opened store at epoch {} ({})", s.lastEpoch, s.recovery.outcome());
            return s;
        } catch (RuntimeException | Error e) {
            s.closeQuietly();
            throw e;
        }
    }

    /** Replays one recovered record: decode (slices of the mapped payload), then apply. */
    private void replay(LogRecord r) {
        if (r.epoch() != lastEpoch + 1 || r.type() != CommitLog.TYPE_COMMIT) {
            throw new RecordFormatException("record of type " + r.type() + " and epoch " + r.epoch() + " follows epoch " + lastEpoch
                + "; expected a commit record (type " + CommitLog.TYPE_COMMIT + ") of epoch " + (lastEpoch + 1));
        }
        int version = r.payload().byteSize() >= 6 ? Short.toUnsignedInt(r.payload().get(Layouts.SHORT, 4)) : -1;
        if (version >= CommitCodec.FIRST_CELL_VERSION && version <= CommitCodec.VERSION) {
            replayV2(r);
            return;
        }
        logWindow = null; // a version-1 record leaves no window: the next record is deflated without one
        Block owner = memory.wrap(r.payload());
        Commit c;
        try {
            c = RecordCodec.decodeCommit(r.epoch(), r.payload(), owner, loggedSchema, dictionary);
        } catch (RuntimeException | Error e) { // an OutOfMemoryError too: nothing decoded may leak
            owner.close();
            throw e;
        }
        try {
            applyReplayed(c);
        } catch (RuntimeException | Error e) { // decoded but not published: release it (close releases published ones)
            if (!commits.contains(c)) {
                c.release();
            }
            throw e;
        }
    }

    /** Applies a decoded version-1 commit read from the log and publishes it. */
    private void applyReplayed(Commit c) {
        adoptSchema(c.schema());
        for (Commit.SymbolEntry e : c.symbols()) {
            dictionary.restore(e.code(), e.symbol(), c.epoch());
        }
        for (Patch p : c.patches()) {
            working.get(p.table().id()).apply(p);
        }
        publish(c);
    }

    /**
     * Replays a record of version 2 to 4: each column stream is decoded straight into the aligned
     * page the planner builds for it, the same planner as a live commit (neighbour rows from the
     * state), with the store's scratch buffers; a raw stream in part B whose rows are a whole page
     * and whose address suits its type becomes that page in place (the log's mapping outlives the
     * store's pages, as for version 1).
     */
    private void replayV2(LogRecord r) {
        CommitCodec.Scratch scratch = replayScratch; // set while the store opens, the only time records are replayed
        // the window of a record replayed before is read in place from the scratch (SCRATCH_WINDOW): no copy per record
        CommitCodec.Decoded d = CommitCodec.decode(r.epoch(), r.payload(), loggedSchema, dictionary, logWindow, scratch);
        logWindow = d.window();
        adoptSchema(d.schema());
        for (Commit.SymbolEntry e : d.symbols()) {
            dictionary.restore(e.code(), e.symbol(), r.epoch());
        }
        List<Block> blocks = new ArrayList<>();
        List<Block> inPlace = new ArrayList<>(0);
        try {
            PatchPlanner planner = new PatchPlanner(memory, dictionary, working, dictionary::code, blocks);
            List<PatchPlanner.TablePlan> plans = new ArrayList<>();
            for (CommitCodec.DecodedPatch p : d.patches()) {
                PatchPlanner.TablePlan plan = planner.table(p.table());
                plans.add(plan);
                for (int i = 0; i < p.positions().length; i++) {
                    CommitCodec.ColumnStream st = p.streams()[i];
                    PatchPlanner.Source source;
                    if (st.listPage() != null) {
                        source = new PatchPlanner.Source(p.rowStart(), p.rowEnd(), st.listPage(), true, false, null);
                    } else {
                        MemorySegment slice = st.inPlace();
                        Page page = null;
                        if (slice != null && p.rowStart() % Mmsb.PAGE_ROWS == 0 && (p.rowEnd() % Mmsb.PAGE_ROWS == 0 || p.rowEnd() >= p.rowCountAfter())) {
                            Block b = memory.wrap(slice);
                            inPlace.add(b);
                            page = new Page(st.column, p.rowStart(), p.rowEnd() - p.rowStart(), slice, null, b, dictionary, List.of());
                        }
                        source = PatchPlanner.Source.decoded(p.rowStart(), p.rowEnd(), st, page);
                    }
                    plan.add(p.positions()[i], source);
                }
            }
            for (PatchPlanner.TablePlan plan : plans) {
                if (!plan.coversNewRows()) {
                    throw new RecordFormatException("commit record of epoch " + r.epoch() + " is inconsistent: its patches on '" + plan.state.table().name()
                        + "' leave rows of the table without a value");
                }
            }
            List<Patch> patches = planner.build();
            for (Patch p : patches) {
                working.get(p.table().id()).apply(p);
            }
            publish(new Commit(r.epoch(), d.schema(), patches, d.symbols(), blocks));
        } catch (RuntimeException | Error e) {
            blocks.forEach(Block::close); // opening fails as a whole: the store is closed after this
            throw e;
        } finally {
            inPlace.forEach(Block::close); // an adopted page holds its own reference (in blocks)
        }
    }

    private void adoptSchema(Schema logged) {
        if (logged != null) {
            loggedSchema = logged;
            schema = logged;
            for (TableDef t : schema.tables()) {
                working.computeIfAbsent(t.id(), k -> new TableState(t));
            }
        }
    }

    private void useSchema(Schema requested) {
        if (schema != null) {
            schema.checkEvolvesTo(requested);
            for (TableDef t : schema.tables()) {
                if (working.get(t.id()).rowCount() > 0 && !requested.table(t.id()).equals(t)) {
                    throw new SchemaException("table '" + t.name() + "' already has rows, so its columns cannot change; requested " + requested.table(t.id()));
                }
            }
        }
        schema = requested;
        for (TableDef t : requested.tables()) {
            TableState s = working.get(t.id());
            if (s == null || !s.table().equals(t)) {
                working.put(t.id(), new TableState(t));
            }
        }
    }

    // ---------------------------------------------------------------- writes

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public long lastEpoch() {
        return lastEpoch;
    }

    @Override
    public SymbolDictionary dictionary() {
        return dictionary;
    }

    @Override
    public Deltas deltas() {
        return deltas;
    }

    @Override
    public DeltaBuilder newDelta(String table, int rowStart, int rowEnd, String... columns) {
        checkOpen();
        TableDef t;
        try {
            t = schema.table(table);
        } catch (SchemaException e) {
            throw new UnknownTableException(e.getMessage());
        }
        return new DeltaBuilderImpl(memory, dictionary, t, rowStart, rowEnd, nextEpoch(), List.of(columns));
    }

    @Override
    public long commit(Delta... ds) {
        Objects.requireNonNull(ds, "deltas");
        if (ds.length == 0) {
            throw new DeltaException("nothing to commit: expected at least one delta");
        }
        writer.lock();
        try {
            checkWritable();
            long epoch = lastEpoch + 1;
            List<DeltaImpl> valid = validate(ds, epoch);
            Map<String, Integer> newCodes = planSymbols(valid);
            List<Block> blocks = new ArrayList<>();
            List<Runnable> undo = new ArrayList<>();
            Commit commit;
            try {
                PatchPlanner planner = new PatchPlanner(memory, dictionary, working, sym -> codeOf(sym, newCodes), blocks);
                for (DeltaImpl d : valid) {
                    planner.add(d);
                }
                List<Patch> patches = planner.build();
                for (Patch p : patches) {
                    undo.add(working.get(p.table().id()).applyUndoably(p));
                }
                List<Commit.SymbolEntry> entries = new ArrayList<>();
                newCodes.forEach((s, code) -> entries.add(new Commit.SymbolEntry(code, s)));
                commit = new Commit(epoch, schema.equals(loggedSchema) ? null : schema, patches, entries, blocks);
                CommitCodec.Encoded encoded = log.persistent() ? CommitCodec.encode(commit, logWindow) : null;
                log.append(epoch, CommitLog.TYPE_COMMIT, encoded != null ? encoded.parts() : new MemorySegment[0]);
                if (encoded != null) {
                    logWindow = encoded.window();
                }
            } catch (RuntimeException | Error e) {
                for (int i = undo.size() - 1; i >= 0; i--) {
                    undo.get(i).run();
                }
                blocks.forEach(Block::close);
                if (e instanceof LogException) {
                    broken = "a log write failed at epoch " + epoch + " (" + e.getMessage() + "); the outcome of that commit is unknown until the store is reopened";
                    LOG.error("MMSB store refuses further commits: {}", broken, e);
                }
                throw e;
            }
            loggedSchema = schema;
            for (Commit.SymbolEntry e : commit.symbols()) {
                dictionary.add(e.symbol(), epoch);
            }
            publish(commit);
            return epoch;
        } finally {
            writer.unlock();
        }
    }

    private List<DeltaImpl> validate(Delta[] ds, long epoch) {
        Map<Integer, Integer> rowCounts = new HashMap<>();
        List<DeltaImpl> out = new ArrayList<>(ds.length);
        for (Delta delta : ds) {
            Objects.requireNonNull(delta, "delta");
            if (!(delta instanceof DeltaImpl d)) {
                throw new DeltaException("deltas must be made by MMSB (Store.newDelta or Deltas); got " + delta.getClass().getName());
            }
            if (d.isClosed()) {
                throw new DeltaException(d + " was closed before it was committed; expected an open delta");
            }
            if (d.epoch() <= lastEpoch) {
                throw new EpochOrderException(d + " has epoch " + d.epoch() + ", not greater than the last committed epoch " + lastEpoch
                    + "; expected epoch " + epoch + " (build deltas after the previous commit, or from Store.nextEpoch())");
            }
            if (d.epoch() != epoch) {
                throw new EpochOrderException(d + " has epoch " + d.epoch() + ", which skips ahead: the store issues epoch " + epoch
                    + " next; epochs are assigned by MMSB only");
            }
            TableDef t = schema.hasTable(d.table().id()) ? schema.table(d.table().id()) : null;
            if (t == null || !t.name().equals(d.table().name())) {
                throw new UnknownTableException(d + " is on table '" + d.table().name() + "' (id " + d.table().id() + "), which this store's schema does not have; tables: "
                    + schema.tables().stream().map(TableDef::name).toList());
            }
            for (ColumnDef c : d.columns()) {
                if (!t.hasColumn(c.id()) || !t.column(c.id()).name().equals(c.name())) {
                    throw new UnknownColumnException(d + " writes column '" + c.name() + "' (id " + c.id() + "), which table '" + t.name() + "' does not have; columns: "
                        + t.columns().stream().map(ColumnDef::name).toList());
                }
                if (t.column(c.id()).type() != c.type()) {
                    throw new ColumnTypeException(d + " writes column '" + c.name() + "' as " + c.type() + "; table '" + t.name() + "' declares it " + t.column(c.id()).type());
                }
            }
            int rows = rowCounts.computeIfAbsent(t.id(), id -> working.get(id).rowCount());
            if (d.rowStart() > rows) {
                throw new RowRangeException(d + " starts at row " + d.rowStart() + " but table '" + t.name() + "' has " + rows
                    + " rows; expected a start <= " + rows + " (deltas patch rows or append right after the last one)");
            }
            rowCounts.put(t.id(), Math.max(rows, d.rowEnd()));
            out.add(d);
        }
        return out;
    }

    /** Codes for the symbols that are new to the dictionary, in order of first appearance. */
    private Map<String, Integer> planSymbols(List<DeltaImpl> ds) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (DeltaImpl d : ds) {
            if (d.rowEnd() > working.get(d.table().id()).rowCount() && defaultsSymbols(d)) {
                plan(out, "");
            }
            boolean pendingPlanned = false; // a delta's pending symbols are shared by all its columns: planned once
            for (int i = 0; i < d.columns().size(); i++) {
                Page page = d.page(i);
                if (page.column().type() != ColumnType.SYMBOL) {
                    continue;
                }
                if (page.dictionary() == dictionary) {
                    if (!pendingPlanned) {
                        for (String s : d.pendingSymbols()) {
                            plan(out, s);
                        }
                        pendingPlanned = true;
                    }
                } else {
                    for (int r = page.firstRow(); r < page.endRow(); r++) {
                        plan(out, page.getSymbol(r));
                    }
                }
            }
        }
        return out;
    }

    /** Whether {@code d} leaves out a SYMBOL column of its table (whose appended cells then get the empty symbol). */
    private static boolean defaultsSymbols(DeltaImpl d) {
        for (ColumnDef c : d.table().columns()) {
            if (c.type() == ColumnType.SYMBOL && !d.writes(c.id())) {
                return true;
            }
        }
        return false;
    }

    private void plan(Map<String, Integer> out, String s) {
        if (dictionary.code(s) < 0 && !out.containsKey(s)) {
            out.put(s, dictionary.size() + out.size());
        }
    }

    private int codeOf(String s, Map<String, Integer> newCodes) {
        int c = dictionary.code(s);
        return c >= 0 ? c : newCodes.get(s);
    }

    private synchronized void publish(Commit c) {
        commits.add(c.applied());
        lastEpoch = c.epoch();
        latest = null;
        if (++sinceKeyframe >= options.keyframeInterval()) {
            keyframes.put(c.epoch(), freezeWorking());
            sinceKeyframe = 0;
        }
    }

    private Map<Integer, TableState> freezeWorking() {
        Map<Integer, TableState> out = new HashMap<>();
        working.forEach((id, s) -> out.put(id, s.freeze()));
        return out;
    }

    @Override
    public void sync() {
        checkOpen();
        log.sync();
    }

    @Override
    public long offHeapBytes() {
        return memory.allocatedBytes();
    }

    @Override
    public long durableEpoch() {
        return log instanceof CommitLog.None ? lastEpoch : log.durableEpoch();
    }

    @Override
    public void awaitDurable(long epoch) {
        checkOpen();
        log.awaitDurable(epoch);
    }

    // ---------------------------------------------------------------- queries

    @Override
    public StateView stateAt(long epoch) {
        return view(epoch);
    }

    StateViewImpl view(long epoch) {
        checkOpen();
        long last = lastEpoch;
        if (epoch < 0 || epoch > last) {
            throw new QueryException("epoch " + epoch + " is not committed; expected 0.." + last);
        }
        if (epoch == last) {
            StateViewImpl v = latest;
            if (v != null && v.epoch() == epoch) {
                return v;
            }
            writer.lock();
            try {
                if (epoch == lastEpoch) {
                    Map<Integer, TableView> tables = new HashMap<>();
                    working.forEach((id, st) -> tables.put(id, new TableView(st.freeze(), List.of())));
                    v = new StateViewImpl(epoch, schema, tables, () -> !closed);
                    latest = v;
                    return v;
                }
            } finally {
                writer.unlock();
            }
        }
        Map.Entry<Long, Map<Integer, TableState>> kf;
        List<Commit> replay;
        synchronized (this) {
            kf = keyframes.floorEntry(epoch);
            replay = new ArrayList<>(commits.subList((int) (long) kf.getKey(), (int) epoch));
        }
        Map<Integer, List<Patch>> byTable = new HashMap<>();
        for (Commit c : replay) {
            for (Patch p : c.patches()) {
                byTable.computeIfAbsent(p.table().id(), k -> new ArrayList<>()).add(p);
            }
        }
        Map<Integer, TableView> tables = new HashMap<>();
        for (TableDef t : schema.tables()) {
            TableState s = kf.getValue().get(t.id());
            tables.put(t.id(), new TableView(s == null ? new TableState(t) : s, byTable.getOrDefault(t.id(), List.of())));
        }
        return new StateViewImpl(epoch, schema, tables, () -> !closed);
    }

    private List<Commit> commitsBetween(long fromExclusive, long toInclusive) {
        synchronized (this) {
            return new ArrayList<>(commits.subList((int) fromExclusive, (int) toInclusive));
        }
    }

    @Override
    public List<Change> diff(long from, long to) {
        if (from > to) {
            throw new QueryException("diff from epoch " + from + " to earlier epoch " + to + "; expected from <= to");
        }
        StateViewImpl a = view(from);
        StateViewImpl b = view(to);
        Map<Integer, RowBands> candidates = new TreeMap<>();
        for (Commit c : commitsBetween(from, to)) {
            for (Patch p : c.patches()) {
                RowBands rb = candidates.computeIfAbsent(p.table().id(), k -> new RowBands());
                for (int pos : p.columnPositions()) {
                    rb.add(pos, p.rowStart(), p.rowEnd());
                }
            }
        }
        List<Change> out = new ArrayList<>();
        candidates.forEach((tableId, rb) -> {
            TableView sa = a.state(tableId);
            TableView sb = b.state(tableId);
            TableDef t = sb.table();
            RowBands changed = new RowBands();
            for (int pos = 0; pos < t.columns().size(); pos++) {
                for (int[] iv : rb.intervals(pos)) {
                    int runStart = -1;
                    for (int r = iv[0]; r <= iv[1]; r++) {
                        boolean differs = r < iv[1] && cellDiffers(sa, sb, pos, r);
                        if (differs && runStart < 0) {
                            runStart = r;
                        } else if (!differs && runStart >= 0) {
                            changed.add(pos, runStart, r);
                            runStart = -1;
                        }
                    }
                }
            }
            for (RowBands.Band band : changed.bands()) {
                List<String> names = Arrays.stream(band.columns()).mapToObj(p -> t.columns().get(p).name()).toList();
                out.add(new Change(t.name(), names, band.start(), band.end()));
            }
        });
        return out;
    }

    private static boolean cellDiffers(TableView a, TableView b, int pos, int row) {
        if (row >= a.rowCount()) {
            return true;
        }
        Page pa = a.page(pos, row);
        Page pb = b.page(pos, row);
        return pa != pb && !pa.cellEquals(row, pb, row);
    }

    @Override
    public List<HistoryEntry> history(String table, int row) {
        checkOpen();
        TableDef t = schema.table(table);
        Map<Integer, Object> last = new HashMap<>();
        List<HistoryEntry> out = new ArrayList<>();
        for (Commit c : commitsBetween(0, lastEpoch)) {
            Map<ColumnDef, Object> written = new LinkedHashMap<>();
            for (Patch p : c.patches()) {
                if (p.table().id() == t.id() && row >= p.rowStart() && row < p.rowEnd()) {
                    for (Page page : p.pages()) {
                        written.put(page.column(), page.get(row));
                    }
                }
            }
            Map<String, Object> changed = new LinkedHashMap<>();
            written.forEach((col, v) -> {
                boolean seen = last.containsKey(col.id());
                Object before = last.put(col.id(), v);
                if (!seen || !Objects.deepEquals(before, v)) {
                    changed.put(col.name(), v);
                }
            });
            if (!changed.isEmpty()) {
                out.add(new HistoryEntry(c.epoch(), changed));
            }
        }
        return out;
    }

    @Override
    public String stateHash(long epoch) {
        return hasher.hash(view(epoch));
    }

    @Override
    public List<CommitInfo> log() {
        checkOpen();
        List<CommitInfo> out = new ArrayList<>();
        for (Commit c : commitsBetween(0, lastEpoch)) {
            List<Change> writes = new ArrayList<>();
            for (Patch p : c.patches()) {
                writes.add(new Change(p.table().name(), Arrays.stream(p.pages()).map(pg -> pg.column().name()).toList(), p.rowStart(), p.rowEnd()));
            }
            out.add(new CommitInfo(c.epoch(), writes, c.newSymbols()));
        }
        return out;
    }

    @Override
    public RecoveryReport recovery() {
        return recovery;
    }

    // ---------------------------------------------------------------- lifecycle

    private void checkOpen() {
        if (closed) {
            throw new StoreClosedException("the store is closed");
        }
    }

    private void checkWritable() {
        checkOpen();
        if (broken != null) {
            throw new LogException("the store is read-only: " + broken);
        }
    }

    @Override
    public void close() {
        writer.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            // drop what only refers to pages first: after an OutOfMemoryError (a store too large
            // for the heap) this frees heap for the releases below, which must not be skipped
            working.clear();
            latest = null;
            synchronized (this) {
                keyframes.clear();
                for (int i = commits.size() - 1; i >= 0; i--) { // no iterator to allocate
                    commits.remove(i).release();
                }
            }
            RuntimeException failure = null;
            try {
                log.close();
            } catch (RuntimeException e) {
                failure = e;
            }
            try {
                memory.close();
            } catch (IllegalStateException e) {
                IllegalStateException leak = new IllegalStateException("MMSB store closed while off-heap memory is still referenced (a delta or builder was not closed): " + e.getMessage(), e);
                if (failure != null) {
                    leak.addSuppressed(failure);
                }
                throw leak;
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            writer.unlock();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("while closing a store that failed to open", e);
        }
    }
}
