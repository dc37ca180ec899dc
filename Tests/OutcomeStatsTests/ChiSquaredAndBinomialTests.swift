import Foundation
import Testing
@testable import OutcomeStats

/// Closed forms and invariants beside the R grid of DistributionTests.
@Suite struct ChiSquaredAndBinomialTests {
    /// χ² with 2 df is exponential: P(X > x) = e^{−x/2}.
    @Test(arguments: [1e-8, 0.3, 2.0, 40.0, 1000.0])
    func twoDegreesOfFreedomIsExponential(x: Double) {
        let chi = ChiSquared(degreesOfFreedom: 2)
        #expect(abs(chi.survival(x) / exp(-x / 2) - 1) < 1e-14)
        #expect(abs(chi.cdf(x) / -expm1(-x / 2) - 1) < 1e-14)
        if x <= 2 {   // beyond, cdf(x) is too close to 1 to carry x back
            #expect(abs(chi.quantile(chi.cdf(x)) / x - 1) < 1e-12)
        }
    }

    /// χ² with 1 df is a squared normal: P(X > z²) = 2Φ(−|z|).
    @Test(arguments: [0.1, 1.96, 8.0, 30.0])
    func oneDegreeOfFreedomIsSquaredNormal(z: Double) {
        #expect(abs(ChiSquared(degreesOfFreedom: 1).survival(z * z) / (2 * Normal.standard.cdf(-z)) - 1) < 1e-13)
    }

    /// The binomial cdf is the finite sum of its probabilities (n = 12, exact binomial coefficients).
    @Test(arguments: [0.03, 0.5, 0.91])
    func binomialCdfIsTheSumOfProbabilities(p: Double) {
        let n = 12
        var coefficient = 1.0, sum = 0.0
        let b = Binomial(trials: n, probability: p)
        for k in 0...n {
            if k > 0 { coefficient = coefficient * Double(n - k + 1) / Double(k) }
            sum += coefficient * pow(p, Double(k)) * pow(1 - p, Double(n - k))
            #expect(abs(b.cdf(Double(k)) - sum) <= 1e-14 * max(sum, 1e-300) + 1e-16, "k = \(k)")
        }
        #expect(b.cdf(-1) == 0 && b.cdf(Double(n)) == 1 && b.survival(Double(n)) == 0)
    }

    @Test func binomialQuantileIsTheSmallestKReachingP() {
        let b = Binomial(trials: 20, probability: 0.3)
        for p in [0.001, 0.2, 0.5, 0.8, 0.999] {
            let k = b.quantile(p)
            #expect(b.cdf(Double(k)) >= p && (k == 0 || b.cdf(Double(k - 1)) < p))
        }
        #expect(b.quantile(0) == 0 && b.quantile(1) == 20)
    }
}
