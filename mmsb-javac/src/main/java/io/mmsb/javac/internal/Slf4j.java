package io.mmsb.javac.internal;

import java.util.ServiceLoader;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Without an SLF4J provider on javac's processor path, SLF4J prints three "No SLF4J providers
 * were found" lines into every build. MMSB reports through javac's diagnostics instead, so it
 * initialises SLF4J with its no-operation provider in that case: the two system properties are
 * set only for the duration of that initialisation (they are read once per class loader) and
 * restored, so nothing else in the JVM sees them. With a provider (e.g. slf4j-simple) or an
 * explicit {@code slf4j.provider}, nothing changes.
 *
 * <p>Thread rules: called from the plugin's static initialiser (once per class loader).
 */
public final class Slf4j {
    private static final String PROVIDER = "slf4j.provider";
    private static final String VERBOSITY = "slf4j.internal.verbosity";

    private Slf4j() {}

    public static void quietWithoutProvider() {
        try {
            if (System.getProperty(PROVIDER) != null) return;
            ClassLoader loader = Slf4j.class.getClassLoader();
            if (ServiceLoader.load(SLF4JServiceProvider.class, loader).iterator().hasNext()) return;
            String verbosity = System.getProperty(VERBOSITY);
            System.setProperty(PROVIDER, "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty(VERBOSITY, "ERROR");
            try {
                LoggerFactory.getILoggerFactory();
            } finally {
                System.clearProperty(PROVIDER);
                if (verbosity == null) System.clearProperty(VERBOSITY);
                else System.setProperty(VERBOSITY, verbosity);
            }
        } catch (Throwable ignored) {
            // logging set-up must never fail a compilation
        }
    }
}
