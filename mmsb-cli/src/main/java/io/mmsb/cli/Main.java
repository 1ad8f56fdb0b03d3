package io.mmsb.cli;

import io.mmsb.core.MmsbException;
import io.mmsb.delta.CorruptLogException;
import io.mmsb.delta.LogFormatVersionException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mmsb} command ({@code bin/mmsb}): query and check a store. Every verb takes
 * {@code --store DIR} (default: {@code ./mmsb-store}, the embedded store in the current folder).
 * Errors are one clear line on stderr and a non-zero exit code: 1 an MMSB error (a row or key
 * that does not exist included, in every verb that reads one entity: {@code show},
 * {@code history}, {@code phases}, {@code blame}), 2 bad arguments or no store, 3 a damaged
 * store. Never a bare stack trace. Thread rules: {@link #run} may be called from any thread; each
 * call builds its own command line.
 */
@Command(name = "mmsb", mixinStandardHelpOptions = true, version = "mmsb 0.1.0",
    description = "Query the semantic history of a compilation recorded by MMSB.",
    subcommands = {StoreVerbs.Log.class, StoreVerbs.Show.class, StoreVerbs.Diff.class, StoreVerbs.History.class, StoreVerbs.Dump.class,
        StoreVerbs.Verify.class, StoreVerbs.Hash.class, StoreVerbs.Stats.class, PhasesVerb.class, BlameVerb.class, ExportVerb.class, RecordVerb.class, ChangesVerb.class, InvalidationsVerb.class, ImpactVerb.class,
        Main.DemoVerb.class, SqlVerb.class})
public final class Main {
    public static final int MMSB_ERROR = 1;
    public static final int USAGE = 2;
    public static final int DAMAGED = 3;

    private Main() {}

    public static void main(String[] args) {
        Cli.beforeArrow();
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        Cli.setUp(cl);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("mmsb " + line.getCommandName() + ": " + describe(e));
            return e instanceof CorruptLogException || e instanceof LogFormatVersionException ? DAMAGED : MMSB_ERROR;
        });
        if (args.length == 0) {
            cl.usage(err);
            return USAGE;
        }
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            if (Boolean.getBoolean("mmsb.debug")) {
                e.printStackTrace(err);
            }
            err.println("mmsb " + args[0] + ": out of memory (" + e.getMessage() + "); the JVM's heap is too small for this store: raise -Xmx (bin/mmsb reads MMSB_JAVA_OPTS)");
            return MMSB_ERROR;
        }
    }

    static String describe(Throwable e) {
        String what = switch (e) {
            case CorruptLogException c -> "the store is damaged";
            case LogFormatVersionException v -> "the store was written in a format this build cannot read";
            case MmsbException m -> m.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
            default -> e.getClass().getName();
        };
        return what + ": " + e.getMessage();
    }

    @Command(name = "demo", description = "Record a toy compilation (lowering, typing, constant folding) into the store and query it.")
    static final class DemoVerb implements Runnable {
        @CommandLine.Option(names = "--store", defaultValue = "mmsb-store", description = "store directory (default: ${DEFAULT-VALUE})")
        Path store;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter w = spec.commandLine().getOut();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                Demo.run(store, ps);
            } finally {
                w.print(buf.toString(StandardCharsets.UTF_8));
                w.flush();
            }
        }
    }
}
