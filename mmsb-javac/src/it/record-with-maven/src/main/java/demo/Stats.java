package demo;

import java.util.List;

/** Compiled from the second build on (the first build excludes it): the change `mmsb changes` reports. */
public final class Stats {
    private Stats() {}

    public static double mean(List<? extends Shapes.Shape> shapes) {
        return shapes.isEmpty() ? 0 : Shapes.total(shapes) / shapes.size();
    }
}
