package io.mmsb.javac;

/** Java sources the tests compile. */
final class Snippets {
    private Snippets() {}

    static final String DEMO = """
            package demo;

            import java.util.List;

            public class Demo {
                private int count;

                public int loop(List<String> xs) {
                    int n = 0;
                    for (String x : xs) {
                        if (x.isEmpty()) {
                            n++;
                        } else {
                            n += x.length();
                        }
                    }
                    return n;
                }

                public static int abs(int v) {
                    if (v < 0) {
                        return -v;
                    }
                    return v;
                }

                public String greet(String who) {
                    return "Hello, " + who.trim();
                }
            }
            """;

    /** DEMO edited above {@code abs}: a new field, a new method, and a statement inserted in {@code loop}. */
    static final String DEMO_EDITED = """
            package demo;

            import java.util.List;
            import java.util.ArrayList;

            public class Demo {
                private int count;
                private final List<String> seen = new ArrayList<>();

                public int loop(List<String> xs) {
                    int n = 0;
                    seen.addAll(xs);
                    for (String x : xs) {
                        if (x.isEmpty()) {
                            n++;
                        } else {
                            n += x.length();
                        }
                    }
                    return n;
                }

                public int twice(int v) {
                    return 2 * abs(v);
                }

                public static int abs(int v) {
                    if (v < 0) {
                        return -v;
                    }
                    return v;
                }

                public String greet(String who) {
                    return "Hello, " + who.trim();
                }
            }
            """;
}
