import Testing
@testable import OutcomeReports

@Suite("MarkdownEscaping")
struct MarkdownEscapingTests {
    @Test("cells escape markup and keep ordinary text readable", arguments: [
        ("plain text", "plain text"),
        ("a|b", #"a\|b"#),
        ("<script>alert(1)</script>", #"\<script>alert(1)\</script>"#),
        ("< 0.001", "< 0.001"),
        ("deep_tissue", "deep_tissue"),
        ("_private_", #"\_private\_"#),
        ("week*cohort", #"week\*cohort"#),
        ("technique[T.deep_tissue]", "technique[T.deep_tissue]"),
        ("[click](http://example.com)", #"[click\](http://example.com)"#),
        ("![img](x.png)", #"![img\](x.png)"#),
        ("[ref]: http://example.com", #"[ref\]: http://example.com"#),
        ("line one\nline two", "line one<br>line two"),
        ("crlf\r\nend", "crlf<br>end"),
        ("$5 and $10", #"\$5 and \$10"#),
        ("AT&T &amp; B & C;", #"AT&T \&amp; B & C;"#),
        ("&nbsp x", "&nbsp x"),
        ("&#60;", #"\&#60;"#),
        ("`code`", #"\`code\`"#),
        (#"back\slash"#, #"back\\slash"#),
        ("~~struck~~", #"\~\~struck\~\~"#),
        ("-0.4127", "-0.4127"),
        ("[-0.476, -0.3494]", "[-0.476, -0.3494]"),
    ] as [(String, String)])
    func cell(text: String, expected: String) {
        #expect(MarkdownEscaping.cell(text) == expected)
    }

    @Test("inline text turns line breaks into spaces")
    func inline() {
        #expect(MarkdownEscaping.inline("a\nb|c") == #"a b\|c"#)
    }

    @Test("headings escape a trailing hash", arguments: [
        ("Issue #", "Issue \\#"), ("C#", "C\\#"), (" # Title ", "# Title"), ("Plain", "Plain"),
    ] as [(String, String)])
    func heading(text: String, expected: String) {
        #expect(MarkdownEscaping.heading(text) == expected)
    }

    @Test("paragraphs escape a leading block marker", arguments: [
        ("# not a heading", ##"\# not a heading"##),
        ("> not a quote", #"\> not a quote"#),
        ("- not a list", #"\- not a list"#),
        ("+ not a list", #"\+ not a list"#),
        ("1. not a list", #"1\. not a list"#),
        ("12) not a list", #"12\) not a list"#),
        ("2024 was a year", "2024 was a year"),
        ("  padded  ", "padded"),
        ("=", #"\="#),
        ("", ""),
    ] as [(String, String)])
    func paragraph(text: String, expected: String) {
        #expect(MarkdownEscaping.paragraph(text) == expected)
    }

    @Test("code spans use a fence longer than any backtick run", arguments: [
        ("y ~ a*b", "`y ~ a*b`"),
        ("a`b", "``a`b``"),
        ("`x", "`` `x ``"),
        ("a``b`", "``` a``b` ```"),
        ("two\nlines", "`two lines`"),
        ("", ""),
    ] as [(String, String)])
    func codeSpan(text: String, expected: String) {
        #expect(MarkdownEscaping.codeSpan(text) == expected)
    }
}
