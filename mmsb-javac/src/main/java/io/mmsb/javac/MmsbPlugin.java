package io.mmsb.javac;

import com.sun.source.util.JavacTask;
import com.sun.source.util.Plugin;
import io.mmsb.delta.ColumnSlice;
import io.mmsb.delta.StateView;
import io.mmsb.hooks.AsyncSink;
import io.mmsb.hooks.FactSink;
import io.mmsb.recorder.FactTables;
import io.mmsb.hooks.Hooks;
import io.mmsb.recorder.StoreSink;
import io.mmsb.javac.internal.ApiDiffSink;
import io.mmsb.javac.internal.ApiHistory;
import io.mmsb.javac.internal.MmsbTaskListener;
import io.mmsb.javac.internal.Report;
import io.mmsb.javac.internal.Slf4j;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The javac plugin {@code MMSB}: {@code -Xplugin:"MMSB store=DIR [classes=DIR] [id=NAME]
 * [mode=strict|production] [build=full|incremental]"}. It only listens (a {@link com.sun.source.util.TaskListener}); it
 * changes no javac option, returns nothing to javac, and a failure inside it never fails the
 * compilation.
 *
 * <p>Thread rules: javac calls {@link #init} once per task, on the compiling thread; one
 * listener and one {@link Hooks} per task. Arguments: {@code store} picks the sink (see
 * {@link SinkRegistry}); {@code classes} is the class output directory javac writes to (its
 * {@code -d}; without it, the source file's directory, as javac does without {@code -d});
 * {@code id} names the compilation (default {@code build-N}, N one more than the compilations the
 * store holds: deterministic, never an earlier compilation's id); {@code failure=note} reports a
 * failed recording as a NOTE instead of a WARNING (for {@code -Werror} builds); {@code mode} selects
 * {@link Hooks.Mode} (default production); {@code build=full} says the compilation is the whole
 * code base, so classes of files it no longer compiles are recorded as gone
 * ({@link io.mmsb.recorder.StoreSink#wholeCodeBase}; default {@code incremental}).
 */
public final class MmsbPlugin implements Plugin {
    static {
        Slf4j.quietWithoutProvider();
    }

    private static final Logger LOG = LoggerFactory.getLogger(MmsbPlugin.class);
    private String compilationId;

    /** APIs of earlier compilations into sinks without a store, for this plugin instance's life. */
    private final ApiHistory history;

    /** Where {@code store=NAME} leads: this plugin's own registry. */
    private final SinkRegistry sinks;

    /** Public no-argument constructor for ServiceLoader: {@code store=DIR} records into the store in DIR. */
    public MmsbPlugin() {
        this(new SinkRegistry());
    }

    /**
     * A plugin whose {@code store=NAME} argument picks a sink from {@code sinks} first (a build
     * tool or a test embedding the plugin with a sink of its own), initialised by the caller
     * ({@code plugin.init(task, args)}) rather than found by {@code -Xplugin}.
     */
    public MmsbPlugin(SinkRegistry sinks) {
        this(new ApiHistory(), sinks);
    }

    /** A plugin that diffs compilations into sinks without a store against {@code history} (tests keep one across compilations). */
    MmsbPlugin(ApiHistory history, SinkRegistry sinks) {
        this.history = history;
        this.sinks = sinks;
    }

    @Override
    public String getName() {
        return "MMSB";
    }

    /** The id the compilation is recorded under (after {@link #init}; {@code null} if the plugin could not start). */
    public String compilationId() {
        return compilationId;
    }

    @Override
    public void init(JavacTask task, String... args) {
        String store = null;
        String id = null;
        boolean failureAsNote = false;
        try {
            String classes = null;
            Hooks.Mode mode = Hooks.Mode.PRODUCTION;
            boolean full = false;
            for (String arg : args) {
                int eq = arg.indexOf('=');
                String key = eq < 0 ? arg : arg.substring(0, eq);
                String value = eq < 0 ? "" : arg.substring(eq + 1);
                switch (key) {
                    case "store" -> store = value;
                    case "classes" -> classes = value;
                    case "id" -> id = value;
                    case "mode" -> mode = "strict".equalsIgnoreCase(value) ? Hooks.Mode.STRICT : Hooks.Mode.PRODUCTION;
                    case "build" -> full = "full".equalsIgnoreCase(value);
                    case "failure" -> failureAsNote = "note".equalsIgnoreCase(value);
                    default -> LOG.warn("MMSB plugin: unknown argument {} ignored", arg);
                }
            }
            FactSink sink = sinks.open(store);
            if (id == null || id.isBlank()) id = defaultId(sink);
            compilationId = id;
            if (full && sink instanceof StoreSink s) s.wholeCodeBase();
            boolean recording = sink != FactSink.NOOP;
            Report report;
            if (recording) { // facts stream from javac's thread; invalidations and all store work on a writer thread
                Report[] self = new Report[1];
                FactSink writer = AsyncSink.of(new ApiDiffSink(sink, history, store, n -> self[0].apiChanges(n)));
                report = self[0] = new Report(writer, store, failureAsNote);
            } else {
                report = new Report(sink, store, failureAsNote);
            }
            Hooks hooks = Hooks.create(report, mode, Hooks.Ordering.CALL_ORDER);
            task.addTaskListener(new MmsbTaskListener(task, hooks, id, classes).reportingTo(report, recording));
        } catch (Throwable t) {
            compilationId = null;
            LOG.debug("MMSB plugin could not start", t);
            try {
                Report failed = new Report(FactSink.NOOP, store, failureAsNote);
                failed.failed("", t);
                task.addTaskListener(MmsbTaskListener.reportOnly(task, failed, id == null ? "this compilation" : id));
            } catch (Throwable ignored) {
                // never reaches javac
            }
        }
    }

    /**
     * The default compilation id: {@code build-N}, N one more than the compilations the store
     * already holds (the first id not taken), so the same sequence of builds gets the same ids
     * and no build overwrites an earlier one. Sinks without a store: {@code javac}.
     */
    static String defaultId(FactSink sink) {
        if (!(sink instanceof StoreSink s)) return "javac";
        StateView v = s.store().latest();
        String table = FactTables.COMPILATIONS.name();
        int n = v.rowCount(table);
        Set<String> taken = new HashSet<>();
        ColumnSlice key = v.column(table, "key");
        for (int r = 0; r < n; r++) taken.add(key.getSymbol(r));
        int next = n + 1;
        while (taken.contains("build-" + next)) next++;
        return "build-" + next;
    }
}
