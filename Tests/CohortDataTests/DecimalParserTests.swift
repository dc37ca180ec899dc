import Testing
@testable import CohortData

@Suite struct DecimalParserTests {
    @Test(arguments: [
        ("0", 0.0), ("7", 7), ("-3", -3), ("+2", 2), ("6.5", 6.5), ("6.", 6), (".5", 0.5),
        ("-0.25", -0.25), ("1e3", 1000), ("2.5E-2", 0.025), ("1E+2", 100), ("007.50", 7.5),
        ("0.1", 0.1), ("120", 120), ("0.000001", 1e-6),
    ])
    func parsesDecimalNumbers(text: String, expected: Double) {
        #expect(DecimalParser.parse(text) == expected)
    }

    @Test(arguments: [
        "", "-", "+", ".", "e5", "1e", "1e+", "seven", "nan", "NaN", "inf", "-infinity", "0x1p3",
        "1,5", "1 000", "1.2.3", "--1", "1e400", " 1", "1 ",
    ])
    func rejectsNonNumbers(text: String) {
        #expect(DecimalParser.parse(text) == nil)
    }

    /// The fast path and the fallback must both be correctly rounded: compare with the
    /// standard library's correctly rounded parser over texts that exercise each.
    @Test(arguments: [
        "0.1", "0.3", "2.675", "1.0000000000000002", "123456789012345678901234567890",
        "9007199254740993", "4.35", "0.000000000000000000000001", "1.7976931348623157e308",
        "2.2250738585072014e-308", "5e-324", "3.14159265358979323846", "12345.678901234567",
        "-0.0", "99999999999999999999e-5",
    ])
    func agreesWithStandardLibrary(text: String) {
        let parsed = DecimalParser.parse(text)
        let reference = Double(text)!
        #expect(parsed?.bitPattern == reference.bitPattern)
    }

    @Test func randomSignificandsAgreeWithStandardLibrary() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            let digits = 1 + generator.nextInt(below: 17)
            var text = ""
            for _ in 0..<digits { text.append(Character(Unicode.Scalar(UInt8(48 + generator.nextInt(below: 10))))) }
            let point = generator.nextInt(below: digits + 1)
            text.insert(".", at: text.index(text.startIndex, offsetBy: point))
            if generator.nextInt(below: 2) == 0 { text += "e\(generator.nextInt(below: 60) - 30)" }
            #expect(DecimalParser.parse(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }
}

@Suite struct DecimalParserPlainPathTests {
    /// The plain path (sign, at most 15 digits, one optional point, nothing else) and the
    /// general path around its edges: 15 against 16 digits, leading zeros, signs and points
    /// at either end, signed zeros. Every accepted text must match the standard library bit
    /// for bit; every rejected one must be rejected by the general grammar too.
    @Test(arguments: [
        "123456789012345", "1234567890123456", "12345678.9012345", "1234567.89012345", "0.00000000000001",
        "000000000000000", "0000000000000001", "-0", "+0", "-0.0", "-.5", "+.5", "1.", "-1.", ".000000000000001",
        "999999999999999", "-999999999999999.", "9007199254740993", "0.1", "0.2", "0.3", "27.0", "3.9",
    ])
    func plainNumbersMatchTheStandardLibrary(text: String) {
        #expect(DecimalParser.parse(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
    }

    @Test(arguments: ["1..2", ".", "-", "+", "-.", "1-", "1+1", "1.2.", "..", "1 ", "٣", "1.2e", "12345678901234567."])
    func plainLookingTextsAreRejectedAsBefore(text: String) {
        let expected: Double? = text == "12345678901234567." ? 12345678901234567 : nil
        #expect(DecimalParser.parse(text) == expected, "\(text)")
    }

    @Test func randomPlainNumbersAgreeWithStandardLibrary() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<20_000 {
            let digits = 1 + generator.nextInt(below: 16)
            var text = ""
            for _ in 0..<digits { text.append(Character(Unicode.Scalar(UInt8(48 + generator.nextInt(below: 10))))) }
            if generator.nextInt(below: 4) != 0 {
                text.insert(".", at: text.index(text.startIndex, offsetBy: generator.nextInt(below: digits + 1)))
            }
            if generator.nextInt(below: 3) == 0 { text = "-" + text }
            #expect(DecimalParser.parse(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }
}
