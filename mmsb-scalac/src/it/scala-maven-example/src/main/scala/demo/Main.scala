package demo

@main def report(): Unit =
  val shapes = List(Shape.Circle(1.0), Shape.Rect(2.0, 3.0))
  shapes.map(Shapes.label).foreach(println)
