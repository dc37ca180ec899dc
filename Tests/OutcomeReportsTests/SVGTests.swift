import Testing
@testable import OutcomeReports

@Suite("SVGElement")
struct SVGTests {
    @Test("escapes the five XML specials", arguments: [
        ("a & b", "a &amp; b"),
        ("<script>", "&lt;script&gt;"),
        (#"say "hi""#, "say &quot;hi&quot;"),
        ("O'Brien", "O&#39;Brien"),
        ("line\nbreak\ttab\r", "line&#10;break&#9;tab&#13;"),
        ("nul\u{00}bell\u{07}", "nul\u{FFFD}bell\u{FFFD}"),
        ("痛み é", "痛み é"),
    ] as [(String, String)])
    func escaping(text: String, expected: String) {
        #expect(SVGElement.escape(text) == expected)
    }

    @Test("renders attributes in order, self-closes empty elements, indents children")
    func rendering() {
        var group = SVGElement("g", ["class": "axes", "fill": "none"])
        group.append(SVGElement("line", ["x1": "0", "y1": "0"]))
        group.append(SVGElement("text", ["x": "1"], text: "a < b"))
        let expected = """
        <g class="axes" fill="none">
          <line x1="0" y1="0"/>
          <text x="1">a &lt; b</text>
        </g>

        """
        #expect(group.rendered() == expected)
    }

    @Test("attribute values are escaped")
    func attributeEscaping() {
        let element = SVGElement("a", attributes: [SVGAttribute(name: "title", value: #"x" onload="evil"#)])
        #expect(element.rendered() == "<a title=\"x&quot; onload=&quot;evil\"/>\n")
    }

    @Test("mixed content puts text on its own line")
    func mixed() {
        let element = SVGElement("g", children: [.text("t"), .element(SVGElement("rect"))])
        #expect(element.rendered() == "<g>\n  t\n  <rect/>\n</g>\n")
    }

    @Test("hostile strings still give well-formed XML")
    func wellFormed() {
        let hostile = "<script>alert('x')</script> & \"quotes\" \u{01} ]]> <!-- -->"
        let svg = SVGElement("svg", ["xmlns": "http://www.w3.org/2000/svg", "data-x": hostile],
                             children: [.element(SVGElement("title", text: hostile))])
        let check = XMLDocumentCheck(svg.rendered())
        #expect(check.error == nil)
        #expect(check.elements(named: "title").first?.text == hostile.replacingOccurrences(of: "\u{01}", with: "\u{FFFD}"))
    }
}
