package io.mmsb.javac;

import com.sun.source.util.JavacTask;
import com.sun.source.util.Plugin;
import io.mmsb.hooks.Hooks;
import io.mmsb.javac.internal.ApiDiffSink;
import io.mmsb.javac.internal.ApiHistory;
import io.mmsb.javac.internal.MmsbTaskListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread rules: javac calls {@link #init} once per task, on the compiling thread; one
 * listener and one {@link Hooks} per task. Arguments: {@code store} picks the sink (see
 * {@link SinkRegistry}); {@code classes} is the class output directory javac writes to (its
 * {@code -d}; without it, the source file's directory, as javac does without {@code -d});
 * {@code id} names the compilation (default {@code javac}); {@code mode} selects
 * {@link Hooks.Mode} (default production); {@code build=full} says the compilation is the whole
 * code base, so classes of files it no longer compiles are recorded as gone
 * ({@link io.mmsb.hooks.StoreSink#wholeCodeBase}; default {@code incremental}).
 *
 * <p>The javac plugin {@code MMSB}: {@code -Xplugin:"MMSB store=DIR [classes=DIR] [id=NAME]
 * [mode=strict|production] [build=full|incremental]"}. It only listens (a {@link com.sun.source.util.TaskListener}); it
 * changes no javac option, returns nothing to javac, and a failure inside it never fails the
 * compilation.
 */
public final class MmsbPlugin implements Plugin {
    private static final Logger LOG = LoggerFactory.getLogger(MmsbPlugin.class);

    /** APIs of earlier compilations into sinks without a store, for this plugin instance's life. */
    private final ApiHistory history;

    /** Public no-argument constructor for ServiceLoader. */
    public MmsbPlugin() {
        this(new ApiHistory());
    }

    /** A plugin that diffs compilations into sinks without a store against {@code history} (tests keep one across compilations). */
    MmsbPlugin(ApiHistory history) {
        this.history = history;
    }

    @Override
    public String getName() {
        return "MMSB";
    }

    @Override
    public void init(JavacTask task, String... args) {
        try {
            String store = null;
            String classes = null;
            String id = "javac";
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
                    default -> LOG.warn("MMSB plugin: unknown argument {} ignored", arg);
                }
            }
            io.mmsb.hooks.FactSink sink = SinkRegistry.open(store);
            if (full && sink instanceof io.mmsb.hooks.StoreSink s) s.wholeCodeBase();
            if (sink != io.mmsb.hooks.FactSink.NOOP) { // invalidations and all recording work on a writer thread
                sink = io.mmsb.hooks.AsyncSink.of(new ApiDiffSink(sink, history, store));
            }
            Hooks hooks = Hooks.create(sink, mode, Hooks.Ordering.CALL_ORDER);
            task.addTaskListener(new MmsbTaskListener(task, hooks, id, classes));
        } catch (Throwable t) {
            LOG.warn("MMSB plugin could not start; compiling without it", t);
        }
    }
}
