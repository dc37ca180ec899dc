/// The shape of a plotted point, varied by series as well as colour so series stay distinct
/// in greyscale print.
public enum MarkerShape: Int, Sendable, CaseIterable {
    /// A filled circle.
    case circle
    /// A filled square.
    case square
    /// A filled diamond.
    case diamond
    /// A filled upward triangle.
    case triangle

    /// The shape of the series at `index`, cycling circle, square, diamond, triangle.
    ///
    /// - Parameter index: the zero-based series index.
    /// - Returns: the shape.
    public static func forSeries(_ index: Int) -> MarkerShape {
        allCases[((index % allCases.count) + allCases.count) % allCases.count]
    }

    /// The SVG element drawing this marker centred at (`x`, `y`).
    ///
    /// - Parameters:
    ///   - x: centre x in pixels.
    ///   - y: centre y in pixels.
    ///   - size: the radius of the circle of equal visual weight, in pixels.
    ///   - color: the fill colour.
    /// - Returns: a `circle`, `rect` or `path` element.
    public func element(x: Double, y: Double, size: Double, color: String) -> SVGElement {
        func f(_ value: Double) -> String { PlotCanvas.coordinate(value) }
        switch self {
        case .circle:
            return SVGElement("circle", ["cx": f(x), "cy": f(y), "r": f(size), "fill": color])
        case .square:
            let half = size * 0.886  // same area as the circle: √π / 2
            return SVGElement("rect", ["x": f(x - half), "y": f(y - half), "width": f(2 * half),
                                       "height": f(2 * half), "fill": color])
        case .diamond:
            let half = size * 1.25
            return SVGElement("path", [
                "d": "M\(f(x)),\(f(y - half))L\(f(x + half)),\(f(y))L\(f(x)),\(f(y + half))L\(f(x - half)),\(f(y))Z",
                "fill": color,
            ])
        case .triangle:
            let radius = size * 1.35
            return SVGElement("path", [
                "d": "M\(f(x)),\(f(y - radius))L\(f(x + radius * 0.866)),\(f(y + radius * 0.5))"
                    + "L\(f(x - radius * 0.866)),\(f(y + radius * 0.5))Z",
                "fill": color,
            ])
        }
    }
}
