package io.mmsb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mmsb record --compiler scala3 [--store DIR] [--id NAME] [--full] -- <scalac arguments>}:
 * compiles with scalac 3.3 in-process (a new {@code dotty.tools.dotc.Driver}), the mmsb-scalac
 * plugin ({@code -Xplugin:} its own location, which holds {@code plugin.properties}) recording into
 * the store. The exit code is scalac's (0 without errors); MMSB never changes what scalac produces.
 */
final class ScalacRecord {
    private ScalacRecord() {}

    static int record(Path store, String id, boolean full, List<String> scalacArgs, PrintWriter out, PrintWriter err) {
        if (scalacArgs.stream().noneMatch(a -> a.endsWith(".scala") && !a.startsWith("-"))) {
            err.println("mmsb record: no .scala files among the scalac arguments");
            return Main.USAGE;
        }
        int d = scalacArgs.indexOf("-d");
        if (d >= 0 && d + 1 < scalacArgs.size() && !scalacArgs.get(d + 1).endsWith(".jar")) {
            try {
                Files.createDirectories(Path.of(scalacArgs.get(d + 1))); // scalac wants it to exist
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String name = id != null ? id : "compilation-" + System.currentTimeMillis();
        List<String> args = new ArrayList<>(scalacArgs);
        args.add("-Xplugin:" + pluginLocation());
        args.add("-P:mmsb:store=" + store);
        args.add("-P:mmsb:id=" + name);
        args.add("-P:mmsb:build=" + (full ? "full" : "incremental"));
        boolean ok = compile(args);
        long files = scalacArgs.stream().filter(a -> a.endsWith(".scala")).count();
        out.printf("%s: scalac %s, %d source files; recorded as compilation '%s' into %s%n", ok ? "ok" : "failed",
            ok ? "succeeded" : "failed", files, name, store);
        return ok ? 0 : 1;
    }

    /**
     * {@code new dotty.tools.dotc.Driver().process(args)}, through reflection: this module is a
     * named module and the compiler and the plugin are not (on the class path, as bin/mmsb runs).
     */
    private static boolean compile(List<String> args) {
        try {
            Class<?> driver = Class.forName("dotty.tools.dotc.Driver");
            Object reporter = driver.getMethod("process", String[].class)
                .invoke(driver.getConstructor().newInstance(), (Object) args.toArray(String[]::new));
            return !(Boolean) reporter.getClass().getMethod("hasErrors").invoke(reporter);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("scalac crashed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("scalac 3.3 (scala3-compiler_3) is not on the class path: " + e, e);
        }
    }

    /** The directory or jar the plugin class comes from (it holds plugin.properties). */
    private static String pluginLocation() {
        try {
            Class<?> plugin = Class.forName("io.mmsb.scalac.MmsbScalacPlugin");
            return Path.of(plugin.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("the mmsb-scalac plugin is not on the class path: " + e, e);
        }
    }
}
