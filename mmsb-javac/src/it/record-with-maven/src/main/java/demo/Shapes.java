package demo;

import java.util.List;

public final class Shapes {
    public sealed interface Shape permits Circle, Square {}
    public record Circle(double r) implements Shape {}
    public record Square(double side) implements Shape {}

    public static double area(Shape s) {
        return switch (s) {
            case Circle c -> Math.PI * c.r() * c.r();
            case Square q -> q.side() * q.side();
        };
    }

    public static double total(List<? extends Shape> shapes) {
        double sum = 0;
        for (Shape s : shapes) {
            sum += area(s);
        }
        return sum;
    }
}
