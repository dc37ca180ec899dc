import Testing
@testable import OutcomeReports

@Suite("JSONNumber")
struct JSONNumberTests {
    /// RFC 8259's number grammar.
    static func isJSONNumber(_ text: String) -> Bool {
        text.wholeMatch(of: /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/) != nil
    }

    @Test("shortest round-trip text that parses back to the same Double", arguments: [
        0.1, 0.1 + 0.2, 1e-5, Double.leastNonzeroMagnitude, 1.7976931348623157e308, -0.0, 3.0, 123456789.123,
        Double.pi, 1e16, 1e-300, -42.0, 2.5e-8,
    ])
    func roundTrip(value: Double) throws {
        let text = JSONNumber.text(value)
        #expect(Self.isJSONNumber(text), "\(text) is not a JSON number")
        let parsed = try #require(Double(text))
        #expect(parsed == value)
        #expect(parsed.sign == value.sign)
    }

    @Test("documented spellings", arguments: [
        (3.0, "3.0"), (1e-5, "1e-05"), (1e16, "1e+16"), (-0.0, "-0.0"), (0.1, "0.1"),
    ] as [(Double, String)])
    func spellings(value: Double, expected: String) {
        #expect(JSONNumber.text(value) == expected)
    }

    @Test("non-finite numbers become null", arguments: [Double.nan, .infinity, -.infinity])
    func nonFinite(value: Double) {
        #expect(JSONNumber.text(value) == "null")
    }

    @Test("report digits: ten significant digits", arguments: [
        (0.1 + 0.2, 0.3),
        (1.0 / 3.0, 0.3333333333),
        (-2.0 / 3.0, -0.6666666667),
        (123_456_789_012_345, 123_456_789_000_000),
        (6.02214076e23, 6.02214076e23),
        (1.234567890449e-7, 1.23456789e-7),
        (0.0, 0.0),
    ] as [(Double, Double)])
    func reportDigits(value: Double, expected: Double) {
        #expect(JSONNumber.reportDigits(value) == expected)
    }

    @Test("report digits keep non-finite values")
    func reportDigitsNonFinite() {
        #expect(JSONNumber.reportDigits(.nan).isNaN)
        #expect(JSONNumber.reportDigits(.infinity) == .infinity)
    }

    @Test("report digits print with at most ten significant digits")
    func reportDigitsText() {
        for value in [Double.pi, 1 / 7.0, -1e10 / 3, 2.0.squareRoot() * 1e-12] {
            let text = JSONNumber.text(JSONNumber.reportDigits(value))
            var mantissa = String(text.split(separator: "e")[0])
            if mantissa.contains(".") { while mantissa.hasSuffix("0") { mantissa.removeLast() } }
            let digits = mantissa.filter(\.isNumber).drop(while: { $0 == "0" })
            #expect(digits.count <= 10, "\(text)")
        }
    }
}
