import Testing
@testable import OutcomeReports

@Suite("NumberFormat")
struct NumberFormatTests {
    @Test("estimates: four significant digits, fixed notation for ordinary magnitudes", arguments: [
        (0.0, "0"),
        (-0.0, "0"),
        (1.5, "1.500"),
        (0.5, "0.5000"),
        (100, "100.0"),
        (-2.71828, "-2.718"),
        (12.3456, "12.35"),
        (-0.0123456, "-0.01235"),
        (1234.5678, "1235"),
        (123_456.7, "123457"),
        (9.9996, "10.00"),
        (0.99996, "1.000"),
        (0.0001, "0.0001000"),
        (0.000123456, "0.0001235"),
        (0.0000123456, "1.235e-05"),
        (-0.00001, "-1.000e-05"),
        (999_999_999_999_999, "1.000e+15"),
        (1.5e20, "1.500e+20"),
        (Double.nan, "NaN"),
        (Double.infinity, "Inf"),
        (-Double.infinity, "-Inf"),
    ] as [(Double, String)])
    func estimate(value: Double, expected: String) {
        #expect(NumberFormat.standard.estimate(value) == expected)
    }

    @Test("other significant digits", arguments: [
        (2, 3.14159, "3.1"), (1, 0.0456, "0.05"), (6, 1234.5678, "1234.57"), (3, 99.96, "100"),
    ] as [(Int, Double, String)])
    func significantDigits(digits: Int, value: Double, expected: String) {
        #expect(NumberFormat(significantDigits: digits).estimate(value) == expected)
    }

    @Test("p-values: < 0.001 below 0.001, else three decimals", arguments: [
        (0.0, "< 0.001"),
        (0.0004, "< 0.001"),
        (0.000_999_99, "< 0.001"),
        (0.001, "0.001"),
        (0.0456, "0.046"),
        (0.05, "0.050"),
        (0.9996, "1.000"),
        (1.0, "1.000"),
        (Double.nan, "NaN"),
    ] as [(Double, String)])
    func pValue(value: Double, expected: String) {
        #expect(NumberFormat.standard.pValue(value) == expected)
    }

    @Test("fixed decimals: no negative zero, no separators, C rounding", arguments: [
        (-3.14159, 2, "-3.14"),
        (-0.001, 2, "0.00"),
        (-0.0, 0, "0"),
        (1_234_567.891, 2, "1234567.89"),
        (2.5, 0, "2"),          // ties to even, as C's printf
        (0.125, 2, "0.12"),     // 0.125 is exact: tie to even
        (Double.nan, 2, "NaN"),
    ] as [(Double, Int, String)])
    func fixed(value: Double, decimals: Int, expected: String) {
        #expect(NumberFormat.fixed(value, decimals: decimals) == expected)
    }

    @Test("degrees of freedom: integers plain, fractional ones to four digits", arguments: [
        (95.0, "95"), (1196.0, "1196"), (37.4219, "37.42"), (Double.nan, "NaN"),
    ] as [(Double, String)])
    func degreesOfFreedom(value: Double, expected: String) {
        #expect(NumberFormat.standard.degreesOfFreedom(value) == expected)
    }

    @Test("labels: integers plain, other values to four digits", arguments: [
        (4.0, "4"), (-2.0, "-2"), (0.5, "0.5000"), (1e20, "1.000e+20"), (Double.infinity, "Inf"),
    ] as [(Double, String)])
    func label(value: Double, expected: String) {
        #expect(NumberFormat.standard.label(value) == expected)
    }

    @Test("the minus sign is ASCII hyphen-minus and there are no separators")
    func asciiOnly() {
        let samples = [-1234567.5, -0.5, -1e-9, 98765.4321]
        for text in samples.map(NumberFormat.standard.estimate) {
            #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
            #expect(!text.contains(","))
            #expect(!text.contains(" "))
        }
    }
}
