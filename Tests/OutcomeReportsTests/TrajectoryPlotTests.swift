import Testing
@testable import OutcomeReports

@Suite("TrajectoryPlot")
struct TrajectoryPlotTests {
    static func plot(_ series: [TrajectorySeries], title: String = "Edge case") -> TrajectoryPlot {
        TrajectoryPlot(title: title, description: "A test plot.", xLabel: "Week", yLabel: "Pain", series: series)
    }

    static func number(_ text: String?) -> Double { text.flatMap(Double.init) ?? .nan }

    @Test("matches the golden file")
    func golden() {
        GoldenFile.check(Fixtures.trajectory.renderSVG(), matches: "trajectory.svg")
    }

    @Test("edge cases match their golden file")
    func goldenEdgeCases() {
        let plot = Self.plot([
            TrajectorySeries(name: "<script>alert('x')</script>", points: [
                TrajectoryPoint(x: 0, mean: 4, lower: .nan, upper: 5, n: 3),
                TrajectoryPoint(x: 1, mean: 4, lower: 3, upper: .infinity, n: 3),
            ]),
            TrajectorySeries(name: "single & lonely", points: [TrajectoryPoint(x: 0.5, mean: 4, lower: 4, upper: 4, n: 1)]),
            TrajectorySeries(name: "empty", points: []),
        ], title: "All-equal means, missing bounds, one point, an empty series")
        GoldenFile.check(plot.renderSVG(), matches: "trajectory-edge-cases.svg")
    }

    @Test("is well-formed XML with svg root, title and desc first")
    func wellFormed() throws {
        let check = XMLDocumentCheck(Fixtures.trajectory.renderSVG())
        #expect(check.error == nil)
        let names = check.elements.map(\.name)
        #expect(Array(names.prefix(3)) == ["svg", "title", "desc"])
        let root = try #require(check.elements.first)
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["viewBox"] == "0 0 \(root.attributes["width"]!) \(root.attributes["height"]!)")
        #expect(check.elements[1].text == "Pain over time by cohort")
        #expect(check.elements[2].text.hasPrefix("Mean pain NRS"))
    }

    @Test("renders byte-identical output twice")
    func deterministic() {
        #expect(Fixtures.trajectory.renderSVG() == Fixtures.trajectory.renderSVG())
    }

    @Test("escapes a level named <script>")
    func escaping() {
        let svg = Self.plot([TrajectorySeries(name: "<script>", points: [Fixtures.point(0, 5, 1, n: 10)])],
                            title: "A & B's \"plot\"").renderSVG()
        #expect(!svg.contains("<script"))
        #expect(svg.contains("&lt;script&gt;"))
        #expect(svg.contains("A &amp; B&#39;s &quot;plot&quot;"))
        #expect(XMLDocumentCheck(svg).error == nil)
    }

    @Test("one colour per series, lines, points and capped error bars")
    func elements() {
        let check = XMLDocumentCheck(Fixtures.trajectory.renderSVG())
        let lines = check.elements(named: "polyline")
        #expect(lines.map { $0.attributes["stroke"] } == ["#E69F00", "#56B4E9", "#009E73"])
        // 15 points: one bar and two caps each, in the series groups.
        let barLines = check.elements(named: "line").filter { $0.classPath.contains("series") }
        #expect(barLines.count == 45)
        let tooltips = check.elements(named: "title").dropFirst()
        #expect(tooltips.count == 15)
        #expect(tooltips.first?.text == "acute, Week 0: mean 6.800 (95 % CI 6.380 to 7.220), n = 40")
    }

    @Test("tick labels are round numbers")
    func ticks() {
        let check = XMLDocumentCheck(Fixtures.trajectory.renderSVG())
        let labels = check.elements(named: "text").filter { $0.classPath.contains("axes") }.map(\.text)
        #expect(labels == ["0", "2", "4", "6", "8", "2", "3", "4", "5", "6", "7", "8", "Week", "Pain NRS (0-10)"])
    }

    @Test("the legend sits right of the data region and inside the image")
    func legendPlacement() throws {
        let check = XMLDocumentCheck(Fixtures.trajectory.renderSVG())
        let axisLines = check.elements(named: "line").filter { $0.classPath.contains("axes") }
        let dataRight = axisLines.map { Self.number($0.attributes["x2"]) }.max() ?? .nan
        let legend = check.elements.filter { $0.classPath.contains("legend") }
        #expect(legend.count == 9)
        let width = Self.number(check.elements.first?.attributes["width"])
        for element in legend {
            let xs = [element.attributes["x"], element.attributes["x1"], element.attributes["cx"]].compactMap { $0 }
            for x in xs { #expect(Self.number(x) > dataRight, "\(element.name) at \(x)") }
        }
        let names = legend.filter { $0.name == "text" }
        #expect(names.map(\.text) == ["acute", "subacute", "chronic"])
        for name in names {
            let right = Self.number(name.attributes["x"]) + PlotCanvas.estimatedWidth(name.text, fontSize: 12)
            #expect(right <= width)
        }
    }

    @Test("series are dodged apart on x")
    func dodge() {
        let check = XMLDocumentCheck(Fixtures.trajectory.renderSVG())
        let circles = check.elements(named: "circle").filter { $0.classPath.contains("series") }
        let squares = check.elements(named: "rect").filter { $0.classPath.contains("series") }
        let circleX = Self.number(circles.first?.attributes["cx"])
        let squareX = Self.number(squares.first?.attributes["x"]) + Self.number(squares.first?.attributes["width"]) / 2
        #expect(abs(squareX - circleX - 10) < 0.02)
    }

    @Test("every coordinate is written with two decimals")
    func fixedDecimals() {
        let check = XMLDocumentCheck(Fixtures.trajectory.renderSVG())
        for element in check.elements where ["line", "circle", "text"].contains(element.name) {
            for key in ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy"] {
                guard let value = element.attributes[key] else { continue }
                #expect(value.wholeMatch(of: /-?[0-9]+\.[0-9]{2}/) != nil, "\(element.name) \(key)=\(value)")
            }
        }
    }

    @Test("edge cases render without crashing", arguments: [
        ("no series", [TrajectorySeries]()),
        ("empty series", [TrajectorySeries(name: "a", points: [])]),
        ("single point", [TrajectorySeries(name: "a", points: [TrajectoryPoint(x: 2, mean: 5, lower: 4, upper: 6, n: 9)])]),
        ("non-finite bounds", [TrajectorySeries(name: "a", points: [
            TrajectoryPoint(x: 0, mean: 5, lower: .nan, upper: 6, n: 9),
            TrajectoryPoint(x: 1, mean: 4, lower: -.infinity, upper: .infinity, n: 9)])]),
        ("non-finite means and x", [TrajectorySeries(name: "a", points: [
            TrajectoryPoint(x: .nan, mean: 5, lower: 4, upper: 6, n: 9),
            TrajectoryPoint(x: 1, mean: .nan, lower: 4, upper: 6, n: 9),
            TrajectoryPoint(x: .infinity, mean: 5, lower: 4, upper: 6, n: 9)])]),
        ("all-equal values", [TrajectorySeries(name: "a", points: [
            TrajectoryPoint(x: 3, mean: 0, lower: 0, upper: 0, n: 1),
            TrajectoryPoint(x: 3, mean: 0, lower: 0, upper: 0, n: 1)])]),
        ("twelve series", (0..<12).map { TrajectorySeries(name: "s\($0)", points: [Fixtures.point(Double($0), 1, 0.5, n: 2)]) }),
        ("huge values", [TrajectorySeries(name: "a", points: [
            TrajectoryPoint(x: -1e300, mean: -1e300, lower: -1.5e308, upper: 1.5e308, n: 1),
            TrajectoryPoint(x: 1e300, mean: 1e300, lower: 1e300, upper: 1e300, n: 1)])]),
    ] as [(String, [TrajectorySeries])])
    func edgeCases(label: String, series: [TrajectorySeries]) {
        let svg = Self.plot(series).renderSVG()
        let check = XMLDocumentCheck(svg)
        #expect(check.error == nil, "\(label)")
        #expect(!svg.contains("NaN") && !svg.contains("Inf\""), "\(label)")
    }

    @Test("no data says so")
    func noData() {
        let check = XMLDocumentCheck(Self.plot([]).renderSVG())
        #expect(check.elements(named: "text").contains { $0.text == "No data" })
        #expect(check.elements.allSatisfy { !$0.classPath.contains("legend") })
    }

    @Test("non-finite bounds drop only the bar")
    func skippedBars() {
        let check = XMLDocumentCheck(Self.plot([TrajectorySeries(name: "a", points: [
            TrajectoryPoint(x: 0, mean: 5, lower: .nan, upper: 6, n: 9),
            TrajectoryPoint(x: 1, mean: 4, lower: 3, upper: 5, n: 9)])]).renderSVG())
        let seriesLines = check.elements(named: "line").filter { $0.classPath.contains("series") }
        #expect(seriesLines.count == 3)
        #expect(check.elements(named: "circle").filter { $0.classPath.contains("series") }.count == 2)
    }
}
