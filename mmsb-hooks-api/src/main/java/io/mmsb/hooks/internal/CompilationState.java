package io.mmsb.hooks.internal;

import io.mmsb.hooks.Attribution;
import io.mmsb.hooks.BlockFact;
import io.mmsb.hooks.CfgEdge;
import io.mmsb.hooks.Epoch;
import io.mmsb.hooks.Fact;
import io.mmsb.hooks.FactSink;
import io.mmsb.hooks.HookMisuseException;
import io.mmsb.hooks.InvalidationFact;
import io.mmsb.hooks.IrNode;
import io.mmsb.hooks.IrSnapshot;
import io.mmsb.hooks.NodeId;
import io.mmsb.hooks.Provenance;
import io.mmsb.hooks.ScopeFact;
import io.mmsb.hooks.Stage;
import io.mmsb.hooks.SymbolFact;
import io.mmsb.hooks.TypeFact;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.agrona.collections.LongHashSet;
import java.util.RandomAccess;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The state of one compilation inside the {@code Hooks} facade: unit lifecycle, the ids seen so
 * far (to reject unknown ids), validation of every fact, and the epoch buffers.
 *
 * <p>Thread rules: calls for different units may come from different threads at once; calls for
 * one unit must not overlap (each unit is driven by one thread at a time). Validation happens
 * before anything is buffered, so a rejected call changes nothing. Ownership: created and
 * dropped by the facade; holds only facts (strings, numbers, ids), never compiler objects.
 */
public final class CompilationState {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final String id;
    private final EpochScheduler scheduler = new EpochScheduler();
    private final Set<String> openUnits = ConcurrentHashMap.newKeySet();
    private final Set<String> endedUnits = ConcurrentHashMap.newKeySet();
    /**
     * Per unit: the ids of each of its calls so far, one set per call (a call's own set is never
     * copied into another), as 64-bit fingerprints ({@link #fingerprint}) in primitive sets: no
     * id object is kept alive for the whole compilation, and no map entry is allocated per node.
     */
    private final ConcurrentHashMap<String, List<LongHashSet>> nodesByUnit = new ConcurrentHashMap<>();
    private final Set<String> symbols;
    private final Set<String> types;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    /** Where facts go as each call returns (streaming), or null: buffered until the end, in canonical order. */
    private final FactSink stream;

    public CompilationState(String id) {
        this(id, null);
    }

    /**
     * A compilation whose facts go to {@code stream} as each hook call returns (call order), or,
     * with {@code stream} null, are buffered and released in canonical order at the end.
     */
    public CompilationState(String id, FactSink stream) {
        this.id = id;
        this.stream = stream;
        // streaming calls are serialised by the facade: plain sets are enough (and cheaper to fill)
        this.symbols = stream != null ? new HashSet<>() : ConcurrentHashMap.newKeySet();
        this.types = stream != null ? new HashSet<>() : ConcurrentHashMap.newKeySet();
    }

    /** Whether facts are handed on as each call returns. */
    public boolean streaming() {
        return stream != null;
    }

    public String id() {
        return id;
    }

    public boolean stopped() {
        return stopped.get();
    }

    /** Stops recording; returns true for the first failure only (so it is logged once). */
    public boolean stop() {
        stopped.set(true);
        scheduler.clear();
        nodesByUnit.clear();
        return failureLogged.compareAndSet(false, true);
    }

    public EpochScheduler scheduler() {
        return scheduler;
    }

    public void unitBegin(String unit, String sourceSha256) {
        text("unit", unit);
        if (unit.isEmpty()) throw misuse("unit name must not be empty");
        if (sourceSha256 == null || !(sourceSha256.isEmpty() || SHA256.matcher(sourceSha256).matches())) {
            throw misuse("unit " + unit + ": source hash must be 64 lower-case hex digits or \"\"");
        }
        if (endedUnits.contains(unit) || !openUnits.add(unit)) {
            throw misuse("unit " + unit + " already begun in compilation " + id);
        }
        // streaming calls are serialised by the facade: a plain list is enough; otherwise another
        // unit's thread may read this list (a reference into this unit) while it grows
        nodesByUnit.put(unit, stream != null ? new ArrayList<>() : new CopyOnWriteArrayList<>());
    }

    public void unitEnd(String unit) {
        requireOpen(unit);
        openUnits.remove(unit);
        endedUnits.add(unit);
    }

    /** Units begun but not ended, sorted. */
    public List<String> openUnits() {
        List<String> units = new ArrayList<>(openUnits);
        units.sort(null);
        return units;
    }

    public void parse(String unit, List<IrNode> nodes) {
        requireOpen(unit);
        list("nodes", nodes);
        LongHashSet local = nodeIds(unit, Stage.PARSE, nodes);
        checkNodes(unit, nodes, local, Set.of(), Stage.PARSE);
        commit(unit, local, new Epoch(id, unit, Stage.PARSE, 0, ""), nodes);
    }

    public void attribution(String unit, Attribution a) {
        requireOpen(unit);
        if (a == null) throw misuse("attribution must not be null");
        list("nodes", a.nodes());
        list("symbols", a.symbols());
        list("types", a.types());
        list("scopes", a.scopes());
        Set<String> localTypes = new HashSet<>();
        for (TypeFact t : a.types()) {
            text("type id", t.id());
            text("type descriptor", t.descriptor());
            localTypes.add(t.id());
        }
        Set<String> localSymbols = new HashSet<>();
        for (SymbolFact s : a.symbols()) {
            text("symbol id", s.id());
            text("symbol name", s.name());
            text("symbol kind", s.kind());
            text("symbol owner", s.owner());
            text("symbol modifiers", s.modifiers());
            knownType(s.typeId(), localTypes);
            localSymbols.add(s.id());
        }
        for (ScopeFact s : a.scopes()) {
            text("scope id", s.id());
            text("scope kind", s.kind());
            text("scope parent", s.parentId());
            text("scope owner", s.ownerId());
        }
        LongHashSet local = nodeIds(unit, Stage.ATTRIBUTION, a.nodes());
        checkNodes(unit, a.nodes(), local, localTypes, Stage.ATTRIBUTION);
        for (IrNode n : a.nodes()) {
            if (!n.symbolId().isEmpty() && !localSymbols.contains(n.symbolId()) && !symbols.contains(n.symbolId())) {
                throw misuse("node " + n.id() + " refers to unknown symbol " + n.symbolId());
            }
        }
        List<Fact> all = new ArrayList<>(a.types().size() + a.symbols().size() + a.scopes().size() + a.nodes().size());
        all.addAll(a.types());
        all.addAll(a.symbols());
        all.addAll(a.scopes());
        all.addAll(a.nodes());
        types.addAll(localTypes);
        symbols.addAll(localSymbols);
        commit(unit, local, new Epoch(id, unit, Stage.ATTRIBUTION, 0, ""), all);
    }

    public void ir(String unit, Stage stage, int passIndex, String pass, IrSnapshot ir) {
        requireOpen(unit);
        if (ir == null) throw misuse("IR snapshot must not be null");
        if (passIndex < 0) throw misuse("pass index must be >= 0, was " + passIndex);
        text("pass name", pass);
        if (stage == Stage.OPTIMIZATION && pass.isBlank()) throw misuse("an optimization pass needs a name");
        list("nodes", ir.nodes());
        list("blocks", ir.blocks());
        list("edges", ir.edges());
        LongHashSet local = nodeIds(unit, stage, ir.nodes());
        checkNodes(unit, ir.nodes(), local, Set.of(), stage);
        Set<NodeId> blocks = new HashSet<>();
        for (BlockFact b : ir.blocks()) {
            unitOf(unit, b.id(), "block");
            list("block nodes", b.nodes());
            for (NodeId n : b.nodes()) known(unit, n, local, "block ", b.id());
            blocks.add(b.id());
        }
        for (CfgEdge e : ir.edges()) {
            text("edge kind", e.kind());
            if (e.from() == null || !blocks.contains(e.from())) throw misuse("edge from unknown block " + e.from());
            if (e.to() == null || !blocks.contains(e.to())) throw misuse("edge to unknown block " + e.to());
        }
        List<Fact> all = new ArrayList<>(ir.nodes().size() + ir.blocks().size() + ir.edges().size());
        all.addAll(ir.nodes());
        all.addAll(ir.blocks());
        all.addAll(ir.edges());
        commit(unit, local, new Epoch(id, unit, stage, passIndex, pass), all);
    }

    public void invalidation(String unit, List<InvalidationFact> facts) {
        text("unit", unit);
        if (!unit.isEmpty()) requireOpen(unit);
        list("invalidations", facts);
        for (InvalidationFact f : facts) {
            text("invalidation cause", f.cause());
            text("invalidated entity", f.invalidated());
            text("invalidation reason", f.reason());
        }
        deliver(new Epoch(id, unit, Stage.INVALIDATION, 0, ""), facts);
    }

    private void commit(String unit, LongHashSet local, Epoch epoch, List<? extends Fact> facts) {
        if (!local.isEmpty()) {
            nodesByUnit.get(unit).add(local);
        }
        deliver(epoch, facts);
    }

    private void deliver(Epoch epoch, List<? extends Fact> facts) {
        if (stream == null) {
            scheduler.add(epoch, facts);
        } else if (!facts.isEmpty()) {
            stream.epoch(epoch, List.copyOf(facts));
        }
    }

    private LongHashSet nodeIds(String unit, Stage stage, List<IrNode> nodes) {
        LongHashSet local = new LongHashSet(Math.max(8, nodes.size() * 2));
        for (IrNode n : nodes) {
            if (n == null) throw misuse("null node");
            unitOf(unit, n.id(), "node");
            if (n.stage() != stage) throw misuse("node " + n.id() + " has stage " + n.stage() + ", expected " + stage);
            local.add(fingerprint(n.id()));
        }
        return local;
    }

    /**
     * A 64-bit fingerprint of an id, from its parts' string hashes (which strings cache): equal ids
     * have equal fingerprints; two different ids of one compilation share one with a probability
     * of about n^2 / 2^64 for n ids (below 1e-8 for a million), in which case a reference to a
     * node never reported would pass this check (the sink would then record it as a node of its
     * own). Null parts hash as 0 (such an id is reported elsewhere).
     */
    static long fingerprint(NodeId id) {
        long h = mix(Objects.hashCode(id.unit()) & 0xFFFFFFFFL);
        h = mix(h ^ (Objects.hashCode(id.member()) & 0xFFFFFFFFL) * 0x9E3779B97F4A7C15L);
        h = mix(h ^ (Objects.hashCode(id.path()) & 0xFFFFFFFFL) * 0xC2B2AE3D27D4EB4FL);
        return mix(h ^ lengths(id));
    }

    private static long lengths(NodeId id) {
        return (id.unit() == null ? 0 : id.unit().length()) | (long) (id.member() == null ? 0 : id.member().length()) << 21
            | (long) (id.path() == null ? 0 : id.path().length()) << 42;
    }

    /** MurmurHash3's 64-bit finaliser: spreads every input bit over the output. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    private void checkNodes(String unit, List<IrNode> nodes, LongHashSet local, Set<String> localTypes, Stage stage) {
        for (IrNode n : nodes) {
            text("node kind", n.kind());
            text("node detail", n.detail());
            text("node scope id", n.scopeId());
            text("node symbol id", n.symbolId());
            if (stage != Stage.ATTRIBUTION && !n.symbolId().isEmpty() && !symbols.contains(n.symbolId())) {
                throw misuse("node " + n.id() + " refers to unknown symbol " + n.symbolId());
            }
            knownType(n.typeId(), localTypes);
            if (n.parent() == null) throw misuse("node " + n.id() + ": parent must not be null (use NodeId.NONE)");
            if (!n.parent().isNone()) known(unit, n.parent(), local, "parent of ", n.id());
            list("operands", n.operands());
            for (NodeId o : n.operands()) known(unit, o, local, "operand of ", n.id());
            provenance(n.id(), n.provenance());
        }
    }

    private void knownType(String typeId, Set<String> localTypes) {
        text("type id", typeId);
        if (!typeId.isEmpty() && !localTypes.contains(typeId) && !types.contains(typeId)) {
            throw misuse("unknown type id " + typeId);
        }
    }

    /** Checks a reference; the message ({@code what} + {@code of}) is only built for a bad one. */
    private void known(String unit, NodeId ref, LongHashSet local, String what, NodeId of) {
        if (ref == null) throw misuse(what + of + " is null");
        long f = fingerprint(ref);
        if (local.contains(f)) return;
        List<LongHashSet> seen = ref.unit() == null ? null : nodesByUnit.get(ref.unit());
        if (seen != null) {
            for (int i = seen.size() - 1; i >= 0; i--) { // the latest calls first: most references are recent
                if (seen.get(i).contains(f)) return;
            }
        }
        throw misuse(what + of + " refers to unknown node " + ref);
    }

    private final Set<String> validHashes = ConcurrentHashMap.newKeySet();

    private void provenance(NodeId node, Provenance p) {
        if (p == null) throw misuse("node " + node + ": provenance must not be null (use Provenance.NONE)");
        if (p.isNone()) return;
        if (!validHashes.contains(p.sha256())) {
            if (!SHA256.matcher(p.sha256()).matches()) throw misuse("node " + node + ": bad SHA-256 " + p.sha256());
            validHashes.add(p.sha256());
        }
        if (p.start() < -1 || p.end() < -1 || (p.start() >= 0 && p.end() >= 0 && p.end() < p.start())) {
            throw misuse("node " + node + ": bad span [" + p.start() + ", " + p.end() + ")");
        }
    }

    private static void unitOf(String unit, NodeId nid, String what) {
        if (nid == null || nid.unit() == null || nid.member() == null || nid.path() == null) {
            throw misuse(what + " id (or one of its parts) is null");
        }
        if (!nid.unit().equals(unit)) throw misuse(what + " " + nid + " is not in unit " + unit);
    }

    private void requireOpen(String unit) {
        text("unit", unit);
        if (!openUnits.contains(unit)) {
            throw misuse("unit " + unit + (endedUnits.contains(unit) ? " already ended" : " not begun")
                    + " in compilation " + id);
        }
    }

    private static void text(String what, String value) {
        if (value == null) throw misuse(what + " must not be null");
    }

    private static void list(String what, List<?> value) {
        if (value == null) throw misuse(what + " must not be null");
        if (value instanceof RandomAccess) { // no iterator per list (an operand list per node)
            for (int i = 0, n = value.size(); i < n; i++) if (value.get(i) == null) throw misuse(what + " must not contain null");
            return;
        }
        for (Object o : value) if (o == null) throw misuse(what + " must not contain null");
    }

    private static HookMisuseException misuse(String message) {
        return new HookMisuseException(message);
    }
}
