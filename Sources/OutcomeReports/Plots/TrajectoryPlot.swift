/// One summarised time point of a trajectory: the mean outcome and its 95 % confidence
/// interval at `x` (e.g. a week), over `n` patients.
public struct TrajectoryPoint: Sendable, Equatable, Hashable {
    /// The position on the x axis, e.g. the week.
    public let x: Double
    /// The mean outcome.
    public let mean: Double
    /// The lower 95 % confidence limit; a non-finite value suppresses the error bar.
    public let lower: Double
    /// The upper 95 % confidence limit; a non-finite value suppresses the error bar.
    public let upper: Double
    /// The number of observations behind the mean.
    public let n: Int

    /// A point.
    ///
    /// - Parameters:
    ///   - x: the x position.
    ///   - mean: the mean.
    ///   - lower: the lower confidence limit.
    ///   - upper: the upper confidence limit.
    ///   - n: the number of observations.
    public init(x: Double, mean: Double, lower: Double, upper: Double, n: Int) {
        self.x = x
        self.mean = mean
        self.lower = lower
        self.upper = upper
        self.n = n
    }

    /// Whether the error bar is drawn: both limits finite.
    var hasInterval: Bool { lower.isFinite && upper.isFinite }
    /// Whether the point is drawn at all: `x` and the mean finite.
    var isDrawable: Bool { x.isFinite && mean.isFinite }
}

/// How a trajectory series is drawn.
public enum TrajectorySeriesStyle: Sendable, Equatable, Hashable {
    /// Observed means: solid line, markers and error bars with caps.
    case observed
    /// Model-predicted means: dashed line, no markers, the confidence interval as a shaded band.
    case predicted
}

/// A named trajectory, e.g. one cohort or technique.
public struct TrajectorySeries: Sendable, Equatable, Hashable {
    /// The legend label (any text; escaped on output).
    public let name: String
    /// The points, in any order (they are drawn sorted by x).
    public let points: [TrajectoryPoint]
    /// Observed (default) or model-predicted.
    public let style: TrajectorySeriesStyle
    /// The palette entry to colour the series with; `nil` uses the series' position. A predicted
    /// series names its observed counterpart's position so both share a colour.
    public let colorIndex: Int?

    /// A series.
    ///
    /// - Parameters:
    ///   - name: the legend label.
    ///   - points: the points.
    ///   - style: observed (default) or predicted.
    ///   - colorIndex: the palette entry, `nil` for the series' position.
    public init(name: String, points: [TrajectoryPoint], style: TrajectorySeriesStyle = .observed, colorIndex: Int? = nil) {
        self.name = name
        self.points = points
        self.style = style
        self.colorIndex = colorIndex
    }
}

/// Mean trajectories with 95 % confidence intervals, one series per group, as SVG.
///
/// Each series gets an Okabe–Ito colour (``Palette``) and a marker shape (``MarkerShape``); a
/// line joins its means in x order, each mean has a vertical error bar with caps, and series
/// are dodged a few pixels apart on x so their bars do not overlap. The legend sits to the
/// right of the data region, never over it. Axes have round ticks (``LinearScale``).
///
/// Edge cases render without crashing: no series or no finite points draw empty axes with
/// "No data"; a single point draws a marker and its bar; a non-finite mean or x drops the
/// point (and breaks the line); non-finite limits drop only the bar; all-equal values get a
/// padded domain.
///
/// The output is byte-stable: no ids, no randomness, coordinates with two decimals.
///
/// ```swift
/// let plot = TrajectoryPlot(
///     title: "Pain over time", description: "Mean pain NRS by cohort, weeks 0 to 8.",
///     xLabel: "Week", yLabel: "Pain (NRS 0-10)",
///     series: [TrajectorySeries(name: "acute", points: [
///         TrajectoryPoint(x: 0, mean: 6.2, lower: 5.8, upper: 6.6, n: 40)])])
/// let svg = plot.renderSVG()
/// ```
public struct TrajectoryPlot: Sendable, Equatable, Hashable {
    /// The visible title, also the SVG `<title>`.
    public let title: String
    /// The SVG `<desc>`: a sentence describing the plot for screen readers.
    public let description: String
    /// The x-axis title.
    public let xLabel: String
    /// The y-axis title.
    public let yLabel: String
    /// The series, in legend order.
    public let series: [TrajectorySeries]

    /// A plot.
    ///
    /// - Parameters:
    ///   - title: the title.
    ///   - description: the accessible description.
    ///   - xLabel: the x-axis title.
    ///   - yLabel: the y-axis title.
    ///   - series: the series, in legend order.
    public init(title: String, description: String, xLabel: String, yLabel: String,
                series: [TrajectorySeries]) {
        self.title = title
        self.description = description
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    /// Width of the data region in pixels.
    static let dataWidth = 480.0
    /// Height of the data region in pixels.
    static let dataHeight = 300.0
    /// The widest total dodge, in pixels, between the leftmost and rightmost series.
    static let maximumDodgeSpread = 48.0
    /// Space between the axis line and the first and last x tick: room for half the dodge
    /// spread plus a marker and cap, so no point sits on the axis or spills past the data
    /// region into the legend.
    static func xInset(seriesCount: Int) -> Double {
        12 + dodgeSpreadLimit(seriesCount: seriesCount) / 2
    }

    static func dodgeSpreadLimit(seriesCount: Int) -> Double {
        min(maximumDodgeSpread, 10 * Double(max(0, seriesCount - 1)))
    }
    static let markerSize = 3.5
    static let legendRowHeight = 20.0

    /// The SVG document, ending with a newline.
    ///
    /// - Returns: the SVG text.
    public func renderSVG() -> String {
        let c = PlotCanvas.self
        let drawable = series.map { $0.points.filter(\.isDrawable).sorted { $0.x < $1.x } }
        let allPoints = drawable.flatMap { $0 }
        let yValues = allPoints.flatMap { $0.hasInterval ? [$0.mean, $0.lower, $0.upper] : [$0.mean] }

        let titleHeight = title.isEmpty ? 0 : c.titleFontSize + 14
        let top = c.margin + titleHeight + 8
        let bottom = top + Self.dataHeight
        let yScale = LinearScale(domain: LinearScale.paddedDomain(containing: yValues),
                                 from: bottom - 8, to: top + 8).niced()
        let yTickWidth = yScale.tickLabels().map { c.estimatedWidth($0, fontSize: c.tickFontSize) }.max() ?? 0
        let yLabelX = c.margin + c.labelFontSize * 0.8
        let left = c.margin + c.labelFontSize + 10 + yTickWidth + c.tickLength + 3
        let right = left + Self.dataWidth
        let xScale = LinearScale(domain: LinearScale.paddedDomain(containing: allPoints.map(\.x)),
                                 from: left + Self.xInset(seriesCount: series.count),
                                 to: right - Self.xInset(seriesCount: series.count)).niced()

        let legendLeft = right + 24
        let legendWidth = series.isEmpty ? 0
            : 32 + (series.map { c.estimatedWidth($0.name, fontSize: c.tickFontSize) }.max() ?? 0)
        let titleWidth = c.estimatedWidth(title, fontSize: c.titleFontSize)
        let width = max(legendLeft + legendWidth + c.margin, c.margin * 2 + titleWidth)
        let legendBottom = top + Double(series.count) * Self.legendRowHeight + 8
        let height = max(bottom + c.xAxisHeight + c.margin, legendBottom + c.margin)

        var svg = c.root(width: width, height: height, title: title, description: description)
        if !title.isEmpty {
            svg.append(c.text(title, x: c.margin, y: c.margin + c.titleFontSize,
                              size: c.titleFontSize, weight: "bold"))
        }
        svg.append(c.axes(x: xScale, y: yScale, left: left, right: right, top: top, bottom: bottom,
                          xLabel: xLabel, yLabel: yLabel, yLabelX: yLabelX))
        if allPoints.isEmpty {
            svg.append(c.text("No data", x: (left + right) / 2, y: (top + bottom) / 2,
                              size: c.labelFontSize, anchor: "middle"))
        }
        let offsets = dodgeOffsets(xs: allPoints.map { xScale($0.x) }, seriesCount: series.count)
        for (index, points) in drawable.enumerated() {
            svg.append(seriesGroup(index: index, points: points, dodge: offsets[index],
                                   x: xScale, y: yScale))
        }
        if !series.isEmpty {
            svg.append(legend(left: legendLeft, top: top))
        }
        return svg.rendered()
    }

    /// Pixel offsets per series: spread symmetrically about zero, at most 10 px apart,
    /// together within ``maximumDodgeSpread`` and within 40 % of the smallest gap between
    /// neighbouring x positions.
    func dodgeOffsets(xs: [Double], seriesCount: Int) -> [Double] {
        guard seriesCount > 1 else { return Array(repeating: 0, count: seriesCount) }
        let distinct = Array(Set(xs.map { ($0 * 100).rounded() / 100 })).sorted()
        let gaps = zip(distinct.dropFirst(), distinct).map { $0 - $1 }
        let smallestGap = gaps.min() ?? Self.dataWidth
        let spread = min(Self.dodgeSpreadLimit(seriesCount: seriesCount), 0.4 * smallestGap)
        let spacing = spread / Double(seriesCount - 1)
        let middle = Double(seriesCount - 1) / 2
        return (0..<seriesCount).map { (Double($0) - middle) * spacing }
    }

    func seriesGroup(index: Int, points: [TrajectoryPoint], dodge: Double,
                             x: LinearScale, y: LinearScale) -> SVGElement {
        let c = PlotCanvas.self
        let color = Palette.color(forSeries: series[index].colorIndex ?? index)
        let name = series[index].name
        if series[index].style == .predicted {
            return predictedGroup(index: index, points: points, dodge: dodge, x: x, y: y)
        }
        var group = SVGElement("g", ["class": "series"])
        if points.count > 1 {
            let coordinates = points.map { "\(c.coordinate(x($0.x) + dodge)),\(c.coordinate(y($0.mean)))" }
            group.append(SVGElement("polyline", [
                "points": coordinates.joined(separator: " "), "fill": "none", "stroke": color,
                "stroke-width": "2", "stroke-linejoin": "round",
            ]))
        }
        let format = NumberFormat.standard
        for point in points {
            let px = x(point.x) + dodge
            var mark = SVGElement("g")
            var label = "\(name), \(xLabel) \(format.label(point.x)): mean \(format.estimate(point.mean))"
            if point.hasInterval {
                label += " (95 % CI \(format.estimate(point.lower)) to \(format.estimate(point.upper)))"
            }
            mark.append(SVGElement("title", text: label + ", n = \(point.n)"))
            if point.hasInterval {
                let cap = 4.0
                let low = y(point.lower), high = y(point.upper)
                mark.append(c.line(x1: px, y1: low, x2: px, y2: high, color: color, width: 1.5))
                mark.append(c.line(x1: px - cap, y1: low, x2: px + cap, y2: low, color: color, width: 1.5))
                mark.append(c.line(x1: px - cap, y1: high, x2: px + cap, y2: high, color: color, width: 1.5))
            }
            mark.append(MarkerShape.forSeries(index).element(x: px, y: y(point.mean),
                                                            size: Self.markerSize, color: color))
            group.append(mark)
        }
        return group
    }


    /// A predicted series: the interval as a translucent band, the means as a dashed line.
    private func predictedGroup(index: Int, points: [TrajectoryPoint], dodge: Double,
                                x: LinearScale, y: LinearScale) -> SVGElement {
        let c = PlotCanvas.self
        let color = Palette.color(forSeries: series[index].colorIndex ?? index)
        let name = series[index].name
        var group = SVGElement("g", ["class": "series predicted"])
        let banded = points.filter(\.hasInterval)
        if banded.count > 1 {
            let upper = banded.map { "\(c.coordinate(x($0.x) + dodge)),\(c.coordinate(y($0.upper)))" }
            let lower = banded.reversed().map { "\(c.coordinate(x($0.x) + dodge)),\(c.coordinate(y($0.lower)))" }
            group.append(SVGElement("polygon", [
                "points": (upper + lower).joined(separator: " "), "fill": color, "fill-opacity": "0.15", "stroke": "none",
            ]))
        }
        if points.count > 1 {
            let coordinates = points.map { "\(c.coordinate(x($0.x) + dodge)),\(c.coordinate(y($0.mean)))" }
            group.append(SVGElement("polyline", [
                "points": coordinates.joined(separator: " "), "fill": "none", "stroke": color,
                "stroke-width": "2", "stroke-dasharray": "6 4", "stroke-linejoin": "round",
            ]))
        }
        let format = NumberFormat.standard
        for point in points {
            var label = "\(name), \(xLabel) \(format.label(point.x)): predicted mean \(format.estimate(point.mean))"
            if point.hasInterval {
                label += " (95 % CI \(format.estimate(point.lower)) to \(format.estimate(point.upper)))"
            }
            var mark = SVGElement("g")
            mark.append(SVGElement("title", text: label))
            mark.append(SVGElement("circle", [
                "cx": c.coordinate(x(point.x) + dodge), "cy": c.coordinate(y(point.mean)), "r": "2", "fill": color,
            ]))
            group.append(mark)
        }
        return group
    }

    func legend(left: Double, top: Double) -> SVGElement {
        let c = PlotCanvas.self
        var group = SVGElement("g", ["class": "legend"])
        for (index, entry) in series.enumerated() {
            let color = Palette.color(forSeries: entry.colorIndex ?? index)
            let middle = top + 10 + Double(index) * Self.legendRowHeight
            if entry.style == .predicted {
                group.append(SVGElement("line", [
                    "x1": c.coordinate(left), "y1": c.coordinate(middle), "x2": c.coordinate(left + 24),
                    "y2": c.coordinate(middle), "stroke": color, "stroke-width": "2", "stroke-dasharray": "6 4",
                ]))
                group.append(c.text(entry.name, x: left + 32, y: middle + c.tickFontSize * 0.35, size: c.tickFontSize))
                continue
            }
            group.append(c.line(x1: left, y1: middle, x2: left + 24, y2: middle, color: color, width: 2))
            group.append(MarkerShape.forSeries(index).element(x: left + 12, y: middle,
                                                             size: Self.markerSize, color: color))
            group.append(c.text(entry.name, x: left + 32, y: middle + c.tickFontSize * 0.35,
                                size: c.tickFontSize))
        }
        return group
    }
}
