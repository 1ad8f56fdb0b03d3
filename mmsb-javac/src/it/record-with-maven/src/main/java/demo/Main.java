package demo;

import java.util.List;

public class Main {
    public static void main(String[] args) {
        System.out.println(Shapes.total(List.of(new Shapes.Circle(1), new Shapes.Square(2))));
    }
}
