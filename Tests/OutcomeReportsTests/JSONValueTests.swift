import Foundation
import Testing
@testable import OutcomeReports

@Suite("JSONValue")
struct JSONValueTests {
    @Test("strings escape quotes, backslashes and control characters", arguments: [
        ("plain", #""plain""#),
        ("say \"hi\"", #""say \"hi\"""#),
        (#"C:\data"#, #""C:\\data""#),
        ("a\nb\tc\r", #""a\nb\tc\r""#),
        ("\u{08}\u{0C}", #""\b\f""#),
        ("\u{01}\u{1F}", #""\u0001\u001f""#),
        ("é 痛み </script>", #""é 痛み </script>""#),
    ] as [(String, String)])
    func escaping(text: String, expected: String) {
        #expect(JSONValue.string(text).rendered(pretty: false) == expected)
    }

    @Test("escaped strings parse back to the original with JSONSerialization")
    func escapingRoundTrip() throws {
        let text = "quote \" backslash \\ newline \n nul \u{00} bell \u{07} unit \u{1F} del \u{7F} ü"
        let json = JSONValue.array([.string(text)]).rendered(pretty: false)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
        #expect(parsed == [text])
    }

    @Test("numbers round-trip and non-finite numbers are null")
    func numbers() throws {
        let values = [0.1, 1e-5, -0.0, 3.0, 1.0 / 3.0, .nan, .infinity]
        let json = JSONValue.array(values.map(JSONValue.number)).rendered(pretty: false)
        #expect(json == "[0.1,1e-05,-0.0,3.0,0.3333333333333333,null,null]")
        let parsed = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])
        #expect(parsed.count == values.count)
    }

    @Test("compact rendering keeps insertion order and has no trailing newline")
    func compact() {
        let value: JSONValue = ["zeta": 1, "alpha": [true, nil, 2.5], "empty": [:], "none": []]
        #expect(value.rendered(pretty: false) == #"{"zeta":1,"alpha":[true,null,2.5],"empty":{},"none":[]}"#)
    }

    @Test("pretty rendering: two-space indent, one trailing newline")
    func pretty() {
        let value: JSONValue = [
            "model": "lm",
            "n": .integer(99),
            "coefficients": [["term": "week", "estimate": .reportNumber(-0.41273612345678)]],
            "aliased": [],
            "notes": .number(orNull: nil),
        ]
        let expected = """
        {
          "model": "lm",
          "n": 99,
          "coefficients": [
            {
              "term": "week",
              "estimate": -0.4127361235
            }
          ],
          "aliased": [],
          "notes": null
        }

        """
        #expect(value.rendered() == expected)
    }

    @Test("equality is ordered and distinguishes integers from numbers")
    func equality() {
        #expect(JSONValue.object([("a", 1), ("b", 2)]) != JSONValue.object([("b", 2), ("a", 1)]))
        #expect(JSONValue.integer(2) != JSONValue.number(2))
        #expect(JSONValue.number(.nan) == JSONValue.number(.nan))
        #expect(JSONValue.number(orNull: 1.5) == .number(1.5))
    }
}
