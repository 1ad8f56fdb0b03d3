package io.mmsb.recorder;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.ColumnType;
import io.mmsb.core.Mmsb;
import io.mmsb.core.TableDef;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.Delta;
import io.mmsb.delta.DeltaBuilder;
import io.mmsb.delta.Durability;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import io.mmsb.hooks.BlockFact;
import io.mmsb.hooks.CfgEdge;
import io.mmsb.hooks.Epoch;
import io.mmsb.hooks.Fact;
import io.mmsb.hooks.FactSink;
import io.mmsb.hooks.HookException;
import io.mmsb.hooks.InvalidationFact;
import io.mmsb.hooks.IrNode;
import io.mmsb.hooks.NodeId;
import io.mmsb.hooks.Provenance;
import io.mmsb.hooks.ScopeFact;
import io.mmsb.hooks.Stage;
import io.mmsb.hooks.SymbolFact;
import io.mmsb.hooks.TypeFact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.agrona.collections.Int2IntHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Records facts into a {@link Store} as semantic deltas: each fact is a row of one of the
 * {@link FactTables}, found by its stable key, and each hooks epoch commits only the cells that
 * changed since the entity's previous state (one store epoch per hooks epoch that changed
 * something, so the same compilation gives the same store epochs and hashes). At the end of a
 * compilation, entities of the recompiled units that were not seen again get
 * {@code present = false}. A compiler author's test can use {@code Store.inMemory}:
 *
 * <pre>{@code
 * try (Store store = Store.inMemory(StoreOptions.of(FactTables.SCHEMA, allocator))) {
 *     Hooks hooks = Hooks.create(new StoreSink(store), Hooks.Mode.STRICT);
 *     ... run the pass ...; then query store.diff(...), store.history("nodes", row)
 * }
 * }</pre>
 *
 * <p>Thread rules: called by the hooks from one thread at a time (see {@link FactSink}).
 * Ownership: borrows the store given to the constructor; owns the store (and its allocator)
 * opened by {@link #open(Path)}, closed at {@link #end} or {@link #abort}.
 */
public final class StoreSink implements FactSink {
    private static final List<TableDef> TABLES = FactTables.SCHEMA.tables();
    private static final int NODES = index(FactTables.NODES);
    private static final int SYMBOLS = index(FactTables.SYMBOLS);
    private static final int TYPES = index(FactTables.TYPES);
    private static final int SCOPES = index(FactTables.SCOPES);
    private static final int EDGES = index(FactTables.EDGES);
    private static final int BLOCKS = index(FactTables.BLOCKS);
    private static final int INVALIDATIONS = index(FactTables.INVALIDATIONS);
    private static final int UNITS = index(FactTables.UNITS);
    private static final int COMPILATIONS = index(FactTables.COMPILATIONS);
    private static final int STAGE_EPOCHS = index(FactTables.STAGE_EPOCHS);
    private static final int[] PRESENCE = {NODES, EDGES, BLOCKS};
    /** Every fact table's first column is its key. */
    private static final int KEY = 0;

    static {
        for (int t = 0; t < TABLES.size(); t++) {
            if (col(t, "key") != KEY) {
                throw new IllegalStateException("table " + TABLES.get(t).name() + ": the key must be the first column");
            }
        }
    }

    // column ordinals, resolved once (cells are staged by ordinal, never looked up by name per cell)
    private static final int N_UNIT = col(NODES, "unit"), N_STAGE = col(NODES, "stage"),
        N_KIND = col(NODES, "kind"), N_PARENT = col(NODES, "parent"), N_OPERANDS = col(NODES, "operands"),
        N_DETAIL = col(NODES, "detail"), N_TYPE = col(NODES, "type"), N_SYMBOL = col(NODES, "symbol"), N_SCOPE = col(NODES, "scope"),
        N_START = col(NODES, "span_start"), N_END = col(NODES, "span_end"), N_PRESENT = col(NODES, "present"),
        N_MEMBER = col(NODES, "member"), N_PATH = col(NODES, "path"), N_ANCHOR = col(NODES, "anchor"),
        N_PATH_BASE = col(NODES, "path_base");
    private static final int S_NAME = col(SYMBOLS, "name"), S_KIND = col(SYMBOLS, "kind"), S_OWNER = col(SYMBOLS, "owner"),
        S_TYPE = col(SYMBOLS, "type"), S_MODIFIERS = col(SYMBOLS, "modifiers");
    private static final int T_DESCRIPTOR = col(TYPES, "descriptor");
    private static final int SC_KIND = col(SCOPES, "kind"), SC_PARENT = col(SCOPES, "parent"), SC_OWNER = col(SCOPES, "owner");
    private static final int E_UNIT = col(EDGES, "unit"), E_FROM = col(EDGES, "from"), E_TO = col(EDGES, "to"), E_KIND = col(EDGES, "kind"),
        E_PRESENT = col(EDGES, "present");
    private static final int B_UNIT = col(BLOCKS, "unit"), B_NODES = col(BLOCKS, "nodes"), B_PRESENT = col(BLOCKS, "present"),
        B_MEMBER = col(BLOCKS, "member"), B_PATH = col(BLOCKS, "path");
    private static final int I_COMPILATION = col(INVALIDATIONS, "compilation"), I_CAUSE = col(INVALIDATIONS, "cause"),
        I_INVALIDATED = col(INVALIDATIONS, "invalidated"), I_REASON = col(INVALIDATIONS, "reason");
    private static final int U_SHA = col(UNITS, "source_sha256");
    private static final int C_FIRST = col(COMPILATIONS, "first_epoch"), C_LAST = col(COMPILATIONS, "last_epoch");
    private static final int SE_UNIT = col(STAGE_EPOCHS, "unit"), SE_STAGE = col(STAGE_EPOCHS, "stage"),
        SE_PASS_INDEX = col(STAGE_EPOCHS, "pass_index"), SE_PASS = col(STAGE_EPOCHS, "pass"), SE_EPOCH = col(STAGE_EPOCHS, "epoch");
    private static final Stage[] STAGES = Stage.values();
    private static final byte PARSED = (byte) (Stage.PARSE.ordinal() + 1);

    private final Store store;
    private final AutoCloseable owned;
    /** Per table: the row of every key known (stored or allocated in this compilation). */
    private final List<Map<String, Integer>> rows = new ArrayList<>();
    /** The row of every node id known (stored or allocated in this compilation). */
    private final Map<NodeId, Integer> nodeRows = new HashMap<>();
    /** The row of every block id known. */
    private final Map<NodeId, Integer> blockRows = new HashMap<>();
    /** Per table: the rows this compilation wrote or confirmed. */
    private final BitSet[] seen = new BitSet[TABLES.size()];
    private final Set<String> units = new HashSet<>();
    /** Per node row: 1 + the ordinal of the last stage of this compilation that reported it (0: none). */
    private byte[] lastStage = new byte[0];
    private String compilation;
    private long firstEpoch;
    private boolean wholeCodeBase;

    /** A sink into a store the caller owns (its schema must contain {@link FactTables#SCHEMA}). */
    public StoreSink(Store store) {
        this(store, null);
    }

    private StoreSink(Store store, AutoCloseable owned) {
        this.store = Objects.requireNonNull(store, "store");
        this.owned = owned;
    }

    /**
     * A sink that opens (or creates) the store in {@code dir} and closes it when the compilation
     * ends. Its epochs are forced to disk once, when the compilation ends ({@link Durability#NONE}
     * plus a sync in {@link #end}): a crash before that leaves an unfinished recording, which the
     * next compilation's {@link #begin} reverts, so forcing each epoch would buy nothing.
     */
    public static StoreSink open(Path dir) {
        RootAllocator allocator = new RootAllocator();
        try {
            Store store = Store.open(dir, StoreOptions.of(FactTables.SCHEMA, allocator).withDurability(Durability.NONE));
            return new StoreSink(store, () -> {
                try {
                    store.close();
                } finally {
                    allocator.close();
                }
            });
        } catch (RuntimeException | Error e) {
            allocator.close();
            throw e;
        }
    }

    public Store store() {
        return store;
    }

    /**
     * Declares that every compilation recorded through this sink compiles the whole code base (a
     * full build): at its end, the entities of units it did not compile (deleted files) become
     * {@code present = false} too. Without it, only the recompiled units' lost entities do (an
     * incremental build compiles a subset and says nothing about the other units).
     */
    public StoreSink wholeCodeBase() {
        this.wholeCodeBase = true;
        return this;
    }

    @Override
    public void begin(String compilationId) {
        compilation = compilationId;
        long accounted = accountedEpoch();
        if (store.lastEpoch() > accounted) { // an earlier recording streamed facts in and never finished
            revert(accounted, "unfinished@" + (accounted + 1), "found unfinished when compilation " + compilationId + " began");
        }
        firstEpoch = store.nextEpoch();
        units.clear();
        lastStage = new byte[0];
        rows.clear();
        nodeRows.clear();
        blockRows.clear();
        StateView v = store.latest();
        for (int t = 0; t < TABLES.size(); t++) {
            String name = TABLES.get(t).name();
            int n = v.rowCount(name);
            seen[t] = new BitSet();
            if (t == NODES) {
                rows.add(Map.of()); // nodes are found by their id in parts: nodeRows
                StoredNodes stored = StoredNodes.of(v);
                for (int r = 0; r < n; r++) {
                    NodeId id = stored.id(r);
                    if (!id.unit().isEmpty()) { // rows of a reverted recording have no identity
                        nodeRows.put(id, r);
                    }
                }
                continue;
            }
            if (t == BLOCKS) {
                rows.add(Map.of()); // blocks too: blockRows
                ColumnSlice key = v.column(name, "key");
                ColumnSlice unit = v.column(name, "unit");
                ColumnSlice member = v.column(name, "member");
                ColumnSlice path = v.column(name, "path");
                for (int r = 0; r < n; r++) {
                    String k = key.getSymbol(r);
                    if (k.isEmpty() && unit.getSymbol(r).isEmpty()) {
                        continue; // a row of a reverted recording
                    }
                    blockRows.put(k.isEmpty() ? new NodeId(unit.getSymbol(r), member.getSymbol(r), path.getSymbol(r)) : NodeId.parse(k), r);
                }
                continue;
            }
            Map<String, Integer> keys = new HashMap<>(Math.max(16, n * 4 / 3 + 1));
            ColumnSlice key = v.column(name, "key");
            for (int r = 0; r < n; r++) {
                String k = key.getSymbol(r);
                if (!k.isEmpty()) { // "" only on rows of a reverted recording
                    keys.put(k, r);
                }
            }
            rows.add(keys);
        }
    }

    @Override
    public void epoch(Epoch epoch, List<Fact> facts) {
        if (!epoch.unit().isEmpty()) {
            units.add(epoch.unit());
        }
        Changes c = new Changes(store.latest(), facts.size());
        Anchors anchors = new Anchors(anchors(facts, epoch.unit()), epoch.unit());
        String shaUnit = null; // the unit and source hash last set: the nodes of an epoch share them
        String shaSet = null;
        for (Fact f : facts) {
            switch (f) {
                case IrNode n -> {
                    Provenance p = n.provenance();
                    String sha = p == null ? "" : p.sha256();
                    if (!sha.isEmpty() && !(sha.equals(shaSet) && n.unit().equals(shaUnit))) {
                        c.set(UNITS, c.row(UNITS, n.unit()), U_SHA, sha);
                        shaUnit = n.unit();
                        shaSet = sha;
                    }
                    // rows of the parent and operands first, then the node's own: the order rows are
                    // allocated in is part of the recorded state (and of its hash)
                    int self = c.knownNode(n.id());
                    int parent = n.parent() == null || n.parent().isNone() ? -1 : c.node(n.parent());
                    int[] operands = c.nodes(n.operands(), n.id(), self);
                    int r = c.node(n.id(), n.parent(), parent);
                    boolean parsed = n.stage() == Stage.ATTRIBUTION && r < lastStage.length && lastStage[r] == PARSED;
                    reportedAt(r, n.stage());
                    if (n.stage() != Stage.PARSE) {
                        // a parse cannot know types and symbols: "" there means "not known here",
                        // so the cells keep what attribution last recorded (nothing to rewrite)
                        c.set(NODES, r, N_TYPE, orEmpty(n.typeId()));
                        c.set(NODES, r, N_SYMBOL, orEmpty(n.symbolId()));
                    }
                    c.set(NODES, r, N_PRESENT, true);
                    if (parsed) {
                        // attribution adds types and symbols to the nodes this compilation parsed;
                        // their structure stays as the parse saw it (javac rewrites a few trees while
                        // attributing: the nodes it adds are recorded, each with its parent)
                        continue;
                    }
                    c.set(NODES, r, N_KIND, n.kind());
                    c.set(NODES, r, N_PARENT, parent);
                    c.set(NODES, r, N_OPERANDS, operands);
                    c.set(NODES, r, N_DETAIL, orEmpty(n.detail()));
                    c.set(NODES, r, N_SCOPE, orEmpty(n.scopeId()));
                    long start = p == null ? -1L : p.start();
                    long end = p == null ? -1L : p.end();
                    IrNode anchor = start < 0 ? null : anchors.of(n.id());
                    if (anchor == null || anchor == n) {
                        // absolute: an anchor, a node without one; an unknown start keeps the end absolute
                        c.set(NODES, r, N_ANCHOR, -1);
                        c.set(NODES, r, N_START, start);
                        c.set(NODES, r, N_END, start < 0 ? end : end < 0 ? -1L : end - start);
                    } else {
                        c.set(NODES, r, N_ANCHOR, c.node(anchor.id()));
                        c.set(NODES, r, N_START, start - anchor.provenance().start());
                        c.set(NODES, r, N_END, end < 0 ? -1L : end - start);
                    }
                }
                case SymbolFact s -> {
                    if (c.seenInThisCompilation(SYMBOLS, s.id())) {
                        // one symbol, one set of facts per compilation: the first report holds (javac
                        // gives a few distinct entities one id, e.g. the constructors of array types)
                        continue;
                    }
                    int r = c.row(SYMBOLS, s.id());
                    c.set(SYMBOLS, r, S_NAME, orEmpty(s.name()));
                    c.set(SYMBOLS, r, S_KIND, orEmpty(s.kind()));
                    c.set(SYMBOLS, r, S_OWNER, orEmpty(s.owner()));
                    c.set(SYMBOLS, r, S_TYPE, orEmpty(s.typeId()));
                    c.set(SYMBOLS, r, S_MODIFIERS, orEmpty(s.modifiers()));
                }
                case TypeFact t -> c.set(TYPES, c.row(TYPES, t.id()), T_DESCRIPTOR, orEmpty(t.descriptor()));
                case ScopeFact s -> {
                    int r = c.row(SCOPES, s.id());
                    c.set(SCOPES, r, SC_KIND, orEmpty(s.kind()));
                    c.set(SCOPES, r, SC_PARENT, orEmpty(s.parentId()));
                    c.set(SCOPES, r, SC_OWNER, orEmpty(s.ownerId()));
                }
                case CfgEdge e -> {
                    // keyed by the node rows of its ends (stable for the whole history), not their ids' text
                    int from = c.node(e.from());
                    int to = c.node(e.to());
                    int r = c.row(EDGES, from + "->" + to + ":" + e.kind());
                    c.set(EDGES, r, E_UNIT, e.from().unit());
                    c.set(EDGES, r, E_FROM, from);
                    c.set(EDGES, r, E_TO, to);
                    c.set(EDGES, r, E_KIND, orEmpty(e.kind()));
                    c.set(EDGES, r, E_PRESENT, true);
                }
                case BlockFact b -> {
                    int r = c.block(b.id());
                    c.set(BLOCKS, r, B_NODES, c.nodes(b.nodes()));
                    c.set(BLOCKS, r, B_PRESENT, true);
                }
                case InvalidationFact i -> {
                    int r = c.row(INVALIDATIONS, compilation + "|" + i.cause() + "|" + i.invalidated());
                    c.set(INVALIDATIONS, r, I_COMPILATION, compilation);
                    c.set(INVALIDATIONS, r, I_CAUSE, orEmpty(i.cause()));
                    c.set(INVALIDATIONS, r, I_INVALIDATED, orEmpty(i.invalidated()));
                    c.set(INVALIDATIONS, r, I_REASON, orEmpty(i.reason()));
                }
            }
        }
        if (c.hasCells()) {
            String key = epoch.unit() + "|" + epoch.stage() + "|" + epoch.passIndex() + "|" + epoch.pass();
            int r = c.row(STAGE_EPOCHS, key);
            c.set(STAGE_EPOCHS, r, SE_UNIT, epoch.unit());
            c.set(STAGE_EPOCHS, r, SE_STAGE, epoch.stage().name());
            c.set(STAGE_EPOCHS, r, SE_PASS_INDEX, epoch.passIndex());
            c.set(STAGE_EPOCHS, r, SE_PASS, epoch.pass());
            c.set(STAGE_EPOCHS, r, SE_EPOCH, store.nextEpoch());
        }
        c.commit();
    }

    /**
     * The span anchor of each group of nodes of an epoch ({@link #group}): the group's root (path ""
     * in a member, the first path segment at unit level) if reported with a known start, else the
     * group's first node with a known start. See {@link StoredNodes}.
     */
    private static Map<String, IrNode> anchors(List<Fact> facts, String unit) {
        Map<String, IrNode> out = new HashMap<>();
        String lastGroup = null; // the nodes of one group mostly come together: a map operation per run, not per node
        for (Fact f : facts) {
            if (f instanceof IrNode n && n.provenance() != null && n.provenance().start() >= 0) {
                boolean member = !n.id().member().isEmpty();
                if (member && lastGroup != null && n.id().unit().equals(unit) && n.id().member().equals(lastGroup)
                        && !n.id().path().isEmpty()) {
                    continue; // same group as the node before, not its root: the anchor stays what it is
                }
                String g = group(n.id(), unit);
                if (g == null) {
                    lastGroup = null;
                    continue;
                }
                String root = member ? "" : firstSegment(n.id().path());
                if (n.id().path().equals(root)) {
                    out.put(g, n);
                } else {
                    out.putIfAbsent(g, n);
                }
                lastGroup = member && n.id().unit().equals(unit) ? g : null;
            }
        }
        // a group whose preferred root came after other nodes: the root wins (put above)
        return out;
    }

    /**
     * The span anchors of an epoch's groups, looked up once per run of nodes of one group (the
     * nodes of a member come together). One thread.
     */
    private static final class Anchors {
        private final Map<String, IrNode> byGroup;
        private final String unit;
        private NodeId lastId;
        private IrNode lastAnchor;

        Anchors(Map<String, IrNode> byGroup, String unit) {
            this.byGroup = byGroup;
            this.unit = unit;
        }

        /** The anchor of {@code id}'s group, or null. */
        IrNode of(NodeId id) {
            NodeId last = lastId;
            if (last != null && !id.member().isEmpty() && id.member().equals(last.member()) && id.unit().equals(last.unit())) {
                return lastAnchor; // same member, same unit: same group
            }
            IrNode anchor = byGroup.get(group(id, unit));
            lastId = id;
            lastAnchor = anchor;
            return anchor;
        }
    }

    /** Whether {@code id} lies below {@code base} in the same member: its path is base's non-empty path, '/', and more. */
    private static boolean continues(NodeId id, NodeId base) {
        String p = id.path();
        String b = base.path();
        return !b.isEmpty() && p.length() > b.length() + 1 && p.charAt(b.length()) == '/' && p.startsWith(b)
            && id.member().equals(base.member()) && id.unit().equals(base.unit());
    }

    /**
     * The anchor group of a node of an epoch of {@code unit}: its member, or {@code "\0"} and the
     * first path segment at unit level (no member name starts with NUL); prefixed by the node's own
     * unit if that is another one (a sink called directly may get several units in one epoch);
     * null for a unit's root.
     */
    private static String group(NodeId id, String unit) {
        String g;
        if (!id.member().isEmpty()) {
            g = id.member();
        } else if (id.path().isEmpty()) {
            return null;
        } else {
            g = "\0" + firstSegment(id.path());
        }
        return id.unit().equals(unit) ? g : id.unit() + "\0\0" + g;
    }

    private static String firstSegment(String path) {
        int slash = path.indexOf('/');
        return slash < 0 ? path : path.substring(0, slash);
    }

    private void reportedAt(int row, Stage stage) {
        if (row >= lastStage.length) {
            lastStage = Arrays.copyOf(lastStage, Math.max(row + 1, lastStage.length * 2));
        }
        lastStage[row] = (byte) (stage.ordinal() + 1);
    }

    @Override
    public void end(String compilationId) {
        try {
            StateView v = store.latest();
            Changes gone = new Changes(v, 0);
            // each node's stage: the last stage of this compilation that reported it, written once
            // here rather than by every stage (an unchanged compilation rewrites nothing)
            for (int r = 0; r < lastStage.length; r++) {
                if (lastStage[r] != 0) {
                    gone.set(NODES, r, N_STAGE, STAGES[lastStage[r] - 1].name());
                }
            }
            for (int t : PRESENCE) {
                String name = TABLES.get(t).name();
                ColumnSlice unit = v.column(name, "unit");
                ColumnSlice present = v.column(name, "present");
                int presentCol = col(t, "present");
                BitSet s = seen[t];
                for (int r = 0; r < v.rowCount(name); r++) {
                    if (present.getBool(r) && !s.get(r) && (wholeCodeBase || units.contains(unit.getSymbol(r)))) {
                        gone.set(t, r, presentCol, false);
                    }
                }
            }
            int r = gone.row(COMPILATIONS, compilationId);
            gone.set(COMPILATIONS, r, C_FIRST, firstEpoch);
            gone.set(COMPILATIONS, r, C_LAST, store.nextEpoch());
            gone.commit();
            store.sync(); // the recording is complete and durable when end returns, whatever the store's durability
            firstEpoch = 0;
        } finally {
            if (firstEpoch == 0) {
                closeOwned(); // otherwise the abort that follows a failed end reverts, then closes
            }
        }
    }

    @Override
    public void abort(String compilationId, String reason) {
        try {
            if (firstEpoch > 0 && store.lastEpoch() >= firstEpoch) {
                revert(firstEpoch - 1, compilationId, reason == null ? "" : reason);
            }
        } finally {
            firstEpoch = 0;
            closeOwned();
        }
    }

    /** The last epoch that a finished or reverted compilation accounts for (0: none). */
    private long accountedEpoch() {
        StateView v = store.latest();
        long out = 0;
        for (String[] t : new String[][] {{"compilations", "last_epoch"}, {"incomplete_compilations", "reverted_epoch"}}) {
            ColumnSlice last = v.column(t[0], t[1]);
            for (int r = 0; r < v.rowCount(t[0]); r++) {
                out = Math.max(out, last.getLong(r));
            }
        }
        return out;
    }

    /**
     * Commits, as one epoch, the state of epoch {@code to} back over every cell changed since (rows
     * appended since get their defaults: empty keys, {@code present = false}), plus a row of
     * {@link FactTables#INCOMPLETE}. The log keeps the reverted epochs as history.
     */
    private void revert(long to, String key, String reason) {
        StateView before = store.stateAt(to);
        List<Delta> deltas = new ArrayList<>();
        try {
            for (io.mmsb.delta.Change c : store.diff(to, store.lastEpoch())) {
                int old = before.rowCount(c.table());
                if (c.rowStart() < old) {
                    deltas.add(copyOf(before, c, c.rowStart(), Math.min(c.rowEnd(), old)));
                }
                if (c.rowEnd() > old) {
                    try (DeltaBuilder b = store.newDelta(c.table(), Math.max(c.rowStart(), old), c.rowEnd(), c.columns().toArray(String[]::new))) {
                        deltas.add(b.build()); // unset cells are the defaults
                    }
                }
            }
            if (!deltas.isEmpty()) {
                store.commit(deltas.toArray(Delta[]::new));
            }
        } finally {
            deltas.forEach(Delta::close);
            deltas.clear();
        }
        int row = store.latest().rowCount(FactTables.INCOMPLETE.name());
        try (DeltaBuilder b = store.newDelta(FactTables.INCOMPLETE.name(), row, row + 1, "key", "first_epoch", "reverted_epoch", "reason")) {
            b.setSymbol("key", row, key).setLong("first_epoch", row, to + 1).setLong("reverted_epoch", row, store.nextEpoch())
                .setSymbol("reason", row, reason.length() > 500 ? reason.substring(0, 500) : reason);
            try (Delta d = b.build()) {
                store.commit(d);
            }
        }
        // the key maps of this sink describe the reverted state no more: rebuilt at the next begin
    }

    /** A delta writing {@code view}'s cells of rows {@code [from, to)} in {@code c}'s columns. */
    private Delta copyOf(StateView view, io.mmsb.delta.Change c, int from, int to) {
        try (DeltaBuilder b = store.newDelta(c.table(), from, to, c.columns().toArray(String[]::new))) {
            for (String column : c.columns()) {
                ColumnSlice s = view.column(c.table(), column);
                int bc = b.col(column);
                for (int row = from; row < to; row++) {
                    switch (s.column().type()) {
                        case INT32 -> b.setInt(bc, row, s.getInt(row));
                        case INT64 -> b.setLong(bc, row, s.getLong(row));
                        case BOOL -> b.setBool(bc, row, s.getBool(row));
                        case FLOAT64 -> b.setDouble(bc, row, s.getDouble(row));
                        case SYMBOL -> b.setSymbol(bc, row, s.getSymbol(row));
                        case INT_LIST -> b.setIntList(bc, row, s.getIntList(row));
                    }
                }
            }
            return b.build();
        }
    }

    private void closeOwned() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new HookException("closing the store of compilation " + compilation + ": " + e.getMessage(), e);
            }
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static int index(TableDef t) {
        return FactTables.SCHEMA.tables().indexOf(t);
    }

    private static int col(int table, String column) {
        List<ColumnDef> cols = TABLES.get(table).columns();
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalStateException("no column " + column + " in " + TABLES.get(table).name());
    }

    /**
     * The cells one commit changes: per table, row -> values by column ordinal (null: unchanged),
     * only where the value differs from the state; new entities get new rows after the last one.
     */
    private final class Changes {
        private final StateView view;
        private final Staged[] tables = new Staged[TABLES.size()];
        /**
         * Rows of the node id objects already looked up in this epoch, by identity: an adapter
         * hands one id object as a node's id, its parent's operand and its children's parent, so
         * most lookups need no comparison of the id's strings.
         */
        private final java.util.IdentityHashMap<NodeId, Integer> sameIds;
        /** The facts of the epoch: about the rows it may append to the node table (sizes its staging arrays once). */
        private final int factCount;

        Changes(StateView view, int factCount) {
            this.view = view;
            this.factCount = factCount;
            this.sameIds = new java.util.IdentityHashMap<>(Math.max(32, factCount));
        }

        private Staged staged(int t) {
            Staged s = tables[t];
            if (s == null) {
                s = tables[t] = new Staged(TABLES.get(t), view, t == NODES ? factCount : 0);
            }
            return s;
        }

        /** The row of an entity, allocating one for a key never seen. */
        int row(int t, String key) {
            Map<String, Integer> keys = rows.get(t);
            Integer r = keys.get(key);
            if (r == null) {
                Staged s = staged(t);
                r = s.stored + s.appended++;
                keys.put(key, r);
                set(t, r, KEY, key);
            }
            seen[t].set(r);
            return r;
        }

        /** Whether this compilation already reported the entity with this key. */
        boolean seenInThisCompilation(int t, String key) {
            Integer r = rows.get(t).get(key);
            return r != null && seen[t].get(r);
        }

        /** The row of a node, allocating one (with its id's parts) for an id never seen. */
        int node(NodeId id) {
            return node(id, null, -1);
        }

        /** The row of a node already known (stored or allocated in this compilation), or -1; allocates nothing. */
        int knownNode(NodeId id) {
            Integer r = sameIds.get(id);
            if (r == null) {
                r = nodeRows.get(id);
            }
            return r == null ? -1 : r;
        }

        /**
         * The row of a node, allocating one for an id never seen; a new row whose path continues
         * the path of node {@code base} (row {@code baseRow}, or -1 when not known) stores only the
         * rest of its path and the distance to that row ({@code path_base}).
         */
        int node(NodeId id, NodeId base, int baseRow) {
            Integer known = sameIds.get(id);
            if (known != null) {
                return known; // seen, and marked seen, earlier in this epoch
            }
            int r = baseRow >= 0 && continues(id, base)
                ? idRow(NODES, nodeRows, N_UNIT, N_MEMBER, N_PATH, id, base.path().length() + 1, N_PATH_BASE, baseRow)
                : idRow(NODES, nodeRows, N_UNIT, N_MEMBER, N_PATH, id, 0, -1, -1);
            sameIds.put(id, r);
            return r;
        }

        /** The row of a block, allocating one (with its id's parts) for an id never seen. */
        int block(NodeId id) {
            return idRow(BLOCKS, blockRows, B_UNIT, B_MEMBER, B_PATH, id, 0, -1, -1);
        }

        /**
         * The row of an entity of table {@code t} found by its id in parts, allocating one for an id
         * never seen: its path cell holds the path from char {@code pathFrom} on, and when
         * {@code baseCol} is a column, that cell continues the path of row {@code baseRow}, stored as
         * the distance to it.
         */
        private int idRow(int t, Map<NodeId, Integer> rowsById, int unitCol, int memberCol, int pathCol, NodeId id,
                          int pathFrom, int baseCol, int baseRow) {
            Integer known = rowsById.get(id);
            int r = known != null ? known : newRow(t, rowsById, unitCol, memberCol, pathCol, id, pathFrom, baseCol, baseRow);
            seen[t].set(r);
            return r;
        }

        /** A new row for {@code id} (see {@link #idRow}); kept apart so the lookup above stays small for the JIT. */
        private int newRow(int t, Map<NodeId, Integer> rowsById, int unitCol, int memberCol, int pathCol, NodeId id,
                           int pathFrom, int baseCol, int baseRow) {
            Staged s = staged(t);
            int r = s.stored + s.appended++;
            rowsById.put(id, r);
            set(t, r, unitCol, id.unit());
            set(t, r, memberCol, id.member());
            set(t, r, pathCol, id.path().substring(pathFrom));
            if (baseCol >= 0) {
                set(t, r, baseCol, r - baseRow);
            }
            return r;
        }

        int[] nodes(List<NodeId> ids) {
            return nodes(ids, null, -1);
        }

        /** The rows of {@code ids}; new rows whose path continues {@code base}'s (row {@code baseRow}) store the rest. */
        int[] nodes(List<NodeId> ids, NodeId base, int baseRow) {
            int[] out = new int[ids.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = node(ids.get(i), base, baseRow);
            }
            return out;
        }

        void set(int t, int row, int column, String value) {
            staged(t).setSymbol(row, column, value);
        }

        void set(int t, int row, int column, int value) {
            staged(t).setInt(row, column, value);
        }

        void set(int t, int row, int column, long value) {
            staged(t).setLong(row, column, value);
        }

        void set(int t, int row, int column, boolean value) {
            staged(t).setBool(row, column, value);
        }

        void set(int t, int row, int column, int[] value) {
            staged(t).setIntList(row, column, value);
        }

        /** Whether any cell differs from the state (so that committing would write something). */
        boolean hasCells() {
            for (Staged s : tables) {
                if (s != null && s.hasCells()) {
                    return true;
                }
            }
            return false;
        }

        /** Commits the changed cells as rectangles: new rows as one block, changed rows grouped by column set. */
        void commit() {
            List<Delta> deltas = new ArrayList<>();
            try {
                for (Staged s : tables) {
                    if (s != null) {
                        s.rectangles(deltas);
                    }
                }
                if (!deltas.isEmpty()) {
                    store.commit(deltas.toArray(Delta[]::new));
                }
            } finally {
                deltas.forEach(Delta::close);
            }
        }
    }

    /**
     * One table's staged cells. Appended rows are staged column by column in typed arrays (no
     * boxing; committed through the builder's bulk setters); changed stored rows as boxed cells by
     * row, compared with the stored value first so that only real changes are staged.
     */
    private final class Staged {
        final TableDef def;
        final ColumnType[] types;
        final StateView view;
        final int stored;
        final ColumnSlice[] slices;
        int appended;
        /** Per column: the changed cells of stored rows, typed (null until one is staged). */
        final Updates[] updated;
        /** Per column, the cells of the appended rows {@code stored, stored + 1, ...}: a typed array, null until written. */
        final Object[] appendedColumns;
        int capacity;

        Staged(TableDef def, StateView view, int capacity) {
            this.def = def;
            this.capacity = capacity;
            List<ColumnDef> columns = def.columns();
            this.types = new ColumnType[columns.size()];
            for (int c = 0; c < types.length; c++) {
                types[c] = columns.get(c).type();
            }
            this.view = view;
            this.stored = view.rowCount(def.name());
            this.slices = new ColumnSlice[types.length];
            this.appendedColumns = new Object[types.length];
            this.updated = new Updates[types.length];
        }

        private ColumnSlice slice(int column) {
            ColumnSlice slice = slices[column];
            if (slice == null) {
                slice = slices[column] = view.column(def.name(), def.columns().get(column).name());
            }
            return slice;
        }

        private void check(int column, ColumnType type) {
            if (types[column] != type) {
                throw new HookException("column " + def.columns().get(column).name() + " of " + def.name() + " is " + types[column] + ", not " + type);
            }
        }

        /** The typed array of the appended rows' cells of {@code column}, grown to hold appended row {@code i}. */
        private Object appendedColumn(int column, int i) {
            if (i >= capacity) {
                int n = Math.max(i + 1, Math.max(16, capacity * 2));
                for (int c = 0; c < appendedColumns.length; c++) {
                    if (appendedColumns[c] != null) {
                        appendedColumns[c] = grow(appendedColumns[c], n);
                    }
                }
                capacity = n;
            }
            Object a = appendedColumns[column];
            if (a == null) {
                a = appendedColumns[column] = switch (types[column]) {
                    case SYMBOL -> new String[capacity];
                    case INT32 -> new int[capacity];
                    case INT64 -> new long[capacity];
                    case BOOL -> new boolean[capacity];
                    case INT_LIST -> new int[capacity][];
                    case FLOAT64 -> new double[capacity];
                };
            }
            return a;
        }

        private static Object grow(Object a, int n) {
            return switch (a) {
                case String[] x -> Arrays.copyOf(x, n);
                case int[] x -> Arrays.copyOf(x, n);
                case long[] x -> Arrays.copyOf(x, n);
                case boolean[] x -> Arrays.copyOf(x, n);
                case int[][] x -> Arrays.copyOf(x, n);
                case double[] x -> Arrays.copyOf(x, n);
                default -> throw new IllegalStateException("not a column array: " + a.getClass());
            };
        }

        /** The updates of {@code column}, made on first use. */
        private Updates updates(int column) {
            Updates u = updated[column];
            if (u == null) {
                u = updated[column] = new Updates(types[column]);
            }
            return u;
        }

        /** The stored row's cell is back to the stored value: nothing to write for it. */
        private void unstage(int row, int column) {
            Updates u = updated[column];
            if (u != null) {
                u.drop(row);
            }
        }

        void setSymbol(int row, int column, String value) {
            check(column, ColumnType.SYMBOL);
            if (row >= stored) {
                ((String[]) appendedColumn(column, row - stored))[row - stored] = value;
            } else if (slice(column).getSymbol(row).equals(value)) {
                unstage(row, column);
            } else {
                Updates u = updates(column);
                ((String[]) u.slot(row))[u.last] = value;
            }
        }

        void setInt(int row, int column, int value) {
            check(column, ColumnType.INT32);
            if (row >= stored) {
                ((int[]) appendedColumn(column, row - stored))[row - stored] = value;
            } else if (slice(column).getInt(row) == value) {
                unstage(row, column);
            } else {
                Updates u = updates(column);
                ((int[]) u.slot(row))[u.last] = value;
            }
        }

        void setLong(int row, int column, long value) {
            check(column, ColumnType.INT64);
            if (row >= stored) {
                ((long[]) appendedColumn(column, row - stored))[row - stored] = value;
            } else if (slice(column).getLong(row) == value) {
                unstage(row, column);
            } else {
                Updates u = updates(column);
                ((long[]) u.slot(row))[u.last] = value;
            }
        }

        void setBool(int row, int column, boolean value) {
            check(column, ColumnType.BOOL);
            if (row >= stored) {
                ((boolean[]) appendedColumn(column, row - stored))[row - stored] = value;
            } else if (slice(column).getBool(row) == value) {
                unstage(row, column);
            } else {
                Updates u = updates(column);
                ((boolean[]) u.slot(row))[u.last] = value;
            }
        }

        void setIntList(int row, int column, int[] value) {
            check(column, ColumnType.INT_LIST);
            if (row >= stored) {
                ((int[][]) appendedColumn(column, row - stored))[row - stored] = value;
            } else if (Arrays.equals(slice(column).getIntList(row), value)) {
                unstage(row, column);
            } else {
                Updates u = updates(column);
                ((int[][]) u.slot(row))[u.last] = value;
            }
        }

        boolean hasCells() {
            if (appended > 0) {
                return true;
            }
            for (Updates u : updated) {
                if (u != null && u.live > 0) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The staged cells as rectangles: per column, one per run of changed stored rows whose
         * 64-row chunks touch (the rows between changed ones keep their stored values), then the
         * appended rows as one. A commit writes each touched chunk of a column once, so a run
         * costs the log what its changed cells span, as the store would plan it anyway.
         */
        void rectangles(List<Delta> out) {
            for (int c = 0; c < types.length; c++) {
                Updates u = updated[c];
                if (u == null || u.live == 0) {
                    continue;
                }
                long[] order = u.byRow(); // (row << 32) | slot, ascending rows
                int i = 0;
                while (i < order.length) {
                    int j = i + 1;
                    while (j < order.length && (int) (order[j] >>> 32) / Mmsb.PAGE_ROWS <= (int) (order[j - 1] >>> 32) / Mmsb.PAGE_ROWS + 1) {
                        j++;
                    }
                    out.add(updatedRectangle(c, u, order, i, j));
                    i = j;
                }
            }
            if (appended > 0) {
                out.add(appendedRectangle());
            }
        }

        /** Column {@code c} over rows {@code [first changed, last changed]} of {@code order[from, to)}: the changed cells, stored values between them. */
        private Delta updatedRectangle(int c, Updates u, long[] order, int from, int to) {
            int first = (int) (order[from] >>> 32);
            int end = (int) (order[to - 1] >>> 32) + 1;
            String name = def.columns().get(c).name();
            ColumnSlice stored = slice(c);
            // one small method per column type: C2 compiled the five loops of one method into 32 KB
            try (DeltaBuilder b = store.newDelta(def.name(), first, end, name)) {
                switch (types[c]) {
                    case INT32 -> b.ints(name, updatedInts(stored, (int[]) u.values, order, from, to, first, end));
                    case INT64 -> b.longs(name, updatedLongs(stored, (long[]) u.values, order, from, to, first, end));
                    case BOOL -> b.bools(name, updatedBools(stored, (boolean[]) u.values, order, from, to, first, end));
                    case SYMBOL -> b.symbols(name, updatedSymbols(stored, (String[]) u.values, order, from, to, first, end));
                    case INT_LIST -> b.intLists(name, updatedIntLists(stored, (int[][]) u.values, order, from, to, first, end));
                    case FLOAT64 -> throw new IllegalStateException("no fact column is FLOAT64: " + name);
                }
                return b.build();
            }
        }

        /*
         * The cells of rows [first, end) of a column: the stored ones, overwritten by the staged
         * updates order[from..to) (each: row << 32 | index into the staged values).
         */
        private static int[] updatedInts(ColumnSlice stored, int[] values, long[] order, int from, int to, int first, int end) {
            int[] v = new int[end - first];
            for (int r = first; r < end; r++) {
                v[r - first] = stored.getInt(r);
            }
            for (int i = from; i < to; i++) {
                v[(int) (order[i] >>> 32) - first] = values[(int) order[i]];
            }
            return v;
        }

        private static long[] updatedLongs(ColumnSlice stored, long[] values, long[] order, int from, int to, int first, int end) {
            long[] v = new long[end - first];
            for (int r = first; r < end; r++) {
                v[r - first] = stored.getLong(r);
            }
            for (int i = from; i < to; i++) {
                v[(int) (order[i] >>> 32) - first] = values[(int) order[i]];
            }
            return v;
        }

        private static boolean[] updatedBools(ColumnSlice stored, boolean[] values, long[] order, int from, int to, int first, int end) {
            boolean[] v = new boolean[end - first];
            for (int r = first; r < end; r++) {
                v[r - first] = stored.getBool(r);
            }
            for (int i = from; i < to; i++) {
                v[(int) (order[i] >>> 32) - first] = values[(int) order[i]];
            }
            return v;
        }

        private static String[] updatedSymbols(ColumnSlice stored, String[] values, long[] order, int from, int to, int first, int end) {
            String[] v = new String[end - first];
            for (int i = from; i < to; i++) {
                v[(int) (order[i] >>> 32) - first] = values[(int) order[i]];
            }
            for (int r = first; r < end; r++) {
                if (v[r - first] == null) {
                    v[r - first] = stored.getSymbol(r);
                }
            }
            return v;
        }

        private static int[][] updatedIntLists(ColumnSlice stored, int[][] values, long[] order, int from, int to, int first, int end) {
            int[][] v = new int[end - first][];
            for (int i = from; i < to; i++) {
                v[(int) (order[i] >>> 32) - first] = values[(int) order[i]];
            }
            for (int r = first; r < end; r++) {
                if (v[r - first] == null) {
                    v[r - first] = stored.getIntList(r);
                }
            }
            return v;
        }

        private String[] names(long mask) {
            String[] names = new String[Long.bitCount(mask)];
            int k = 0;
            for (int c = 0; c < types.length; c++) {
                if ((mask & (1L << c)) != 0) {
                    names[k++] = def.columns().get(c).name();
                }
            }
            return names;
        }

        /** The appended rows as one rectangle over every column any of them wrote; unwritten cells keep their defaults. */
        private Delta appendedRectangle() {
            long mask = 0;
            for (int c = 0; c < types.length; c++) {
                if (appendedColumns[c] != null) {
                    mask |= 1L << c;
                }
            }
            String[] names = names(mask);
            try (DeltaBuilder b = store.newDelta(def.name(), stored, stored + appended, names)) {
                for (int c = 0, x = 0; c < types.length; c++) {
                    if ((mask & (1L << c)) == 0) {
                        continue;
                    }
                    String name = names[x++];
                    Object a = appendedColumns[c];
                    switch (types[c]) {
                        case INT32 -> b.ints(name, Arrays.copyOf((int[]) a, appended));
                        case INT64 -> b.longs(name, Arrays.copyOf((long[]) a, appended));
                        case BOOL -> b.bools(name, Arrays.copyOf((boolean[]) a, appended));
                        case SYMBOL -> b.symbols(name, Arrays.copyOf((String[]) a, appended));
                        case INT_LIST -> b.intLists(name, Arrays.copyOf((int[][]) a, appended));
                        case FLOAT64 -> b.doubles(name, Arrays.copyOf((double[]) a, appended));
                    }
                }
                return b.build();
            }
        }
    }

    /**
     * The changed cells of one column's stored rows: row -> slot in a typed array (no boxing), a
     * slot dropped when its cell goes back to the stored value. One writer thread.
     */
    private static final class Updates {
        private final ColumnType type;
        private final Int2IntHashMap slots = new Int2IntHashMap(-1);
        private int[] rows = new int[16];
        private boolean[] dropped = new boolean[16];
        /** The typed values by slot: int[], long[], boolean[], String[] or int[][]. */
        Object values;
        private int count;
        /** Slots holding a cell to write. */
        int live;
        /** The slot {@link #slot} returned last. */
        int last;

        Updates(ColumnType type) {
            this.type = type;
            this.values = switch (type) {
                case INT32 -> new int[16];
                case INT64 -> new long[16];
                case BOOL -> new boolean[16];
                case SYMBOL -> new String[16];
                case INT_LIST -> new int[16][];
                case FLOAT64 -> throw new IllegalStateException("no fact column is FLOAT64");
            };
        }

        /** The values array, with {@link #last} set to {@code row}'s slot (made, or revived, for it). */
        Object slot(int row) {
            int s = slots.get(row);
            if (s < 0) {
                if (count == rows.length) {
                    grow();
                }
                s = count++;
                slots.put(row, s);
                rows[s] = row;
                live++;
            } else if (dropped[s]) {
                dropped[s] = false;
                live++;
            }
            last = s;
            return values;
        }

        void drop(int row) {
            int s = slots.get(row);
            if (s >= 0 && !dropped[s]) {
                dropped[s] = true;
                live--;
            }
        }

        /** The live slots as {@code (row << 32) | slot}, by ascending row. */
        long[] byRow() {
            long[] out = new long[live];
            int k = 0;
            for (int s = 0; s < count; s++) {
                if (!dropped[s]) {
                    out[k++] = ((long) rows[s] << 32) | s;
                }
            }
            Arrays.sort(out);
            return out;
        }

        private void grow() {
            int n = rows.length * 2;
            rows = Arrays.copyOf(rows, n);
            dropped = Arrays.copyOf(dropped, n);
            values = switch (type) {
                case INT32 -> Arrays.copyOf((int[]) values, n);
                case INT64 -> Arrays.copyOf((long[]) values, n);
                case BOOL -> Arrays.copyOf((boolean[]) values, n);
                case SYMBOL -> Arrays.copyOf((String[]) values, n);
                case INT_LIST -> Arrays.copyOf((int[][]) values, n);
                case FLOAT64 -> throw new IllegalStateException("no fact column is FLOAT64");
            };
        }
    }
}
