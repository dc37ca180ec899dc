import Foundation

/// The normal distribution N(μ, σ²).
///
/// ```swift
/// Normal.standard.quantile(0.975)   // 1.959963984540054
/// ```
public struct Normal: Sendable {
    /// Mean μ.
    public let mean: Double
    /// Standard deviation σ > 0.
    public let standardDeviation: Double

    /// N(0, 1).
    public static let standard = Normal(mean: 0, standardDeviation: 1)

    /// The distribution with mean `mean` and standard deviation `standardDeviation` > 0.
    public init(mean: Double, standardDeviation: Double) {
        precondition(standardDeviation > 0, "normal needs a positive standard deviation, got \(standardDeviation)")
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// P(X ≤ x) = ½ erfc(−z/√2), accurate in both tails.
    public func cdf(_ x: Double) -> Double {
        Self.upperTail(-(x - mean) / standardDeviation)
    }

    /// P(X > x).
    public func survival(_ x: Double) -> Double {
        Self.upperTail((x - mean) / standardDeviation)
    }

    /// P(Z > z) = ½ erfc(z/√2) with the rounding of z/√2 corrected.
    ///
    /// erfc's relative sensitivity to its argument is 2w at w = z/√2, so the half-ulp rounding of
    /// w alone costs w²ε relative (1.5e-13 at z = 37). The rounding error r = z/√2 − w is recovered
    /// with fused multiply-adds and undone to first order: erfc(w + r) ≈ erfc(w)·exp(−2wr).
    static func upperTail(_ z: Double) -> Double {
        if z.isNaN { return .nan }
        let sqrt2 = 2.0.squareRoot()
        let sqrt2Low = -9.667293313452913e-17   // √2 − sqrt2
        let w = z / sqrt2
        guard w > 1 else { return 0.5 * erfc(w) }
        // r = z/√2 − w = (z − w·sqrt2 − w·sqrt2Low)/√2, with z − w·sqrt2 exact by a fused multiply-add.
        let r = (z.addingProduct(-w, sqrt2) - w * sqrt2Low) / sqrt2
        return 0.5 * erfc(w) * exp(-2 * w * r)
    }

    /// Density at x.
    public func density(_ x: Double) -> Double {
        let z = (x - mean) / standardDeviation
        return exp(-0.5 * z * z) / (standardDeviation * (2 * Double.pi).squareRoot())
    }

    /// The x with P(X ≤ x) = p, by safeguarded Newton iteration on ``cdf(_:)`` from a
    /// logistic-tail starting value.
    public func quantile(_ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "probability \(p) outside [0, 1]")
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return mean }
        let q = min(p, 1 - p)
        // Start: z ≈ −√(−2 log q) corrected (Abramowitz–Stegun 26.2.23 form, ~4.5e-4 accurate).
        let t = (-2 * log(q)).squareRoot()
        let start = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
            / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t))
        let standard = Normal.standard
        let z = invertMonotone(probability: q, start: start, lower: -.infinity, upper: 0,
                               cdf: { standard.cdf($0) }, density: { standard.density($0) })
        return mean + standardDeviation * (p < 0.5 ? z : -z)
    }
}
