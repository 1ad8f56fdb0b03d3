package demo

enum Shape:
  case Circle(radius: Double)
  case Rect(width: Double, height: Double)

object Shapes:
  def area(s: Shape): Double = s match
    case Shape.Circle(r) => math.Pi * r * r
    case Shape.Rect(w, h) => w * h

  def label(x: Any): String = x match
    case i: Int => "int"
    case s: Shape => s"shape of area ${area(s)}"
    case _ => "other"
