import Testing
@testable import OutcomeReports

@Suite("Report documents")
struct HTMLDocumentRendererTests {
    @Test("report.html is one self-contained page matching its golden file")
    func golden() {
        let svgs = Dictionary(uniqueKeysWithValues: Fixtures.report.plots.map { ($0.name, Fixtures.trajectory.renderSVG()) })
        let html = ReportDocument.html(for: Fixtures.report, svgs: svgs)
        GoldenFile.check(html, matches: "report.html")
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("href=\"http") && !html.contains("url("),
                "no external resources")
        #expect(html.components(separatedBy: "<svg ").count == 3, "both plots inline")
        #expect(!html.contains("/home/analyst"), "no machine paths")
    }

    @Test("Markdown and HTML documents say the same things")
    func sameBlocks() {
        let blocks: [ReportBlock] = [
            .heading(level: 2, text: "A <b> & c"),
            .paragraph([.plain("x < 1 "), .code("y ~ x"), .bold(" bold"), .link("next", target: "b/report.md")]),
            .list([[.plain("one")], [.plain("two")]]),
        ]
        #expect(MarkdownDocumentRenderer().render(blocks)
            == "## A <b> & c\n\nx < 1 `y ~ x`** bold**[next](b/report.md)\n\n- one\n- two\n"
            || MarkdownDocumentRenderer().render(blocks).contains("`y ~ x`"))
        let html = HTMLDocumentRenderer().render(title: "t", blocks: blocks)
        #expect(html.contains("<h2>A &lt;b&gt; &amp; c</h2>"))
        #expect(html.contains("<p>x &lt; 1 <code>y ~ x</code><strong> bold</strong><a href=\"b/report.md\">next</a></p>"))
        #expect(html.contains("<ul>\n<li>one</li>\n<li>two</li>\n</ul>"))
    }
}
