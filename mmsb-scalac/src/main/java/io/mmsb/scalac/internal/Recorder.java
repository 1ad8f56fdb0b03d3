package io.mmsb.scalac.internal;

import dotty.tools.dotc.CompilationUnit;
import dotty.tools.dotc.ast.Trees;
import dotty.tools.dotc.core.Contexts;
import dotty.tools.dotc.core.Phases;
import io.mmsb.hooks.Attribution;
import io.mmsb.hooks.FactSink;
import io.mmsb.hooks.Hooks;
import io.mmsb.hooks.IrNode;
import io.mmsb.hooks.IrSnapshot;
import io.mmsb.hooks.NodeId;
import io.mmsb.hooks.Provenance;
import io.mmsb.hooks.Stage;
import io.mmsb.recorder.StoreSink;
import io.mmsb.scalac.ScalacSinks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Thread rules: confined to scalac's compiling thread. Ownership: keeps strings and immutable
 * facts only (per unit: its name, file hash and the facts last handed over), never a compiler
 * object; owns the {@link Hooks} and the sink of the compilation being recorded.
 *
 * <p>Maps scalac's phases onto the hooks. The observer after the parser → {@link Hooks#afterParse};
 * after typer → {@link Hooks#afterAttribution}; after every later group →
 * {@link Hooks#afterPass} with the phase's id as pass index and the name of the group's last phase
 * (erasure and the phases after it too: the hooks order LOWERING before every OPTIMIZATION pass, so
 * using {@code afterLowering} for them would put them before posttyper). Only nodes whose facts
 * changed since the unit's previous observation are handed over; a node the phase group removed is
 * handed over once with kind {@value TreeFacts#ABSENT}; every observation also hands over the unit's
 * phase marker ({@code unit::::#phase}, kind {@value TreeFacts#PHASE}, detail = the phase name), so
 * each observed phase of each unit is one store epoch. Symbols and types first met after typer are
 * registered through an extra {@code afterAttribution} call (the hooks accept new symbols and types
 * only there). Every entry point catches {@link Throwable}: a failure stops the recording
 * ({@link Hooks#adapterFailed}) and never reaches scalac.
 */
public final class Recorder {
    private final String store;
    private final String compilationId;
    private final Hooks.Mode mode;
    private final boolean full;
    private Hooks hooks;
    private boolean begun;
    private int runs;
    /** By source path. */
    private final Map<String, UnitState> units = new HashMap<>();
    private final Set<String> unitNames = new HashSet<>();
    private final TypeNames typeNames = new TypeNames();
    /** The symbol and type ids handed over so far in the compilation (each fact is handed over once). */
    private final Set<String> symbols = new HashSet<>();
    private final Set<String> types = new HashSet<>();
    /** Symbol ids by symbol object (held weakly): a symbol keeps the id of the first observation that met it. */
    private final WeakIdentityMap<dotty.tools.dotc.core.Symbols.Symbol, String> symbolIds = new WeakIdentityMap<>();
    private boolean loggedOutside;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Recorder.class);

    private static volatile boolean reuseSubtrees = true;

    /**
     * Whether extraction takes unchanged subtrees from earlier observations (the default) or walks
     * every tree in full; returns the previous setting. For tests, which compare the two.
     */
    public static boolean reuseSubtrees(boolean on) {
        boolean was = reuseSubtrees;
        reuseSubtrees = on;
        return was;
    }

    public Recorder(String store, String compilationId, Hooks.Mode mode, boolean full) {
        this.store = store;
        this.compilationId = compilationId;
        this.mode = mode;
        this.full = full;
    }

    /** What the recorder keeps about one unit between observations: strings and facts. */
    static final class UnitState {
        final String name;
        final String sha;
        final Map<NodeId, IrNode> last = new LinkedHashMap<>();
        /** The subtrees extracted at earlier observations, by tree object (held weakly). */
        final WeakIdentityMap<Trees.Tree<?>, TreeFacts.Subtree> subtrees = new WeakIdentityMap<>();
        /**
         * The root of the tree last extracted, weakly: scalac's trees are immutable and a phase that
         * changes any node returns a new root, so the same root object means the same facts (the
         * extraction is skipped; only the phase marker is written). Weak: MMSB keeps no compiler
         * object alive between callbacks.
         */
        java.lang.ref.WeakReference<Object> lastRoot = new java.lang.ref.WeakReference<>(null);
        Stage lastStage;

        UnitState(String name, String sha) {
            this.name = name;
            this.sha = sha;
        }
    }

    private void begin() {
        begun = true;
        FactSink sink = ScalacSinks.open(store);
        if (full && sink instanceof StoreSink s) s.wholeCodeBase();
        if (sink != FactSink.NOOP) sink = new ApiSink(sink, api -> ScalacSinks.swapApi(store, api));
        hooks = Hooks.create(sink, mode);
        runs++;
        hooks.compilationBegin(runs == 1 ? compilationId : compilationId + "#" + runs);
    }

    /** One unit, as the phase group before {@code phase} left it. */
    void observe(Observer phase, Contexts.Context ctx) {
        try {
            if (!begun) begin();
            if (hooks == null || !hooks.isRecording() || ctx.reporter().hasErrors()) return;
            Phases.Phase prev = phase.prev();
            if (prev instanceof Observer) return; // the group between was disabled: nothing new to see
            String pass = prev.phaseName();
            Stage stage = pass.equals("parser") ? Stage.PARSE : pass.equals("typer") ? Stage.ATTRIBUTION : Stage.OPTIMIZATION;
            CompilationUnit cu = ctx.compilationUnit();
            if (cu == null) return;
            Trees.Tree<?> tree = stage == Stage.PARSE ? cu.untpdTree() : cu.tpdTree();
            if (tree == null) return;
            UnitState u = units.get(cu.source().path());
            if (u == null) {
                u = newUnit(cu, tree);
                units.put(cu.source().path(), u);
                hooks.unitBegin(u.name, u.sha);
            }
            boolean unchanged = u.lastRoot.get() == tree && u.lastStage == stage;
            TreeFacts facts = new TreeFacts(u.name, u.sha, cu.source(), stage, stage != Stage.PARSE, ctx, typeNames, symbols, types,
                symbolIds, reuseSubtrees ? u.subtrees : new WeakIdentityMap<>());
            List<IrNode> changed = unchanged ? marker(u, stage, pass) : changes(u, facts.extract(tree), stage, pass);
            u.lastRoot = new java.lang.ref.WeakReference<>(tree);
            u.lastStage = stage;
            switch (stage) {
                case PARSE -> hooks.afterParse(u.name, changed);
                case ATTRIBUTION -> hooks.afterAttribution(u.name, new Attribution(changed, facts.newSymbols(), facts.newTypes(), List.of()));
                default -> {
                    if (!facts.newSymbols().isEmpty() || !facts.newTypes().isEmpty()) {
                        hooks.afterAttribution(u.name, new Attribution(List.of(), facts.newSymbols(), facts.newTypes(), List.of()));
                    }
                    hooks.afterPass(u.name, phase.id(), pass, new IrSnapshot(changed, List.of(), List.of()));
                }
            }
        } catch (Throwable t) {
            contain("observing " + phase.phaseName(), t);
        }
    }

    private UnitState newUnit(CompilationUnit cu, Trees.Tree<?> tree) throws java.io.IOException {
        String pkg = TreeFacts.packageOf(tree);
        String file = cu.source().file().name();
        String name = pkg.isEmpty() ? file : pkg.replace('.', '/') + "/" + file;
        String unique = name;
        for (int k = 2; !unitNames.add(unique); k++) unique = name + "~" + k;
        return new UnitState(unique, Provenance.sha256Hex(cu.source().file().toByteArray()));
    }

    /** The nodes that differ from the unit's last observation, the removed ones as ABSENT, and the phase marker. */
    private static List<IrNode> changes(UnitState u, List<IrNode> now, Stage stage, String pass) {
        List<IrNode> out = new ArrayList<>();
        Set<NodeId> seen = new HashSet<>(now.size() * 2);
        for (IrNode n : now) {
            seen.add(n.id());
            IrNode before = u.last.get(n.id());
            if (before == n) continue; // a subtree taken from an earlier extraction, unchanged since
            if (before == null || !sameFacts(before, n)) {
                IrNode now1 = n.stage() == stage ? n : new IrNode(n.id(), stage, n.kind(), n.parent(), n.operands(), n.detail(),
                    n.typeId(), n.symbolId(), n.scopeId(), n.provenance());
                out.add(now1);
                u.last.put(n.id(), now1);
            }
        }
        for (Map.Entry<NodeId, IrNode> e : u.last.entrySet()) {
            NodeId id = e.getKey();
            if (!seen.contains(id) && !e.getValue().kind().equals(TreeFacts.ABSENT) && !id.path().equals(TreeFacts.PHASE_PATH)) {
                IrNode gone = new IrNode(id, stage, TreeFacts.ABSENT, NodeId.NONE, List.of(), "", "", "", "", Provenance.NONE);
                out.add(gone);
                e.setValue(gone);
            }
        }
        out.addAll(marker(u, stage, pass));
        return out;
    }

    /** The unit's phase marker for this observation. */
    private static List<IrNode> marker(UnitState u, Stage stage, String pass) {
        NodeId marker = new NodeId(u.name, "", TreeFacts.PHASE_PATH);
        IrNode m = new IrNode(marker, stage, TreeFacts.PHASE, NodeId.NONE, List.of(), pass, "", "", "", Provenance.NONE);
        u.last.put(marker, m);
        return List.of(m);
    }

    private static boolean sameFacts(IrNode a, IrNode b) {
        return a.kind().equals(b.kind()) && a.parent().equals(b.parent()) && a.operands().equals(b.operands())
            && a.detail().equals(b.detail()) && a.typeId().equals(b.typeId()) && a.symbolId().equals(b.symbolId())
            && a.scopeId().equals(b.scopeId()) && a.provenance().equals(b.provenance());
    }

    /** The compilation ends (after the last observer, or never when scalac stops earlier). */
    void end() {
        if (!begun) return;
        begun = false;
        try {
            if (hooks != null) {
                for (String unit : new TreeMap<>(unitsByName()).keySet()) hooks.unitEnd(unit);
            }
        } catch (Throwable t) {
            contain("ending units", t);
        } finally {
            units.clear();
            unitNames.clear();
            typeNames.clear();
            symbolIds.clear();
            symbols.clear();
            types.clear();
            try {
                if (hooks != null) hooks.compilationEnd();
            } catch (Throwable t) {
                // the hooks contain their own failures; nothing may reach scalac
            }
            hooks = null;
        }
    }

    private Map<String, UnitState> unitsByName() {
        Map<String, UnitState> m = new HashMap<>();
        for (UnitState u : units.values()) m.put(u.name, u);
        return m;
    }

    private void contain(String where, Throwable t) {
        try {
            if (hooks != null) {
                hooks.adapterFailed(where, t);
            } else if (!loggedOutside) {
                loggedOutside = true;
                LOG.warn("MMSB could not record this compilation ({}); the compilation itself goes on", where, t);
            }
        } catch (Throwable ignored) {
            // never reaches scalac
        }
    }
}
