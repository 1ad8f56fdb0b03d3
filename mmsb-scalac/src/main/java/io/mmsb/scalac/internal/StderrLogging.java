package io.mmsb.scalac.internal;

import java.io.PrintStream;
import java.util.ServiceLoader;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the scalac plugin when scalac's JVM has none: warnings and errors (an
 * MMSB failure, logged once per compilation, after which the compilation goes on unrecorded) go
 * to standard error as {@code [mmsb] WARN ...} lines; nothing below WARN is printed. Without it
 * SLF4J would print its three "No SLF4J providers were found" lines into every scalac run.
 *
 * <p>Thread rules: thread-safe (stateless loggers; each line is one {@code println}). It is not
 * listed in {@code META-INF/services}: {@link #installIfNone} selects it through SLF4J's
 * {@code slf4j.provider} property only when no other provider is visible, so a host that has its
 * own (the mmsb command's slf4j-simple, a build tool's) keeps it, and SLF4J never sees two.
 */
public final class StderrLogging implements SLF4JServiceProvider {
    private static final String PROVIDER = "slf4j.provider";
    private static final String VERBOSITY = "slf4j.internal.verbosity";
    private final ILoggerFactory factory = name -> new StderrLogger(name);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** Public no-argument constructor (SLF4J instantiates providers reflectively). */
    public StderrLogging() {}

    /**
     * Initialises SLF4J with this provider when no provider is visible to SLF4J's class loader and
     * none is named by {@code slf4j.provider}: that property (and SLF4J's own verbosity, so that it
     * does not announce the provider) is set only for the duration of that initialisation (SLF4J
     * reads them once per class loader) and then restored. Never throws.
     */
    public static void installIfNone() {
        try {
            if (System.getProperty(PROVIDER) != null) return;
            ClassLoader loader = LoggerFactory.class.getClassLoader();
            if (ServiceLoader.load(SLF4JServiceProvider.class, loader).iterator().hasNext()) return;
            if (loader != StderrLogging.class.getClassLoader()) return; // SLF4J could not load this class by name
            String verbosity = System.getProperty(VERBOSITY);
            System.setProperty(PROVIDER, StderrLogging.class.getName());
            System.setProperty(VERBOSITY, "WARN"); // not SLF4J's note that it loads the named provider
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

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up
    }

    /** WARN and ERROR to standard error; the levels below are off. */
    static final class StderrLogger extends AbstractLogger {
        private static final long serialVersionUID = 1L;

        StderrLogger(String name) {
            this.name = name;
        }

        @Override public boolean isTraceEnabled() { return false; }
        @Override public boolean isTraceEnabled(Marker marker) { return false; }
        @Override public boolean isDebugEnabled() { return false; }
        @Override public boolean isDebugEnabled(Marker marker) { return false; }
        @Override public boolean isInfoEnabled() { return false; }
        @Override public boolean isInfoEnabled(Marker marker) { return false; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isWarnEnabled(Marker marker) { return true; }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public boolean isErrorEnabled(Marker marker) { return true; }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments, Throwable t) {
            PrintStream err = System.err;
            String text = MessageFormatter.basicArrayFormat(message, arguments);
            StringBuilder line = new StringBuilder("[mmsb] ").append(level).append(' ').append(text);
            if (t != null) line.append(": ").append(t);
            err.println(line);
        }
    }
}
