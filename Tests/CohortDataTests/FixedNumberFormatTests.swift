import Testing
@testable import CohortData
import PlainText

@Suite struct FixedNumberFormatTests {
    @Test(arguments: [
        (6.45, 1, "6.5"), (6.0, 1, "6.0"), (0.04, 1, "0.0"), (-0.04, 1, "0.0"), (-3.5, 1, "-3.5"),
        (12.5, 0, "13"), (-12.5, 0, "-13"), (120.0, 1, "120.0"), (0.05, 2, "0.05"),
    ])
    func fixedDecimals(value: Double, decimals: Int, expected: String) {
        #expect(FixedNumberFormat.string(value, decimals: decimals) == expected)
    }

    @Test(arguments: [
        (0.02, "0.02"), (-0.12, "-0.12"), (5.5, "5.5"), (62.0, "62"), (0.0, "0"), (-0.0, "0"),
        (0.00001, "0.00001"), (1e-7, "0.0000001"),
    ])
    func shortest(value: Double, expected: String) {
        #expect(FixedNumberFormat.shortest(value) == expected)
    }
}
