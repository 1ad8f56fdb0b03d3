package demo;

import java.util.List;

/** A test source (compiled by test-compile, recorded as a compilation of its own). */
public class ShapesCheck {
    public static void main(String[] args) {
        double total = Shapes.total(List.of(new Shapes.Square(2)));
        if (total != 4.0) throw new AssertionError(total);
    }
}
