import Foundation
import Testing
@testable import OutcomeStats

/// Closed forms: P(χ²₂ > x) = e^(−x/2); P(χ²₁ > x) = erfc(√(x/2)); P(χ²₄ > x) = e^(−x/2)(1 + x/2).
/// Agreement to 1e-13 relative, down to tails of 1e-100.
@Test(arguments: [0.01, 0.5, 1, 3, 10, 50, 200, 400])
func chiSquaredTailMatchesClosedForms(_ x: Double) {
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-13 * b }
    #expect(close(ChiSquaredTail.survival(x, degreesOfFreedom: 2), exp(-x / 2)))
    #expect(close(ChiSquaredTail.survival(x, degreesOfFreedom: 4), exp(-x / 2) * (1 + x / 2)))
    if x < 200 { #expect(close(ChiSquaredTail.survival(x, degreesOfFreedom: 1), erfc((x / 2).squareRoot()))) }
}
