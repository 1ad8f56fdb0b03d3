package io.mmsb.scalac.internal;

import dotty.tools.dotc.CompilationUnit;
import dotty.tools.dotc.core.Contexts;
import dotty.tools.dotc.plugins.PluginPhase;
import dotty.tools.dotc.transform.MegaPhase;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Thread rules: scalac runs phases on its compiling thread only. Ownership: holds its
 * {@link Recorder}, never a tree.
 *
 * <p>A read-only phase placed (by {@code runsBefore} only) right before one phase group: it sees
 * each unit's tree as the previous group left it and hands it to the {@link Recorder}. It
 * overrides {@link #run} so that no tree is rebuilt, and returns the units it was given. The last
 * observer (before the backend) also runs when an earlier phase reported errors, to end the
 * compilation's recording.
 */
public final class Observer extends MegaPhase.MiniPhase implements PluginPhase {
    private final Recorder recorder;
    private final String anchor;
    private final boolean last;
    private final String name;

    public Observer(Recorder recorder, String anchor, int index, boolean last) {
        this.recorder = recorder;
        this.anchor = anchor;
        this.last = last;
        this.name = "mmsbBefore:" + anchor;
    }

    @Override
    public String phaseName() {
        return name;
    }

    @Override
    public String description() {
        return "MMSB: record the trees as the previous phase group left them (read-only)";
    }

    @Override
    public scala.collection.immutable.Set<String> runsBefore() {
        return CollectionConverters.asScala(java.util.Set.of(anchor)).toSet();
    }

    @Override
    public boolean isRunnable(Contexts.Context ctx) {
        return last || super.isRunnable(ctx);
    }

    @Override
    public boolean isCheckable() {
        return false;
    }

    /** Whether this observer ends the compilation's recording. */
    public boolean isLast() {
        return last;
    }

    @Override
    public void run(Contexts.Context ctx) {
        recorder.observe(this, ctx);
    }

    @Override
    public scala.collection.immutable.List<CompilationUnit> runOn(scala.collection.immutable.List<CompilationUnit> units,
                                                                 Contexts.Context ctx) {
        try {
            return super.runOn(units, ctx);
        } finally {
            if (last) recorder.end();
        }
    }
}
