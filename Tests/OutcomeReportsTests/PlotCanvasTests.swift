import Testing
@testable import OutcomeReports

@Suite("PlotCanvas")
struct PlotCanvasTests {
    @Test("coordinates: two decimals, clamped, NaN as zero", arguments: [
        (12.345, "12.35"), (-0.001, "0.00"), (1e9, "100000.00"), (-Double.infinity, "-100000.00"), (Double.nan, "0.00"),
    ] as [(Double, String)])
    func coordinate(value: Double, expected: String) {
        #expect(PlotCanvas.coordinate(value) == expected)
    }

    @Test("root element: namespace, viewBox matching integer size, role, title and desc first")
    func root() {
        let svg = PlotCanvas.root(width: 300.2, height: 200, title: "T", description: "D")
        #expect(svg.attributes.map(\.name) == ["xmlns", "viewBox", "width", "height", "role", "font-family"])
        #expect(svg.attributes[1].value == "0 0 301 200")
        #expect(svg.attributes[2].value == "301")
        let names = svg.children.compactMap { if case .element(let element) = $0 { element.name } else { nil } }
        #expect(names == ["title", "desc", "rect"])
    }

    @Test("text width estimates grow with length and font size")
    func widths() {
        #expect(PlotCanvas.estimatedWidth("", fontSize: 12) == 0)
        #expect(PlotCanvas.estimatedWidth("abcd", fontSize: 10) == 24)
    }
}
