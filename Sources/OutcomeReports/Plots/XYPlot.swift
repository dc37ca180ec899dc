/// A named set of points of an ``XYPlot``.
public struct XYPoints: Sendable, Equatable, Hashable {
    /// Legend label; an empty name keeps the layer out of the legend.
    public let name: String
    /// x coordinates.
    public let x: [Double]
    /// y coordinates, one per x.
    public let y: [Double]

    /// Points at (`x[i]`, `y[i]`).
    public init(name: String = "", x: [Double], y: [Double]) {
        precondition(x.count == y.count, "XYPoints needs as many x (\(x.count)) as y (\(y.count))")
        self.name = name
        self.x = x
        self.y = y
    }
}

/// A line with an optional band around it (for example a fitted line and its confidence band).
public struct XYLine: Sendable, Equatable, Hashable {
    /// Legend label; empty for none.
    public let name: String
    /// x coordinates, ascending.
    public let x: [Double]
    /// y of the line at each x.
    public let y: [Double]
    /// Lower edge of the band at each x, or empty for no band.
    public let lower: [Double]
    /// Upper edge of the band at each x, or empty for no band.
    public let upper: [Double]

    /// A line through (`x[i]`, `y[i]`), with a band from `lower` to `upper` when given.
    public init(name: String = "", x: [Double], y: [Double], lower: [Double] = [], upper: [Double] = []) {
        precondition(x.count == y.count, "XYLine needs as many x (\(x.count)) as y (\(y.count))")
        precondition((lower.isEmpty && upper.isEmpty) || (lower.count == x.count && upper.count == x.count),
                     "an XYLine band needs one lower and one upper value per x")
        self.name = name
        self.x = x
        self.y = y
        self.lower = lower
        self.upper = upper
    }
}

/// A straight reference line y = intercept + slope · x (dashed, grey).
public struct ReferenceLine: Sendable, Equatable, Hashable {
    /// Value at x = 0.
    public let intercept: Double
    /// Slope.
    public let slope: Double

    /// y = `intercept` + `slope` · x.
    public init(intercept: Double, slope: Double) {
        self.intercept = intercept
        self.slope = slope
    }

    /// The horizontal line y = `value`.
    public static func horizontal(_ value: Double) -> ReferenceLine { ReferenceLine(intercept: value, slope: 0) }
}

/// A scatter plot with optional fitted lines, bands and reference lines: the shape of
/// residuals against fitted values, normal Q–Q plots and dose–response plots.
///
/// ```swift
/// let plot = XYPlot(title: "Residuals vs fitted", description: "…", xLabel: "Fitted", yLabel: "Residual",
///                   points: [XYPoints(x: fitted, y: residuals)], references: [.horizontal(0)])
/// let svg = plot.renderSVG()
/// ```
public struct XYPlot: Sendable, Equatable, Hashable {
    /// Title drawn above the plot and used as the SVG `<title>`.
    public let title: String
    /// Long description for screen readers (`<desc>`).
    public let description: String
    /// x-axis title.
    public let xLabel: String
    /// y-axis title.
    public let yLabel: String
    /// Point layers, drawn above lines and bands.
    public let points: [XYPoints]
    /// Lines (with optional bands).
    public let lines: [XYLine]
    /// Reference lines, drawn first, clipped to the data region.
    public let references: [ReferenceLine]

    /// A plot of the given layers.
    public init(title: String, description: String, xLabel: String, yLabel: String,
                points: [XYPoints] = [], lines: [XYLine] = [], references: [ReferenceLine] = []) {
        self.title = title
        self.description = description
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.points = points
        self.lines = lines
        self.references = references
    }

    static let dataWidth = 420.0
    static let dataHeight = 300.0

    /// The SVG document, ending with a newline.
    public func renderSVG() -> String {
        let c = PlotCanvas.self
        let xs = points.flatMap(\.x) + lines.flatMap(\.x)
        let ys = points.flatMap(\.y) + lines.flatMap { $0.y + $0.lower + $0.upper }
        let titleHeight = title.isEmpty ? 0 : c.titleFontSize + 14
        let top = c.margin + titleHeight + 8
        let bottom = top + Self.dataHeight
        let yScale = LinearScale(domain: LinearScale.paddedDomain(containing: ys), from: bottom - 8, to: top + 8).niced()
        let yTickWidth = yScale.tickLabels().map { c.estimatedWidth($0, fontSize: c.tickFontSize) }.max() ?? 0
        let left = c.margin + c.labelFontSize + 10 + yTickWidth + c.tickLength + 3
        let right = left + Self.dataWidth
        let xScale = LinearScale(domain: LinearScale.paddedDomain(containing: xs), from: left + 8, to: right - 8).niced()

        let legendEntries = legendItems
        let legendLeft = right + 24
        let legendWidth = legendEntries.isEmpty ? 0
            : 32 + (legendEntries.map { c.estimatedWidth($0.name, fontSize: c.tickFontSize) }.max() ?? 0)
        let width = max(legendLeft + legendWidth + c.margin, c.margin * 2 + c.estimatedWidth(title, fontSize: c.titleFontSize))
        let height = max(bottom + c.xAxisHeight + c.margin, top + Double(legendEntries.count) * 20 + 8 + c.margin)

        var svg = c.root(width: width, height: height, title: title, description: description)
        if !title.isEmpty {
            svg.append(c.text(title, x: c.margin, y: c.margin + c.titleFontSize, size: c.titleFontSize, weight: "bold"))
        }
        svg.append(c.axes(x: xScale, y: yScale, left: left, right: right, top: top, bottom: bottom,
                          xLabel: xLabel, yLabel: yLabel, yLabelX: c.margin + c.labelFontSize * 0.8))
        if xs.filter(\.isFinite).isEmpty {
            svg.append(c.text("No data", x: (left + right) / 2, y: (top + bottom) / 2, size: c.labelFontSize, anchor: "middle"))
        }
        let xDomain = xScale.domain
        for reference in references {
            // Clip the line to the data region's x range, then to its y range.
            let x1 = xDomain.lowerBound, x2 = xDomain.upperBound
            let y1 = reference.intercept + reference.slope * x1, y2 = reference.intercept + reference.slope * x2
            guard y1.isFinite, y2.isFinite else { continue }
            // Clamp to the y range too, so a steep line never leaves the data region.
            let (a, b) = Self.clip(x1: x1, y1: y1, x2: x2, y2: y2, yRange: yScale.domain)
            guard let a, let b else { continue }
            svg.append(SVGElement("line", [
                "x1": c.coordinate(xScale(a.0)), "y1": c.coordinate(yScale(a.1)),
                "x2": c.coordinate(xScale(b.0)), "y2": c.coordinate(yScale(b.1)),
                "stroke": "#888888", "stroke-width": "1.0", "stroke-dasharray": "4 3", "class": "reference",
            ]))
        }
        var seriesIndex = 0
        for line in lines {
            let color = Palette.color(forSeries: line.name.isEmpty ? 3 : seriesIndex)
            var group = SVGElement("g", ["class": "line"])
            if !line.lower.isEmpty {
                let valid = line.x.indices.filter { line.x[$0].isFinite && line.lower[$0].isFinite && line.upper[$0].isFinite }
                if valid.count > 1 {
                    let upperEdge = valid.map { "\(c.coordinate(xScale(line.x[$0]))),\(c.coordinate(yScale(line.upper[$0])))" }
                    let lowerEdge = valid.reversed().map { "\(c.coordinate(xScale(line.x[$0]))),\(c.coordinate(yScale(line.lower[$0])))" }
                    group.append(SVGElement("polygon", [
                        "points": (upperEdge + lowerEdge).joined(separator: " "), "fill": color, "fill-opacity": "0.20", "stroke": "none",
                    ]))
                }
            }
            let valid = line.x.indices.filter { line.x[$0].isFinite && line.y[$0].isFinite }
            if valid.count > 1 {
                group.append(SVGElement("polyline", [
                    "points": valid.map { "\(c.coordinate(xScale(line.x[$0]))),\(c.coordinate(yScale(line.y[$0])))" }.joined(separator: " "),
                    "fill": "none", "stroke": color, "stroke-width": "2",
                ]))
            }
            svg.append(group)
            if !line.name.isEmpty { seriesIndex += 1 }
        }
        for layer in points {
            let color = layer.name.isEmpty && points.count == 1 ? "#0072B2" : Palette.color(forSeries: seriesIndex)
            var group = SVGElement("g", ["class": "points", "fill": color, "fill-opacity": "0.55"])
            for (x, y) in zip(layer.x, layer.y) where x.isFinite && y.isFinite {
                group.append(SVGElement("circle", ["cx": c.coordinate(xScale(x)), "cy": c.coordinate(yScale(y)), "r": "2.50"]))
            }
            svg.append(group)
            if !layer.name.isEmpty { seriesIndex += 1 }
        }
        if !legendEntries.isEmpty {
            var legend = SVGElement("g", ["class": "legend"])
            for (row, entry) in legendEntries.enumerated() {
                let middle = top + 10 + Double(row) * 20
                if entry.isLine {
                    legend.append(c.line(x1: legendLeft, y1: middle, x2: legendLeft + 24, y2: middle, color: entry.color, width: 2))
                } else {
                    legend.append(SVGElement("circle", ["cx": c.coordinate(legendLeft + 12), "cy": c.coordinate(middle),
                                                        "r": "3.50", "fill": entry.color]))
                }
                legend.append(c.text(entry.name, x: legendLeft + 32, y: middle + c.tickFontSize * 0.35, size: c.tickFontSize))
            }
            svg.append(legend)
        }
        return svg.rendered()
    }

    /// The part of the segment (x1, y1)–(x2, y2) inside the horizontal band `yRange`, or nils.
    static func clip(x1: Double, y1: Double, x2: Double, y2: Double,
                     yRange: ClosedRange<Double>) -> ((Double, Double)?, (Double, Double)?) {
        func point(atY y: Double) -> (Double, Double) { (x1 + (y - y1) / (y2 - y1) * (x2 - x1), y) }
        var a = (x1, y1), b = (x2, y2)
        if y1 == y2 { return yRange.contains(y1) ? (a, b) : (nil, nil) }
        for bound in [yRange.lowerBound, yRange.upperBound] {
            let aOutside = bound == yRange.lowerBound ? a.1 < bound : a.1 > bound
            let bOutside = bound == yRange.lowerBound ? b.1 < bound : b.1 > bound
            if aOutside && bOutside { return (nil, nil) }
            if aOutside { a = point(atY: bound) }
            if bOutside { b = point(atY: bound) }
        }
        return (a, b)
    }

    /// Named layers in drawing order, with the colours ``renderSVG()`` gives them.
    private var legendItems: [(name: String, color: String, isLine: Bool)] {
        var items: [(String, String, Bool)] = []
        var index = 0
        for line in lines where !line.name.isEmpty {
            items.append((line.name, Palette.color(forSeries: index), true))
            index += 1
        }
        for layer in points where !layer.name.isEmpty {
            items.append((layer.name, Palette.color(forSeries: index), false))
            index += 1
        }
        return items
    }
}
