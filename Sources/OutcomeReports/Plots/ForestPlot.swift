/// One row of a ``ForestPlot``: a labelled estimate with its interval.
public struct ForestRow: Sendable, Equatable, Hashable {
    /// Row label (term, site, …).
    public let label: String
    /// Point estimate.
    public let estimate: Double
    /// Lower interval bound.
    public let lower: Double
    /// Upper interval bound.
    public let upper: Double
    /// Drawn as a diamond (a pooled estimate) rather than a square with whiskers.
    public let isSummary: Bool

    /// A row; `isSummary` draws the pooled diamond of a meta-analysis.
    public init(label: String, estimate: Double, lower: Double, upper: Double, isSummary: Bool = false) {
        self.label = label
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.isSummary = isSummary
    }
}

/// A forest plot: one row per estimate with its confidence interval, labels on the left,
/// "estimate [lower, upper]" on the right and a dashed reference line (0 for differences,
/// 1 for ratios). Rows with non-finite values are listed but not drawn.
///
/// ```swift
/// let svg = ForestPlot(title: "Coefficients", description: "…", xLabel: "Estimate (95 % CI)",
///                      rows: rows, reference: 0).renderSVG()
/// ```
public struct ForestPlot: Sendable, Equatable, Hashable {
    /// Title above the plot and the SVG `<title>`.
    public let title: String
    /// Long description (`<desc>`).
    public let description: String
    /// x-axis title.
    public let xLabel: String
    /// Rows from top to bottom.
    public let rows: [ForestRow]
    /// x of the reference line, or `nil` for none.
    public let reference: Double?

    /// A forest plot of `rows`.
    public init(title: String, description: String, xLabel: String, rows: [ForestRow], reference: Double? = 0) {
        self.title = title
        self.description = description
        self.xLabel = xLabel
        self.rows = rows
        self.reference = reference
    }

    static let dataWidth = 320.0
    static let rowHeight = 22.0

    /// The SVG document, ending with a newline.
    public func renderSVG() -> String {
        let c = PlotCanvas.self
        let format = NumberFormat(significantDigits: 3)
        let titleHeight = title.isEmpty ? 0 : c.titleFontSize + 14
        let top = c.margin + titleHeight + 8
        let bottom = top + max(1, Double(rows.count)) * Self.rowHeight + 8
        let labelWidth = rows.map { c.estimatedWidth($0.label, fontSize: c.tickFontSize) }.max() ?? 0
        let left = c.margin + labelWidth + 12
        let right = left + Self.dataWidth
        let values = rows.flatMap { [$0.lower, $0.upper, $0.estimate] } + (reference.map { [$0] } ?? [])
        let xScale = LinearScale(domain: LinearScale.paddedDomain(containing: values), from: left + 8, to: right - 8).niced()
        let intervalTexts = rows.map { row in
            [row.estimate, row.lower, row.upper].allSatisfy(\.isFinite)
                ? "\(format.estimate(row.estimate)) [\(format.estimate(row.lower)), \(format.estimate(row.upper))]"
                : "not estimable"
        }
        let textWidth = intervalTexts.map { c.estimatedWidth($0, fontSize: c.tickFontSize) }.max() ?? 0
        let width = max(right + 16 + textWidth + c.margin, c.margin * 2 + c.estimatedWidth(title, fontSize: c.titleFontSize))
        let height = bottom + c.xAxisHeight + c.margin

        var svg = c.root(width: width, height: height, title: title, description: description)
        if !title.isEmpty {
            svg.append(c.text(title, x: c.margin, y: c.margin + c.titleFontSize, size: c.titleFontSize, weight: "bold"))
        }
        // x axis only: rows replace the y axis.
        var axis = SVGElement("g", ["class": "axes"])
        axis.append(c.line(x1: left, y1: bottom, x2: right, y2: bottom, color: c.axisColor))
        for (tick, label) in zip(xScale.ticks(), xScale.tickLabels()) {
            axis.append(c.line(x1: xScale(tick), y1: top, x2: xScale(tick), y2: bottom, color: c.gridColor))
            axis.append(c.line(x1: xScale(tick), y1: bottom, x2: xScale(tick), y2: bottom + c.tickLength, color: c.axisColor))
            axis.append(c.text(label, x: xScale(tick), y: bottom + c.tickLength + c.tickFontSize + 2, size: c.tickFontSize, anchor: "middle"))
        }
        axis.append(c.text(xLabel, x: (left + right) / 2, y: bottom + c.tickLength + c.tickFontSize + 10 + c.labelFontSize,
                           size: c.labelFontSize, anchor: "middle"))
        svg.append(axis)
        if let reference, xScale.domain.contains(reference) {
            svg.append(SVGElement("line", [
                "x1": c.coordinate(xScale(reference)), "y1": c.coordinate(top), "x2": c.coordinate(xScale(reference)),
                "y2": c.coordinate(bottom), "stroke": "#888888", "stroke-width": "1.0", "stroke-dasharray": "4 3",
            ]))
        }
        let color = "#0072B2"
        for (index, row) in rows.enumerated() {
            let middle = top + (Double(index) + 0.5) * Self.rowHeight
            var group = SVGElement("g", ["class": row.isSummary ? "summary" : "row"])
            group.append(SVGElement("title", text: "\(row.label): \(intervalTexts[index])"))
            group.append(c.text(row.label, x: left - 12, y: middle + c.tickFontSize * 0.35, size: c.tickFontSize, anchor: "end",
                                weight: row.isSummary ? "bold" : nil))
            group.append(c.text(intervalTexts[index], x: right + 16, y: middle + c.tickFontSize * 0.35, size: c.tickFontSize))
            if [row.estimate, row.lower, row.upper].allSatisfy(\.isFinite) {
                let x = xScale(row.estimate), low = xScale(row.lower), high = xScale(row.upper)
                if row.isSummary {
                    let h = Self.rowHeight * 0.35
                    let points = [(low, middle), (x, middle - h), (high, middle), (x, middle + h)]
                        .map { "\(c.coordinate($0.0)),\(c.coordinate($0.1))" }.joined(separator: " ")
                    group.append(SVGElement("polygon", ["points": points, "fill": "#D55E00"]))
                } else {
                    group.append(c.line(x1: low, y1: middle, x2: high, y2: middle, color: color, width: 1.5))
                    let s = 4.0
                    group.append(SVGElement("rect", ["x": c.coordinate(x - s), "y": c.coordinate(middle - s),
                                                     "width": c.coordinate(2 * s), "height": c.coordinate(2 * s), "fill": color]))
                }
            }
            svg.append(group)
        }
        return svg.rendered()
    }
}
