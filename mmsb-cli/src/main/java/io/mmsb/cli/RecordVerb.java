package io.mmsb.cli;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import io.mmsb.javac.MmsbPlugin;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mmsb record [--store DIR] [--id NAME] -- <javac arguments>}: compiles with javac
 * in-process, the MMSB plugin recording into the store. The javac arguments need {@code -d DIR}
 * (where the class files go, which the plugin reads back); {@code @argfiles} are expanded. The
 * exit code is javac's; MMSB never changes what javac produces.
 */
@Command(name = "record", description = "Compile with javac and record the compilation's facts into the store.")
final class RecordVerb implements Callable<Integer> {
    @Option(names = "--store", defaultValue = "mmsb-store", description = "store directory (default: ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--full", description = "the sources are the whole code base: classes of files no longer compiled are recorded as gone")
    boolean full;
    @Option(names = "--id", description = "the compilation's name in the store (default: build-N, N one more than the compilations it holds)")
    String id;

    @Option(names = "--compiler", defaultValue = "javac", description = "javac (default) or scala3 (scalac 3.3 in-process with the mmsb-scalac plugin)")
    String compiler;

    @Parameters(arity = "1..*", paramLabel = "JAVAC_ARGS", description = "javac (or scalac) arguments, after --")
    List<String> javacArgs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> args = expand(javacArgs);
        if (compiler.equals("scala3")) {
            return ScalacRecord.record(store, id, full, args, out, err);
        }
        if (!compiler.equals("javac")) {
            err.println("mmsb record: --compiler is javac or scala3, not " + compiler);
            return Main.USAGE;
        }
        List<String> options = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        String classes = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.endsWith(".java") && !a.startsWith("-")) {
                files.add(Path.of(a));
                continue;
            }
            options.add(a);
            if (a.equals("-d") && i + 1 < args.size()) {
                classes = args.get(i + 1);
                options.add(args.get(++i));
            }
        }
        if (classes == null) {
            err.println("mmsb record: the javac arguments need -d DIR (the plugin reads the class files back from there)");
            return Main.USAGE;
        }
        if (files.isEmpty()) {
            err.println("mmsb record: no .java files among the javac arguments");
            return Main.USAGE;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            Files.createDirectories(Path.of(classes));
            JavacTask task = (JavacTask) javac.getTask(err, fm, null, options, null, fm.getJavaFileObjectsFromPaths(files));
            StoreVerbs.Progress progress = new StoreVerbs.Progress(err, "analyzed classes", files.size());
            task.addTaskListener(new TaskListener() { // before the plugin's: the progress line ends before its note
                private int done;

                @Override
                public void finished(TaskEvent e) {
                    if (e.getKind() == TaskEvent.Kind.ANALYZE) {
                        progress.step(++done);
                    } else if (e.getKind() == TaskEvent.Kind.COMPILATION) {
                        progress.done();
                    }
                }
            });
            MmsbPlugin plugin = new MmsbPlugin();
            List<String> pluginArgs = new ArrayList<>(List.of("store=" + store, "classes=" + classes, "mode=production",
                    "build=" + (full ? "full" : "incremental")));
            if (id != null) pluginArgs.add("id=" + id); // else the plugin's default: build-N, deterministic
            plugin.init(task, pluginArgs.toArray(String[]::new));
            String name = plugin.compilationId();
            boolean ok = task.call();
            out.printf("%s: javac %s, %d source files; recorded as compilation '%s' into %s%n", ok ? "ok" : "failed",
                ok ? "succeeded" : "failed", files.size(), name, store);
            return ok ? 0 : 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Expands {@code @file} arguments (whitespace-separated, as javac reads them). */
    static List<String> expand(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("@")) {
                try {
                    for (String t : Files.readString(Path.of(a.substring(1))).split("\\s+")) {
                        if (!t.isBlank()) {
                            out.add(t);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("reading argument file " + a.substring(1) + ": " + e.getMessage(), e);
                }
            } else {
                out.add(a);
            }
        }
        return out;
    }
}
