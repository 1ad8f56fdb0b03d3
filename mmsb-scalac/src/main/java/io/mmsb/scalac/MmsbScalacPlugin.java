package io.mmsb.scalac;

import dotty.tools.dotc.Compiler;
import dotty.tools.dotc.core.Phases;
import dotty.tools.dotc.plugins.Plugin;
import dotty.tools.dotc.plugins.PluginPhase;
import dotty.tools.dotc.plugins.StandardPlugin;
import io.mmsb.hooks.Hooks;
import io.mmsb.scalac.internal.Observer;
import io.mmsb.scalac.internal.Recorder;
import io.mmsb.scalac.internal.StderrLogging;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Thread rules: scalac creates one instance per compiler set-up and calls {@link #init} on its
 * compiling thread. Ownership: the phases it returns share one {@link Recorder}, which keeps only
 * strings and facts between callbacks, never a tree, symbol or type.
 *
 * <p>The Scala 3 plugin {@code mmsb} (built against scala3-compiler_3 3.3.x, the LTS line):
 * {@code scalac -Xplugin:<jar> -P:mmsb:store=DIR [-P:mmsb:id=NAME] [-P:mmsb:mode=strict|production]
 * [-P:mmsb:build=full|incremental]}. It adds one read-only phase before each phase group of the
 * standard plan (after the parser, typer, posttyper, pickler, ..., the groups ending in erasure,
 * lambdaLift, ...), which hands the facts of each unit's tree to {@link Hooks}. It never changes a
 * tree, a symbol or an option, and a failure inside it never fails the compilation.
 */
public final class MmsbScalacPlugin implements StandardPlugin {
    static {
        StderrLogging.installIfNone(); // before the first logger: no SLF4J "no providers" lines in scalac's output
    }

    private static final Logger LOG = LoggerFactory.getLogger(MmsbScalacPlugin.class);

    /** Public no-argument constructor (scalac instantiates plugins reflectively). */
    public MmsbScalacPlugin() {
        Plugin.$init$(this);
    }

    @Override
    public String name() {
        return "mmsb";
    }

    @Override
    public String description() {
        return "records the compiler's facts after every phase group into an MMSB store (read-only)";
    }

    private Option<String> optionsHelp = Option.apply(
        "  -P:mmsb:store=DIR        the MMSB store directory (none: record nothing)\n"
            + "  -P:mmsb:id=NAME          the compilation's name in the store (default scala3)\n"
            + "  -P:mmsb:mode=strict      misuse of the hooks is an error inside MMSB (default production)\n"
            + "  -P:mmsb:build=full       the sources are the whole code base");

    @Override
    public Option<String> optionsHelp() {
        return optionsHelp;
    }

    @Override
    public void dotty$tools$dotc$plugins$Plugin$_setter_$optionsHelp_$eq(Option x) {
        @SuppressWarnings("unchecked") Option<String> o = (Option<String>) x;
        this.optionsHelp = o;
    }

    @Override
    public scala.collection.immutable.List<PluginPhase> init(scala.collection.immutable.List<String> options) {
        try {
            Map<String, String> opts = new HashMap<>();
            for (String o : CollectionConverters.asJava(options)) {
                int eq = o.indexOf('=');
                opts.put(eq < 0 ? o : o.substring(0, eq), eq < 0 ? "" : o.substring(eq + 1));
            }
            Hooks.Mode mode = "strict".equalsIgnoreCase(opts.get("mode")) ? Hooks.Mode.STRICT : Hooks.Mode.PRODUCTION;
            Recorder recorder = new Recorder(opts.get("store"), opts.getOrDefault("id", "scala3"), mode,
                "full".equalsIgnoreCase(opts.get("build")));
            List<PluginPhase> phases = observers(recorder);
            return CollectionConverters.asScala(phases).toList();
        } catch (Throwable t) {
            LOG.warn("MMSB plugin could not start; compiling without it", t);
            return scala.collection.immutable.List$.MODULE$.empty();
        }
    }

    /**
     * One observer before each group of the standard plan but the first (so after every group but
     * the backend), anchored with {@code runsBefore} only (a {@code runsAfter} naming a disabled
     * phase trips an assertion). A phase name that is not unique in the plan ({@code preRecheck})
     * anchors before its first occurrence only (scalac inserts before the first group that has it).
     * {@code recheck} and
     * {@code cc}: scalac's run unlinks {@code checkCapturesPhase.prev} (meant to be recheck) and
     * its predecessor as denotation transformers when capture checking is off; a phase of ours in
     * between made it unlink the wrong phase, and the class files changed (a static forwarder
     * appeared in 11 of fansi's classes). Those groups are disabled unless capture checking is on.
     */
    private static final java.util.Set<String> NOT_ANCHORS = java.util.Set.of("recheck", "cc");

    static List<PluginPhase> observers(Recorder recorder) {
        List<List<String>> plan = new ArrayList<>();
        for (scala.collection.immutable.List<Phases.Phase> group : CollectionConverters.asJava(new Compiler().phases())) {
            List<String> g = new ArrayList<>();
            for (Phases.Phase p : CollectionConverters.asJava(group)) {
                g.add(p.phaseName());
            }
            plan.add(g);
        }
        List<String> anchors = new ArrayList<>();
        for (int i = 1; i < plan.size(); i++) {
            String first = plan.get(i).getFirst();
            if (!anchors.contains(first) && !NOT_ANCHORS.contains(first)) anchors.add(first);
        }
        List<PluginPhase> phases = new ArrayList<>();
        for (int i = 0; i < anchors.size(); i++) {
            phases.add(new Observer(recorder, anchors.get(i), i, i == anchors.size() - 1));
        }
        return phases;
    }
}
