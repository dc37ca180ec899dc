import Testing
@testable import OutcomeReports

/// U+0001, U+FFFE and bidirectional overrides never reach HTML, SVG, Markdown or LaTeX raw.
@Suite struct UnsafeTextTests {
    static let hostile = "a\u{1}b\u{FFFE}c\u{202E}d\u{1B}e\u{9B}f"

    @Test func htmlAndSVGReplaceThem() {
        #expect(HTMLEscaping.text(Self.hostile) == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f")
        #expect(SVGElement.escape(Self.hostile) == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f")
    }

    @Test func latexDropsThem() {
        #expect(LaTeXTableRenderer.escape(Self.hostile) == "abcdef")
    }

    @Test func markdownReplacesThem() {
        #expect(MarkdownEscaping.inline(Self.hostile) == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f")
    }

    @Test(arguments: [Unicode.Scalar(0x09)!, "\n", "\r", "a", "é", "\u{FFFD}", "\u{1F600}"])
    func ordinaryCharactersAreSafe(scalar: Unicode.Scalar) {
        #expect(!UnsafeText.isUnsafe(scalar))
    }
}
