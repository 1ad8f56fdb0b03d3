package io.mmsb.core.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a second JVM for tests that need another process (a lock holder, a writer
 * to kill): the running JVM's {@code java}, the flags every MMSB process needs and this JVM's
 * class path. The flags have one source, the property {@code mmsb.jvm.flags} of the parent pom,
 * which surefire passes to the test JVM as the system property of that name (outside Maven the
 * flags of this JVM's own command line are taken).
 *
 * <p>Thread rules: stateless. Ownership: none.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** The flags every MMSB process needs: opens, modules, Unsafe access, Arrow's allocator. */
    public static List<String> mmsbFlags() {
        String flags = System.getProperty("mmsb.jvm.flags");
        if (flags != null && !flags.isBlank()) {
            return List.of(flags.trim().split("\\s+"));
        }
        List<String> out = new ArrayList<>();
        List<String> args = List.of(ProcessHandle.current().info().arguments().orElse(new String[0]));
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--add-modules") || a.equals("--add-opens")) && i + 1 < args.size()) {
                out.add(a);
                out.add(args.get(++i));
            } else if (a.startsWith("--add-modules=") || a.startsWith("--add-opens=") || a.startsWith("--sun-misc-unsafe-memory-access")
                    || a.startsWith("-Darrow.")) {
                out.add(a);
            }
        }
        return out;
    }

    /** {@code java <flags> <extra> -cp <this class path> <main> <args>}. */
    public static List<String> command(List<String> extraJvmOptions, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(mmsbFlags());
        cmd.addAll(extraJvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
