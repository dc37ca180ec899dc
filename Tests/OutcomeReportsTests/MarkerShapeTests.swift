import Testing
@testable import OutcomeReports

@Suite("MarkerShape")
struct MarkerShapeTests {
    @Test("shapes cycle by series", arguments: [(0, MarkerShape.circle), (1, .square), (2, .diamond), (3, .triangle), (4, .circle)])
    func cycle(index: Int, expected: MarkerShape) {
        #expect(MarkerShape.forSeries(index) == expected)
    }

    @Test("elements are centred and use fixed decimals")
    func elements() {
        #expect(MarkerShape.circle.element(x: 10, y: 20, size: 3.5, color: "#000000").rendered()
                == "<circle cx=\"10.00\" cy=\"20.00\" r=\"3.50\" fill=\"#000000\"/>\n")
        let square = MarkerShape.square.element(x: 10, y: 20, size: 2, color: "#000000")
        #expect(square.attributes.map(\.value) == ["8.23", "18.23", "3.54", "3.54", "#000000"])
        let diamond = MarkerShape.diamond.element(x: 0, y: 0, size: 2, color: "#000000")
        #expect(diamond.attributes.first?.value == "M0.00,-2.50L2.50,0.00L0.00,2.50L-2.50,0.00Z")
    }
}
