import Testing
@testable import OutcomeReports

@Suite("ReportDocument")
struct ReportDocumentTests {
    @Test("report.md matches the golden file")
    func golden() {
        GoldenFile.check(ReportDocument.markdown(for: Fixtures.report), matches: "report.md")
    }

    @Test("no machine paths, no timestamps, byte-identical reruns")
    func deterministic() {
        let markdown = ReportDocument.markdown(for: Fixtures.report)
        #expect(!markdown.contains("/home/"))
        #expect(markdown.contains("`visits.csv`"))
        #expect(markdown == ReportDocument.markdown(for: Fixtures.report))
        #expect(markdown.wholeMatch(of: /(?s).*20[0-9]{2}-[0-9]{2}-[0-9]{2}.*/) == nil)
    }

    @Test("data file names: relative as given, absolute reduced to the file name", arguments: [
        ("visits.csv", "visits.csv"),
        ("data/visits.csv", "data/visits.csv"),
        ("/home/ana/trial/visits.csv", "visits.csv"),
        ("~/visits.csv", "visits.csv"),
        (#"C:\data\visits.csv"#, "visits.csv"),
        (#"\\server\share\visits.csv"#, "visits.csv"),
    ] as [(String, String)])
    func displayFileName(path: String, expected: String) {
        #expect(ReportDocument.displayFileName(path) == expected)
    }

    @Test("fit statistics sentence in R's order")
    func fitSentence() {
        #expect(ReportDocument.fitStatisticsSentence(Fixtures.fit) ==
            "Residual standard error 1.102 on 95 degrees of freedom. R² = 0.6452, adjusted R² = 0.6340. "
            + "F = 57.60 on 3 and 95 degrees of freedom, p < 0.001.")
        let plain = LinearFitStatistics(rSquared: 0.1, adjustedRSquared: 0.05, residualStandardError: 2,
                                        residualDegreesOfFreedom: 37.5,
                                        fTest: .init(statistic: 2.1, numeratorDegreesOfFreedom: 2,
                                                     denominatorDegreesOfFreedom: 37.5, pValue: 0.1362))
        #expect(ReportDocument.fitStatisticsSentence(plain).hasSuffix("F = 2.100 on 2 and 37.50 degrees of freedom, p = 0.136."))
        let interceptOnly = LinearFitStatistics(rSquared: 0, adjustedRSquared: 0, residualStandardError: 2,
                                                residualDegreesOfFreedom: 9, fTest: nil)
        #expect(ReportDocument.fitStatisticsSentence(interceptOnly)
                == "Residual standard error 2.000 on 9 degrees of freedom. R² = 0, adjusted R² = 0.")
    }

    @Test("user text in the title, formula and notes is escaped")
    func escaping() {
        let input = LinearReportInput(title: "# <b>bold</b> | x", formula: "y ~ `odd`", dataFile: "a|b.csv",
                                      observationsUsed: 1, observationsDropped: 0,
                                      coefficients: CoefficientTable(rows: []), fit: Fixtures.fit,
                                      notes: ["<script>"], plots: [PlotLink(name: "p", altText: "[x](y)")])
        let markdown = ReportDocument.markdown(for: input)
        #expect(markdown.hasPrefix(#"# # \<b>bold\</b> \| x"#))
        #expect(markdown.contains("- Formula: `` y ~ `odd` ``"))
        #expect(markdown.contains(#"- \<script>"#))
        #expect(markdown.contains(#"![[x\](y)](plots/p.svg)"#))
    }
}
