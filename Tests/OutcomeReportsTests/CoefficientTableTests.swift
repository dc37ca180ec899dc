import Testing
@testable import OutcomeReports

@Suite("CoefficientTable")
struct CoefficientTableTests {
    @Test("columns and number policy")
    func cells() {
        let table = Fixtures.coefficients.table(title: "Coefficients")
        #expect(table.columns.map(\.header) == ["Term", "Estimate", "Std. error", "t", "p", "95 % CI"])
        #expect(table.columns.map(\.alignment) == [.left, .right, .right, .right, .right, .right])
        #expect(table.rows[1] == ["week", "-0.4127", "0.03191", "-12.94", "< 0.001", "[-0.4760, -0.3494]"])
        #expect(table.rows[3][4] == "0.053")
    }

    @Test("aliased terms print 'aliased' and get a footnote")
    func aliased() {
        let table = Fixtures.coefficients.table()
        #expect(table.rows.last == ["technique[T.deep_tissue]", "aliased", "", "", "", ""])
        #expect(table.footnotes == ["1 coefficient not defined because of singularities (aliased): its column is a linear combination of earlier ones."])
        #expect(CoefficientRow.aliased("x").isAliased)
        let two = CoefficientTable(rows: [.aliased("a"), .aliased("b")]).table()
        #expect(two.footnotes == ["2 coefficients not defined because of singularities (aliased): their columns are linear combinations of earlier ones."])
    }

    @Test("no footnote without aliased terms")
    func noFootnote() {
        let table = CoefficientTable(rows: Array(Fixtures.coefficients.rows.prefix(2))).table()
        #expect(table.footnotes.isEmpty)
    }

    @Test("interval header follows the confidence level", arguments: [
        (0.95, "95 % CI"), (0.9, "90 % CI"), (0.99, "99 % CI"), (0.999, "99.9 % CI"), (0.8, "80 % CI"),
    ] as [(Double, String)])
    func intervalHeader(level: Double, expected: String) {
        #expect(CoefficientTable(rows: [], confidenceLevel: level).intervalHeader == expected)
    }

    @Test("z statistic column for GLMs")
    func zColumn() {
        #expect(CoefficientTable(rows: [], statisticName: "z").table().columns[3].header == "z")
    }

    @Test("Markdown rendering matches the golden file")
    func golden() {
        let markdown = MarkdownRenderer().render(Fixtures.coefficients.table(title: "Coefficients"))
        GoldenFile.check(markdown, matches: "coefficients.md")
    }

    @Test("reference levels print 'ref' with a footnote and are not aliased")
    func referenceRows() {
        let table = CoefficientTable(rows: [
            .reference("techniqueusual_care"),
            CoefficientRow(term: "techniquecombined", estimate: -1, standardError: 0.5, statistic: -2, pValue: 0.05,
                           confidenceLow: -2, confidenceHigh: 0),
        ]).table()
        #expect(table.rows[0] == ["techniqueusual_care", "ref", "", "", "", ""])
        #expect(!CoefficientRow.reference("x").isAliased)
        #expect(table.footnotes.count == 1 && table.footnotes[0].hasPrefix("ref: reference level"))
    }
}
