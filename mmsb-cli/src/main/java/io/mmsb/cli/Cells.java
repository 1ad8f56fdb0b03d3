package io.mmsb.cli;

import java.util.Arrays;

/** Formats cell values for people. Stateless. */
final class Cells {
    private Cells() {}

    static String show(Object v) {
        return switch (v) {
            case int[] list -> Arrays.toString(list);
            case String s -> '"' + s + '"';
            case null -> "null";
            default -> v.toString();
        };
    }
}
