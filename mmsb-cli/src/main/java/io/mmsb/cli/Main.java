package io.mmsb.cli;

import java.nio.file.Path;

/**
 * Entry point of {@code bin/mmsb}. Verbs so far: {@code demo [--store DIR]} (the end-to-end
 * example). Errors are printed as one clear line with a non-zero exit code.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            System.out.println("usage: mmsb demo [--store DIR]   record a toy compilation into the store (default ./mmsb-store) and query it");
            return args.length == 0 ? 2 : 0;
        }
        Path store = Path.of("mmsb-store");
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--store") && i + 1 < args.length) {
                store = Path.of(args[++i]);
            } else {
                System.err.println("mmsb: unknown argument '" + args[i] + "'; see mmsb --help");
                return 2;
            }
        }
        try {
            switch (args[0]) {
                case "demo" -> Demo.run(store, System.out);
                default -> {
                    System.err.println("mmsb: unknown verb '" + args[0] + "'; see mmsb --help");
                    return 2;
                }
            }
            return 0;
        } catch (RuntimeException e) {
            System.err.println("mmsb: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }
}
