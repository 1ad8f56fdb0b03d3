package io.mmsb.javac.internal;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import io.mmsb.hooks.Epoch;
import io.mmsb.hooks.Fact;
import io.mmsb.hooks.FactSink;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.tools.Diagnostic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a compilation's recording ends with, said through javac's own diagnostics: one NOTE
 * {@code MMSB: recorded <id> (<n> units, <n> facts[, <n> API members changed], +<n> KB) in <store>}
 * (the API members added, removed or changed against the previous compilation when there is one;
 * the store's growth when it is a directory) when the sink received the
 * whole compilation, else one WARNING (or NOTE with {@code failure=note}, for builds run with
 * {@code -Werror}) {@code MMSB: not recorded <id>: <cause>; the compilation itself is unaffected}.
 * The stack trace goes to SLF4J at debug level only. The diagnostic has no source position: it
 * is printed through {@link Trees#printMessage} with a root whose source file is unknown.
 *
 * <p>Thread rules: confined to javac's compiling thread (the sink side runs inside
 * {@code Hooks.compilationEnd}, on the same thread). Ownership: wraps, never owns, the sink.
 */
public final class Report implements FactSink {
    private static final Logger LOG = LoggerFactory.getLogger(Report.class);

    private final FactSink sink;
    private final String store;
    private final boolean failureAsNote;
    private final Set<String> units = new HashSet<>();
    private long facts;
    private boolean ended;
    private String cause;
    private int apiChanges = -1;
    private long sizeBefore;

    public Report(FactSink sink, String store, boolean failureAsNote) {
        this.sink = sink;
        this.store = store;
        this.failureAsNote = failureAsNote;
        this.sizeBefore = size(store);
    }

    /** How many API members the compilation added, removed or changed against the previous one. */
    public void apiChanges(int n) {
        apiChanges = n;
    }

    /** The bytes of the store directory's files, or -1 when {@code store} is not a directory. */
    private static long size(String store) {
        try {
            if (store == null || store.isEmpty()) return -1;
            Path dir = Path.of(store);
            if (!Files.isDirectory(dir)) return 0;
            try (var files = Files.list(dir)) {
                return files.filter(Files::isRegularFile).mapToLong(f -> {
                    try {
                        return Files.size(f);
                    } catch (IOException e) {
                        return 0;
                    }
                }).sum();
            }
        } catch (RuntimeException | IOException e) {
            return -1;
        }
    }

    /** The first failure of the compilation (later ones are consequences). */
    public void failed(String where, Throwable t) {
        if (cause == null) {
            cause = describe(t) + (where == null || where.isEmpty() ? "" : " (in " + where + ")");
            LOG.debug("MMSB: recording failed in {}", where, t);
        }
    }

    /** A failure described in one line: the innermost message worth showing. */
    public static String describe(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c && (c.getMessage() == null || c instanceof InvocationTargetException)) {
            c = c.getCause();
        }
        String m = c.getMessage();
        String text = m == null || m.isBlank() ? c.getClass().getName() : m;
        return text.replace('\n', ' ').strip();
    }

    /** Says, once, how the recording of compilation {@code id} ended; {@code anchor} is any tree of the compilation. */
    public void tell(Trees trees, Tree anchor, String id, boolean sinkAvailable) {
        String message;
        Diagnostic.Kind kind;
        if (ended && cause == null) {
            kind = Diagnostic.Kind.NOTE;
            long after = size(store);
            String api = apiChanges < 0 ? "" : String.format(Locale.ROOT, ", %,d API member%s changed", apiChanges, apiChanges == 1 ? "" : "s");
            String growth = sizeBefore < 0 || after < 0 || !Files.isDirectory(Path.of(store)) ? ""
                    : String.format(Locale.ROOT, ", +%,d KB", (Math.max(0, after - sizeBefore) + 1023) / 1024);
            message = String.format(Locale.ROOT, "MMSB: recorded %s (%,d unit%s, %,d facts%s%s) in %s", id, units.size(),
                    units.size() == 1 ? "" : "s", facts, api, growth, store);
            sizeBefore = after;
        } else if (!sinkAvailable && cause == null) {
            return; // store=none: nothing was meant to be recorded
        } else {
            kind = failureAsNote ? Diagnostic.Kind.NOTE : Diagnostic.Kind.WARNING;
            message = "MMSB: not recorded " + id + ": " + (cause != null ? cause : "recording stopped") + "; the compilation itself is unaffected";
        }
        reset();
        print(trees, anchor, kind, message);
    }

    /** Prints {@code message} through javac's log without a source position, or through SLF4J when no tree is at hand. */
    public static void print(Trees trees, Tree anchor, Diagnostic.Kind kind, String message) {
        if (trees == null || anchor == null) {
            if (kind == Diagnostic.Kind.NOTE) LOG.info(message);
            else LOG.warn(message);
            return;
        }
        CompilationUnitTree nowhere = (CompilationUnitTree) Proxy.newProxyInstance(Report.class.getClassLoader(),
                new Class<?>[] {CompilationUnitTree.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "no source";
                    default -> null;
                });
        trees.printMessage(kind, message, anchor, nowhere);
    }

    private void reset() {
        apiChanges = -1;
        units.clear();
        facts = 0;
        ended = false;
        cause = null;
    }

    @Override
    public void begin(String compilation) {
        units.clear();
        facts = 0;
        ended = false;
        sink.begin(compilation);
    }

    @Override
    public void epoch(Epoch epoch, List<Fact> list) {
        try {
            sink.epoch(epoch, list);
        } catch (RuntimeException | Error e) {
            failed("the store", e);
            throw e;
        }
        if (!epoch.unit().isEmpty()) units.add(epoch.unit());
        facts += list.size();
    }

    @Override
    public void end(String compilation) {
        try {
            sink.end(compilation);
        } catch (RuntimeException | Error e) {
            failed("the store", e);
            throw e;
        }
        ended = true;
    }

    @Override
    public void abort(String compilation, String reason) {
        sink.abort(compilation, reason);
    }
}
