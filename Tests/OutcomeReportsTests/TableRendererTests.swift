import Testing
@testable import OutcomeReports

@Suite("Table renderers")
struct TableRendererTests {
    @Test("HTML, CSV and LaTeX renderings match their golden files")
    func golden() {
        GoldenFile.check(HTMLTableRenderer().render(Fixtures.awkwardTable), matches: "awkward-table.html")
        GoldenFile.check(CSVTableRenderer().render(Fixtures.awkwardTable), matches: "awkward-table.csv")
        GoldenFile.check(LaTeXTableRenderer().render(Fixtures.awkwardTable), matches: "awkward-table.tex")
        GoldenFile.check(MarkdownRenderer().render(Fixtures.awkwardTable), matches: "awkward-table.md")
        let coefficients = Fixtures.coefficients.table(title: "Coefficients")
        GoldenFile.check(HTMLTableRenderer().render(coefficients), matches: "coefficients.html")
        GoldenFile.check(CSVTableRenderer().render(coefficients), matches: "coefficients.csv")
        GoldenFile.check(LaTeXTableRenderer().render(coefficients), matches: "coefficients.tex")
    }

    @Test("a level named <script> is text in HTML, never markup")
    func htmlEscapesScript() {
        let html = HTMLTableRenderer().render(Fixtures.awkwardTable)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(XMLDocumentCheck(html).error == nil)
    }

    @Test("CSV cells that a spreadsheet would run as formulas are neutralised", arguments: [
        ("=1+2", "'=1+2"), ("+cmd", "'+cmd"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("-0.25", "-0.25"), ("+4", "+4"), ("-1.2e-05", "-1.2e-05"), ("plain", "plain"),
        ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("=a,b", "\"'=a,b\""),
    ])
    func csvInjection(_ cell: String, _ expected: String) {
        #expect(CSVTableRenderer.field(cell) == expected)
    }

    @Test("LaTeX escapes specials and sets minus signs", arguments: [
        ("50% & $2_{x}", "50\\% \\& \\$2\\_\\{x\\}"), ("-0.25", "$-$0.25"), ("well-being", "well-being"),
        ("< 0.001", "$<$ 0.001"), ("a\\b", "a\\textbackslash{}b"), ("~^", "\\textasciitilde{}\\textasciicircum{}"),
        ("[-1.2, -0.5]", "[$-$1.2, $-$0.5]"),
    ])
    func latexEscaping(_ text: String, _ expected: String) {
        #expect(LaTeXTableRenderer.escape(text) == expected)
    }

    @Test("side-by-side tables align terms across models")
    func sideBySide() {
        let other = CoefficientTable(rows: [
            .reference("cohortacute"),
            CoefficientRow(term: "week", estimate: 1.5, standardError: 0.2, statistic: 7.5, pValue: 1e-9,
                           confidenceLow: 1.1, confidenceHigh: 1.9),
        ])
        let table = SideBySideTable(models: [.init(name: "Pain", coefficients: Fixtures.coefficients),
                                             .init(name: "Flexion", coefficients: other)]).table(title: "Outcomes")
        #expect(table.columns.count == 5)
        #expect(table.headerGroups.map(\.title) == ["", "Pain", "Flexion"])
        #expect(table.rows.map(\.first!) == ["(Intercept)", "week", "cohort[T.chronic]", "week:cohort[T.chronic]",
                                              "technique[T.deep_tissue]", "cohortacute"])
        #expect(table.rows[1] == ["week", "-0.4127", "[-0.4760, -0.3494]", "1.500", "[1.100, 1.900]"])
        #expect(table.rows[4] == ["technique[T.deep_tissue]", "aliased", "", "—", ""])
        #expect(table.rows[5] == ["cohortacute", "—", "", "ref", ""])
        GoldenFile.check(MarkdownRenderer().render(table), matches: "side-by-side.md")
        GoldenFile.check(HTMLTableRenderer().render(table), matches: "side-by-side.html")
        GoldenFile.check(LaTeXTableRenderer().render(table), matches: "side-by-side.tex")
    }
}
