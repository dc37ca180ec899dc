/// One box of a ``BoxPlot``: the five numbers (computed by the caller) and the observations.
public struct BoxSummary: Sendable, Equatable, Hashable {
    /// Group label.
    public let label: String
    /// First quartile.
    public let lowerQuartile: Double
    /// Median.
    public let median: Double
    /// Third quartile.
    public let upperQuartile: Double
    /// End of the lower whisker (lowest observation within 1.5 IQR of the box, by convention).
    public let lowerWhisker: Double
    /// End of the upper whisker.
    public let upperWhisker: Double
    /// The observations, drawn as points over the box.
    public let observations: [Double]

    /// A box.
    public init(label: String, lowerQuartile: Double, median: Double, upperQuartile: Double,
                lowerWhisker: Double, upperWhisker: Double, observations: [Double]) {
        self.label = label
        self.lowerQuartile = lowerQuartile
        self.median = median
        self.upperQuartile = upperQuartile
        self.lowerWhisker = lowerWhisker
        self.upperWhisker = upperWhisker
        self.observations = observations
    }
}

/// Box plots with the observations overlaid, one box per group, side by side.
///
/// Points are spread horizontally by a deterministic low-discrepancy sequence (the golden
/// ratio), not random jitter, so the SVG is byte-identical on every render.
///
/// ```swift
/// let svg = BoxPlot(title: "Pain at week 10 by technique", description: "…", yLabel: "pain_nrs", boxes: boxes).renderSVG()
/// ```
public struct BoxPlot: Sendable, Equatable, Hashable {
    /// Title and SVG `<title>`.
    public let title: String
    /// Long description (`<desc>`).
    public let description: String
    /// y-axis title.
    public let yLabel: String
    /// The boxes, left to right.
    public let boxes: [BoxSummary]

    /// A box plot of `boxes`.
    public init(title: String, description: String, yLabel: String, boxes: [BoxSummary]) {
        self.title = title
        self.description = description
        self.yLabel = yLabel
        self.boxes = boxes
    }

    static let slotWidth = 72.0
    static let dataHeight = 300.0

    /// The SVG document, ending with a newline.
    public func renderSVG() -> String {
        let c = PlotCanvas.self
        let titleHeight = title.isEmpty ? 0 : c.titleFontSize + 14
        let top = c.margin + titleHeight + 8
        let bottom = top + Self.dataHeight
        let values = boxes.flatMap { $0.observations + [$0.lowerWhisker, $0.upperWhisker] }
        let yScale = LinearScale(domain: LinearScale.paddedDomain(containing: values), from: bottom - 8, to: top + 8).niced()
        let yTickWidth = yScale.tickLabels().map { c.estimatedWidth($0, fontSize: c.tickFontSize) }.max() ?? 0
        let left = c.margin + c.labelFontSize + 10 + yTickWidth + c.tickLength + 3
        // Slots wide enough for the longest label, which is rotated when it would not fit.
        let longest = boxes.map { c.estimatedWidth($0.label, fontSize: c.tickFontSize) }.max() ?? 0
        let rotate = longest > Self.slotWidth - 6
        let right = left + max(1, Double(boxes.count)) * Self.slotWidth
        let labelHeight = rotate ? longest * 0.71 + c.tickFontSize : c.tickFontSize
        let width = max(right + c.margin, c.margin * 2 + c.estimatedWidth(title, fontSize: c.titleFontSize))
        let height = bottom + c.tickLength + labelHeight + 8 + c.margin

        var svg = c.root(width: width, height: height, title: title, description: description)
        if !title.isEmpty {
            svg.append(c.text(title, x: c.margin, y: c.margin + c.titleFontSize, size: c.titleFontSize, weight: "bold"))
        }
        var axis = SVGElement("g", ["class": "axes"])
        for (tick, label) in zip(yScale.ticks(), yScale.tickLabels()) {
            axis.append(c.line(x1: left, y1: yScale(tick), x2: right, y2: yScale(tick), color: c.gridColor))
            axis.append(c.line(x1: left - c.tickLength, y1: yScale(tick), x2: left, y2: yScale(tick), color: c.axisColor))
            axis.append(c.text(label, x: left - c.tickLength - 3, y: yScale(tick) + c.tickFontSize * 0.35, size: c.tickFontSize, anchor: "end"))
        }
        axis.append(c.line(x1: left, y1: bottom, x2: right, y2: bottom, color: c.axisColor))
        axis.append(c.line(x1: left, y1: top, x2: left, y2: bottom, color: c.axisColor))
        let yLabelX = c.margin + c.labelFontSize * 0.8
        let middle = (top + bottom) / 2
        axis.append(c.text(yLabel, x: yLabelX, y: middle, size: c.labelFontSize, anchor: "middle",
                           transform: "rotate(-90 \(c.coordinate(yLabelX)) \(c.coordinate(middle)))"))
        svg.append(axis)
        if boxes.isEmpty {
            svg.append(c.text("No data", x: (left + right) / 2, y: middle, size: c.labelFontSize, anchor: "middle"))
        }
        let format = NumberFormat.standard
        for (index, box) in boxes.enumerated() {
            let center = left + (Double(index) + 0.5) * Self.slotWidth
            let color = Palette.color(forSeries: index)
            let half = Self.slotWidth * 0.3
            var group = SVGElement("g", ["class": "box"])
            group.append(SVGElement("title", text: "\(box.label): median \(format.estimate(box.median)), IQR "
                                    + "\(format.estimate(box.lowerQuartile)) to \(format.estimate(box.upperQuartile)), n = \(box.observations.count)"))
            let labelY = bottom + c.tickLength + c.tickFontSize + 2
            if rotate {
                group.append(c.text(box.label, x: center, y: labelY, size: c.tickFontSize, anchor: "end",
                                    transform: "rotate(-45 \(c.coordinate(center)) \(c.coordinate(labelY)))"))
            } else {
                group.append(c.text(box.label, x: center, y: labelY, size: c.tickFontSize, anchor: "middle"))
            }
            let numbers = [box.lowerQuartile, box.median, box.upperQuartile, box.lowerWhisker, box.upperWhisker]
            if numbers.allSatisfy(\.isFinite) {
                group.append(c.line(x1: center, y1: yScale(box.lowerWhisker), x2: center, y2: yScale(box.lowerQuartile), color: c.axisColor))
                group.append(c.line(x1: center, y1: yScale(box.upperQuartile), x2: center, y2: yScale(box.upperWhisker), color: c.axisColor))
                group.append(SVGElement("rect", [
                    "x": c.coordinate(center - half), "y": c.coordinate(yScale(box.upperQuartile)),
                    "width": c.coordinate(2 * half),
                    "height": c.coordinate(max(0, yScale(box.lowerQuartile) - yScale(box.upperQuartile))),
                    "fill": color, "fill-opacity": "0.25", "stroke": c.axisColor, "stroke-width": "1.0",
                ]))
                group.append(c.line(x1: center - half, y1: yScale(box.median), x2: center + half, y2: yScale(box.median),
                                    color: c.inkColor, width: 2))
            }
            var dots = SVGElement("g", ["fill": color, "fill-opacity": "0.6"])
            for (k, value) in box.observations.enumerated() where value.isFinite {
                let spread = (Double(k) * 0.618_033_988_749_895).truncatingRemainder(dividingBy: 1) - 0.5
                dots.append(SVGElement("circle", ["cx": c.coordinate(center + spread * half * 1.4),
                                                  "cy": c.coordinate(yScale(value)), "r": "1.80"]))
            }
            group.append(dots)
            svg.append(group)
        }
        return svg.rendered()
    }
}
