package io.mmsb.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * What every verb shares: {@code --help} / {@code -h} on every verb and {@code mmsb help VERB};
 * whether stderr is a terminal (progress lines with {@code \r} only there, whole lines when piped);
 * the Arrow allocation property when started as {@code java -jar} without it; what counts as "no
 * store".
 *
 * <p>Thread rules: stateless, called before the command runs.
 */
final class Cli {
    /** Whether the process talks to a terminal: progress lines are redrawn with {@code \r} only then. */
    static final boolean INTERACTIVE = System.console() != null && System.console().isTerminal();

    private Cli() {}

    /** {@code mmsb help VERB} and {@code mmsb VERB --help} for every verb. */
    static void setUp(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!sub.getCommandSpec().mixinStandardHelpOptions()) sub.getCommandSpec().mixinStandardHelpOptions(true);
        }
        cl.addSubcommand("help", new CommandLine.HelpCommand());
    }

    /**
     * Arrow's allocator: MMSB's scripts pass {@code -Darrow.allocation.manager.type=Unsafe}; a
     * {@code java -jar} start without it gets the same (Arrow reads it once, on first use).
     */
    static void beforeArrow() {
        if (System.getProperty("arrow.allocation.manager.type") == null) {
            System.setProperty("arrow.allocation.manager.type", "Unsafe");
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.arrow") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.arrow", "warn");
        }
    }

    /** An existing folder with nothing in it: no store (reading it must not create one, nor a lock file). */
    static boolean isEmptyFolder(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false; // let the store's open say what is wrong
        }
    }
}
