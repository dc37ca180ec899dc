import Testing
@testable import OutcomeReports

@Suite("Palette")
struct PaletteTests {
    @Test("the eight Okabe–Ito colours, each once")
    func colours() {
        #expect(Palette.okabeIto.count == 8)
        #expect(Set(Palette.okabeIto) == ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00",
                                          "#CC79A7", "#F0E442", "#000000"])
    }

    @Test("series colours cycle after eight", arguments: [(0, "#E69F00"), (1, "#56B4E9"), (8, "#E69F00"), (15, "#000000")])
    func cycle(index: Int, expected: String) {
        #expect(Palette.color(forSeries: index) == expected)
    }
}
