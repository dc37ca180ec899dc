import Testing
@testable import OutcomeReports

@Suite("Plot kinds")
struct PlotKindTests {
    static let plots: [(String, @Sendable () -> String)] = [
        ("forest.svg", { Fixtures.forest.renderSVG() }),
        ("xy.svg", { Fixtures.scatter.renderSVG() }),
        ("box.svg", { Fixtures.box.renderSVG() }),
        ("faceted-trajectory.svg", {
            FacetedTrajectoryPlot(title: "Pain by technique, per cohort", description: "Two panels sharing one legend.",
                                  xLabel: "Week", yLabel: "pain_nrs",
                                  facets: [TrajectoryFacet(title: "acute", series: Fixtures.trajectory.series),
                                           TrajectoryFacet(title: "chronic <b>", series: Array(Fixtures.trajectory.series.suffix(2)))])
                .renderSVG()
        }),
        ("xy-empty.svg", { XYPlot(title: "", description: "", xLabel: "x", yLabel: "y").renderSVG() }),
        ("forest-empty.svg", { ForestPlot(title: "None", description: "", xLabel: "x", rows: []).renderSVG() }),
        ("box-empty.svg", { BoxPlot(title: "None", description: "", yLabel: "y", boxes: []).renderSVG() }),
    ]

    @Test("every plot kind matches its golden SVG, is well-formed and renders identically twice")
    func golden() {
        for (name, render) in Self.plots {
            let svg = render()
            GoldenFile.check(svg, matches: name)
            #expect(svg == render(), "\(name) differs between two renders")
            let check = XMLDocumentCheck(svg)
            #expect(check.error == nil, "\(name): \(check.error ?? "")")
            #expect(svg.contains("<title>") && svg.contains("<desc>") && svg.contains("viewBox="))
            #expect(!svg.contains(" id="), "\(name) has an id attribute")
        }
    }

    @Test("user strings are escaped in SVG")
    func escaping() {
        let forest = Fixtures.forest.renderSVG()
        #expect(forest.contains("site_b &lt;north&gt;") && !forest.contains("<north>"))
        let box = Fixtures.box.renderSVG()
        #expect(box.contains("&lt;script&gt;") && !box.contains("<script>"))
    }

    @Test("reference lines are clipped to the data region")
    func clipping() {
        let (a, b) = XYPlot.clip(x1: 0, y1: 5, x2: 4, y2: -11, yRange: -3...1)
        #expect(a! == (1, 1) && b! == (2, -3))
        let (c, d) = XYPlot.clip(x1: 0, y1: 5, x2: 4, y2: 5, yRange: -3...1)
        #expect(c == nil && d == nil)
    }
}
