/// One panel of a ``FacetedTrajectoryPlot``: a title (for example a cohort) and its series.
public struct TrajectoryFacet: Sendable, Equatable, Hashable {
    /// Panel title.
    public let title: String
    /// Series in this panel; series with the same name share a colour across panels.
    public let series: [TrajectorySeries]

    /// A panel titled `title`.
    public init(title: String, series: [TrajectorySeries]) {
        self.title = title
        self.series = series
    }
}

/// Trajectories in small multiples: one panel per facet (for example per cohort), side by
/// side with a shared y axis, series (for example techniques) coloured consistently across
/// panels and explained by one legend.
///
/// ```swift
/// let svg = FacetedTrajectoryPlot(title: "Pain by technique within cohort", description: "…",
///                                 xLabel: "Week", yLabel: "pain_nrs", facets: facets).renderSVG()
/// ```
public struct FacetedTrajectoryPlot: Sendable, Equatable, Hashable {
    /// Title and SVG `<title>`.
    public let title: String
    /// Long description (`<desc>`).
    public let description: String
    /// x-axis title (under every panel).
    public let xLabel: String
    /// y-axis title (left of the first panel).
    public let yLabel: String
    /// The panels, left to right.
    public let facets: [TrajectoryFacet]

    /// A faceted plot of `facets`.
    public init(title: String, description: String, xLabel: String, yLabel: String, facets: [TrajectoryFacet]) {
        self.title = title
        self.description = description
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.facets = facets
    }

    static let panelWidth = 260.0
    static let panelGap = 24.0

    /// Series names in order of first appearance across panels: the legend and colour order.
    var seriesNames: [String] {
        var names: [String] = []
        for facet in facets { for series in facet.series where !names.contains(series.name) { names.append(series.name) } }
        return names
    }

    /// The SVG document, ending with a newline.
    public func renderSVG() -> String {
        let c = PlotCanvas.self
        let names = seriesNames
        let allPoints = facets.flatMap { $0.series.flatMap { $0.points.filter(\.isDrawable) } }
        let yValues = allPoints.flatMap { $0.hasInterval ? [$0.mean, $0.lower, $0.upper] : [$0.mean] }
        let titleHeight = title.isEmpty ? 0 : c.titleFontSize + 14
        let panelTitleHeight = c.labelFontSize + 10
        let top = c.margin + titleHeight + 8 + panelTitleHeight
        let bottom = top + TrajectoryPlot.dataHeight
        let yScale = LinearScale(domain: LinearScale.paddedDomain(containing: yValues), from: bottom - 8, to: top + 8).niced()
        let yTickWidth = yScale.tickLabels().map { c.estimatedWidth($0, fontSize: c.tickFontSize) }.max() ?? 0
        let firstLeft = c.margin + c.labelFontSize + 10 + yTickWidth + c.tickLength + 3
        let inset = TrajectoryPlot.xInset(seriesCount: names.count)
        let xDomain = LinearScale.paddedDomain(containing: allPoints.map(\.x))
        let panelCount = max(1, facets.count)
        let lastRight = firstLeft + Double(panelCount) * Self.panelWidth + Double(panelCount - 1) * Self.panelGap
        let legendLeft = lastRight + 24
        let legendWidth = names.isEmpty ? 0 : 32 + (names.map { c.estimatedWidth($0, fontSize: c.tickFontSize) }.max() ?? 0)
        let width = max(legendLeft + legendWidth + c.margin, c.margin * 2 + c.estimatedWidth(title, fontSize: c.titleFontSize))
        let height = max(bottom + c.xAxisHeight + c.margin, top + Double(names.count) * TrajectoryPlot.legendRowHeight + 8 + c.margin)

        var svg = c.root(width: width, height: height, title: title, description: description)
        if !title.isEmpty {
            svg.append(c.text(title, x: c.margin, y: c.margin + c.titleFontSize, size: c.titleFontSize, weight: "bold"))
        }
        for (panel, facet) in facets.enumerated() {
            let left = firstLeft + Double(panel) * (Self.panelWidth + Self.panelGap)
            let right = left + Self.panelWidth
            let xScale = LinearScale(domain: xDomain, from: left + inset, to: right - inset).niced(count: 4)
            var group = SVGElement("g", ["class": "facet"])
            group.append(c.text(facet.title, x: (left + right) / 2, y: top - 10, size: c.labelFontSize, anchor: "middle", weight: "bold"))
            group.append(c.axes(x: xScale, y: yScale, left: left, right: right, top: top, bottom: bottom,
                                xLabel: xLabel, yLabel: panel == 0 ? yLabel : "", yLabelX: c.margin + c.labelFontSize * 0.8))
            // Draw through a TrajectoryPlot holding every series name, so colours, markers and
            // dodges are those of the series' position in the shared legend.
            let ordered = names.map { name in facet.series.first { $0.name == name } ?? TrajectorySeries(name: name, points: []) }
            let painter = TrajectoryPlot(title: "", description: "", xLabel: xLabel, yLabel: yLabel, series: ordered)
            let drawable = ordered.map { $0.points.filter(\.isDrawable).sorted { $0.x < $1.x } }
            let offsets = painter.dodgeOffsets(xs: drawable.flatMap { $0 }.map { xScale($0.x) }, seriesCount: names.count)
            for (index, points) in drawable.enumerated() where !points.isEmpty {
                group.append(painter.seriesGroup(index: index, points: points, dodge: offsets[index], x: xScale, y: yScale))
            }
            svg.append(group)
        }
        if !names.isEmpty {
            let painter = TrajectoryPlot(title: "", description: "", xLabel: "", yLabel: "",
                                         series: names.map { TrajectorySeries(name: $0, points: []) })
            svg.append(painter.legend(left: legendLeft, top: top))
        }
        return svg.rendered()
    }
}
