package io.mmsb.hooks;

import io.mmsb.core.ColumnDef;
import io.mmsb.core.TableDef;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.Delta;
import io.mmsb.delta.DeltaBuilder;
import io.mmsb.delta.StateView;
import io.mmsb.delta.Store;
import io.mmsb.delta.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
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
    private static final List<TableDef> PRESENCE = List.of(FactTables.NODES, FactTables.EDGES, FactTables.BLOCKS);

    private final Store store;
    private final AutoCloseable owned;
    private final Map<String, Map<String, Integer>> rows = new HashMap<>();
    private final Map<String, Set<Integer>> seen = new HashMap<>();
    private final Set<String> units = new HashSet<>();
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

    /** A sink that opens (or creates) the store in {@code dir} and closes it when the compilation ends. */
    public static StoreSink open(Path dir) {
        RootAllocator allocator = new RootAllocator();
        try {
            Store store = Store.open(dir, StoreOptions.of(FactTables.SCHEMA, allocator));
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
        firstEpoch = store.nextEpoch();
        units.clear();
        seen.clear();
        rows.clear();
        StateView v = store.latest();
        for (TableDef t : FactTables.SCHEMA.tables()) {
            Map<String, Integer> keys = new HashMap<>();
            ColumnSlice key = v.column(t.name(), "key");
            for (int r = 0; r < v.rowCount(t.name()); r++) {
                keys.put(key.getSymbol(r), r);
            }
            rows.put(t.name(), keys);
            seen.put(t.name(), new HashSet<>());
        }
    }

    @Override
    public void epoch(Epoch epoch, List<Fact> facts) {
        if (!epoch.unit().isEmpty()) {
            units.add(epoch.unit());
        }
        Changes changes = new Changes(store.latest());
        for (Fact f : facts) {
            switch (f) {
                case IrNode n -> {
                    Prov p = Prov.of(n.provenance());
                    if (!p.sha.isEmpty()) {
                        changes.put(FactTables.UNITS, n.unit(), "source_sha256", p.sha);
                    }
                    changes.put(FactTables.NODES, n.id().toString(), "unit", n.unit(), "stage", n.stage().name(), "kind", n.kind(),
                        "parent", n.parent() == null ? -1 : changes.node(n.parent()),
                        "operands", n.operands().stream().mapToInt(changes::node).toArray(),
                        "detail", orEmpty(n.detail()), "type", orEmpty(n.typeId()), "symbol", orEmpty(n.symbolId()), "scope", orEmpty(n.scopeId()),
                        "span_start", p.start, "span_end", p.end, "present", true);
                }
                case SymbolFact s -> changes.put(FactTables.SYMBOLS, s.id(), "name", orEmpty(s.name()), "kind", orEmpty(s.kind()),
                    "owner", orEmpty(s.owner()), "type", orEmpty(s.typeId()), "modifiers", orEmpty(s.modifiers()));
                case TypeFact t -> changes.put(FactTables.TYPES, t.id(), "descriptor", orEmpty(t.descriptor()));
                case ScopeFact s -> changes.put(FactTables.SCOPES, s.id(), "kind", orEmpty(s.kind()), "parent", orEmpty(s.parentId()), "owner", orEmpty(s.ownerId()));
                case CfgEdge e -> changes.put(FactTables.EDGES, e.from() + "->" + e.to() + ":" + e.kind(), "unit", e.from().unit(),
                    "from", changes.node(e.from()), "to", changes.node(e.to()), "kind", orEmpty(e.kind()), "present", true);
                case BlockFact b -> changes.put(FactTables.BLOCKS, b.id().toString(), "unit", b.id().unit(),
                    "nodes", b.nodes().stream().mapToInt(changes::node).toArray(), "present", true);
                case InvalidationFact i -> changes.put(FactTables.INVALIDATIONS, compilation + "|" + i.cause() + "|" + i.invalidated(),
                    "compilation", compilation, "cause", orEmpty(i.cause()), "invalidated", orEmpty(i.invalidated()), "reason", orEmpty(i.reason()));
            }
        }
        changes.commit();
    }

    @Override
    public void end(String compilationId) {
        try {
            Changes gone = new Changes(store.latest());
            StateView v = store.latest();
            for (TableDef t : PRESENCE) {
                ColumnSlice unit = v.column(t.name(), "unit");
                ColumnSlice present = v.column(t.name(), "present");
                Set<Integer> s = seen.get(t.name());
                for (int r = 0; r < v.rowCount(t.name()); r++) {
                    if (present.getBool(r) && !s.contains(r) && (wholeCodeBase || units.contains(unit.getSymbol(r)))) {
                        gone.set(t, r, "present", false);
                    }
                }
            }
            gone.put(FactTables.COMPILATIONS, compilationId, "first_epoch", firstEpoch, "last_epoch", store.nextEpoch());
            gone.commit();
        } finally {
            closeOwned();
        }
    }

    @Override
    public void abort(String compilationId, String reason) {
        closeOwned();
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

    /** Provenance as cells: hash, start, end ("" and -1 when absent). */
    private record Prov(String sha, long start, long end) {
        static Prov of(Provenance p) {
            return p == null ? new Prov("", -1, -1) : new Prov(p.sha256(), p.start(), p.end());
        }
    }

    /**
     * The cells one commit changes: per table, row -> column -> value, only where the value
     * differs from the state; new entities get new rows after the last one.
     */
    private final class Changes {
        private final StateView view;
        private final Map<String, TreeMap<Integer, Map<String, Object>>> cells = new LinkedHashMap<>();
        private final Map<String, Integer> nextRow = new HashMap<>();

        Changes(StateView view) {
            this.view = view;
        }

        /** The row of an entity, allocating one for a key never seen. */
        int row(TableDef t, String key) {
            Map<String, Integer> keys = rows.get(t.name());
            Integer r = keys.get(key);
            if (r == null) {
                r = nextRow.merge(t.name(), 1, Integer::sum) - 1 + view.rowCount(t.name());
                keys.put(key, r);
                set(t, r, "key", key);
            }
            seen.get(t.name()).add(r);
            return r;
        }

        int node(NodeId id) {
            return row(FactTables.NODES, id.toString());
        }

        void put(TableDef t, String key, Object... columnsAndValues) {
            int r = row(t, key);
            for (int i = 0; i < columnsAndValues.length; i += 2) {
                set(t, r, (String) columnsAndValues[i], columnsAndValues[i + 1]);
            }
        }

        void set(TableDef t, int row, String column, Object value) {
            boolean existing = row < view.rowCount(t.name());
            if (existing && Objects.deepEquals(view.column(t.name(), column).get(row), value)) {
                Map<String, Object> pending = cells.getOrDefault(t.name(), new TreeMap<>()).get(row);
                if (pending != null) {
                    pending.remove(column); // back to the stored value
                }
                return;
            }
            cells.computeIfAbsent(t.name(), k -> new TreeMap<>()).computeIfAbsent(row, k -> new LinkedHashMap<>()).put(column, value);
        }

        /** Commits the changed cells as rectangles: new rows as one block, changed rows grouped by column set. */
        void commit() {
            List<Delta> deltas = new ArrayList<>();
            try {
                for (TableDef t : FactTables.SCHEMA.tables()) {
                    TreeMap<Integer, Map<String, Object>> byRow = cells.get(t.name());
                    if (byRow == null) {
                        continue;
                    }
                    byRow.values().removeIf(Map::isEmpty);
                    int rowCount = view.rowCount(t.name());
                    List<Map.Entry<Integer, Map<String, Object>>> run = new ArrayList<>();
                    for (Map.Entry<Integer, Map<String, Object>> e : byRow.entrySet()) {
                        boolean extends_ = !run.isEmpty() && run.get(run.size() - 1).getKey() + 1 == e.getKey()
                            && (e.getKey() >= rowCount ? run.get(0).getKey() >= rowCount : run.get(0).getKey() < rowCount
                                && run.get(0).getValue().keySet().equals(e.getValue().keySet()));
                        if (!extends_ && !run.isEmpty()) {
                            deltas.add(rectangle(t, run));
                            run = new ArrayList<>();
                        }
                        run.add(e);
                    }
                    if (!run.isEmpty()) {
                        deltas.add(rectangle(t, run));
                    }
                }
                if (!deltas.isEmpty()) {
                    store.commit(deltas.toArray(Delta[]::new));
                }
            } finally {
                deltas.forEach(Delta::close);
            }
        }

        private Delta rectangle(TableDef t, List<Map.Entry<Integer, Map<String, Object>>> run) {
            Set<String> columns = new java.util.LinkedHashSet<>();
            for (ColumnDef c : t.columns()) {
                for (Map.Entry<Integer, Map<String, Object>> e : run) {
                    if (e.getValue().containsKey(c.name())) {
                        columns.add(c.name());
                    }
                }
            }
            int first = run.get(0).getKey();
            try (DeltaBuilder b = store.newDelta(t.name(), first, first + run.size(), columns.toArray(String[]::new))) {
                for (Map.Entry<Integer, Map<String, Object>> e : run) {
                    for (Map.Entry<String, Object> cell : e.getValue().entrySet()) {
                        int col = b.col(cell.getKey());
                        switch (cell.getValue()) {
                            case Integer i -> b.setInt(col, e.getKey(), i);
                            case Long l -> b.setLong(col, e.getKey(), l);
                            case Boolean x -> b.setBool(col, e.getKey(), x);
                            case String s -> b.setSymbol(col, e.getKey(), s);
                            case int[] list -> b.setIntList(col, e.getKey(), list);
                            default -> throw new HookException("no cell type for " + cell.getValue().getClass());
                        }
                    }
                }
                return b.build();
            }
        }
    }
}
