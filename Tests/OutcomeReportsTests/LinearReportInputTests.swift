import Testing
@testable import OutcomeReports

@Suite("LinearReportInput")
struct LinearReportInputTests {
    @Test("plot links are relative and percent-encoded", arguments: [
        ("pain_trajectory", "plots/pain_trajectory.svg"),
        ("residuals vs fitted", "plots/residuals%20vs%20fitted.svg"),
        ("../etc/passwd", "plots/..%2Fetc%2Fpasswd.svg"),
        ("douleur-é", "plots/douleur-%C3%A9.svg"),
        ("a(b)", "plots/a%28b%29.svg"),
    ] as [(String, String)])
    func plotPath(name: String, expected: String) {
        #expect(PlotLink(name: name, altText: "").path == expected)
    }

    @Test("defaults: no notes, no plots")
    func defaults() {
        let input = LinearReportInput(title: "t", formula: "y ~ x", dataFile: "d.csv", observationsUsed: 1,
                                      observationsDropped: 0, coefficients: CoefficientTable(rows: []),
                                      fit: Fixtures.fit)
        #expect(input.notes.isEmpty)
        #expect(input.plots.isEmpty)
    }
}
