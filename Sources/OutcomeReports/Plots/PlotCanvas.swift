/// Shared drawing conventions for the report's SVG plots: fonts, colours, number
/// formatting of coordinates, text-width estimates and axes.
///
/// Internal: each plot type is public, its drawing helpers are not.
enum PlotCanvas {
    /// Coordinates are written with two decimals: byte-stable and sub-pixel accurate.
    /// Coordinates far off the canvas (only absurd data gets there) are clamped to
    /// ±`coordinateLimit` and `NaN` is written as 0, so the SVG stays valid.
    static func coordinate(_ value: Double) -> String {
        let safe = value.isNaN ? 0 : min(max(value, -coordinateLimit), coordinateLimit)
        return NumberFormat.fixed(safe, decimals: 2)
    }

    static let coordinateLimit = 100_000.0

    static let fontFamily = "Helvetica, Arial, sans-serif"
    static let tickFontSize = 12.0
    static let labelFontSize = 13.0
    static let titleFontSize = 16.0
    static let margin = 16.0
    static let inkColor = "#222222"
    static let axisColor = "#444444"
    static let gridColor = "#E5E5E5"
    static let tickLength = 5.0

    /// A generous width estimate for `text` in the sans-serif font (0.6 em a character, a
    /// little above Helvetica's average), so space reserved for labels is never too small.
    static func estimatedWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.6
    }

    /// The root `<svg>` element, with `<title>` and `<desc>` first for screen readers and a
    /// white background so the image reads the same on dark pages.
    static func root(width: Double, height: Double, title: String, description: String) -> SVGElement {
        let w = NumberFormat.fixed(width.rounded(.up), decimals: 0)
        let h = NumberFormat.fixed(height.rounded(.up), decimals: 0)
        var svg = SVGElement("svg", [
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": "0 0 \(w) \(h)",
            "width": w,
            "height": h,
            "role": "img",
            "font-family": fontFamily,
        ])
        svg.append(SVGElement("title", text: title))
        svg.append(SVGElement("desc", text: description))
        svg.append(SVGElement("rect", ["width": w, "height": h, "fill": "#FFFFFF"]))
        return svg
    }

    static func text(_ content: String, x: Double, y: Double, size: Double, anchor: String = "start",
                     weight: String? = nil, transform: String? = nil) -> SVGElement {
        var attributes = [
            SVGAttribute(name: "x", value: coordinate(x)),
            SVGAttribute(name: "y", value: coordinate(y)),
            SVGAttribute(name: "font-size", value: NumberFormat.fixed(size, decimals: 0)),
            SVGAttribute(name: "fill", value: inkColor),
        ]
        if anchor != "start" { attributes.append(SVGAttribute(name: "text-anchor", value: anchor)) }
        if let weight { attributes.append(SVGAttribute(name: "font-weight", value: weight)) }
        if let transform { attributes.append(SVGAttribute(name: "transform", value: transform)) }
        return SVGElement("text", attributes: attributes, children: [.text(content)])
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double, color: String,
                     width: Double = 1) -> SVGElement {
        SVGElement("line", [
            "x1": coordinate(x1), "y1": coordinate(y1), "x2": coordinate(x2), "y2": coordinate(y2),
            "stroke": color, "stroke-width": NumberFormat.fixed(width, decimals: 1),
        ])
    }

    /// Gridlines, axis lines, ticks, tick labels and axis titles around the data region
    /// `left...right` × `top...bottom`.
    static func axes(x: LinearScale, y: LinearScale, left: Double, right: Double, top: Double,
                     bottom: Double, xLabel: String, yLabel: String, yLabelX: Double) -> SVGElement {
        var group = SVGElement("g", ["class": "axes"])
        let yTicks = y.ticks()
        let yLabels = y.tickLabels()
        for tick in yTicks {
            group.append(line(x1: left, y1: y(tick), x2: right, y2: y(tick), color: gridColor))
        }
        group.append(line(x1: left, y1: bottom, x2: right, y2: bottom, color: axisColor))
        group.append(line(x1: left, y1: top, x2: left, y2: bottom, color: axisColor))
        for (tick, label) in zip(x.ticks(), x.tickLabels()) {
            group.append(line(x1: x(tick), y1: bottom, x2: x(tick), y2: bottom + tickLength, color: axisColor))
            group.append(text(label, x: x(tick), y: bottom + tickLength + tickFontSize + 2,
                              size: tickFontSize, anchor: "middle"))
        }
        for (tick, label) in zip(yTicks, yLabels) {
            group.append(line(x1: left - tickLength, y1: y(tick), x2: left, y2: y(tick), color: axisColor))
            group.append(text(label, x: left - tickLength - 3, y: y(tick) + tickFontSize * 0.35,
                              size: tickFontSize, anchor: "end"))
        }
        let xTitleY = bottom + tickLength + tickFontSize + 10 + labelFontSize
        group.append(text(xLabel, x: (left + right) / 2, y: xTitleY, size: labelFontSize, anchor: "middle"))
        let middle = (top + bottom) / 2
        group.append(text(yLabel, x: yLabelX, y: middle, size: labelFontSize, anchor: "middle",
                          transform: "rotate(-90 \(coordinate(yLabelX)) \(coordinate(middle)))"))
        return group
    }

    /// Vertical space the x axis needs below the data region: ticks, labels and title.
    static var xAxisHeight: Double { tickLength + tickFontSize + 10 + labelFontSize + 4 }
}
