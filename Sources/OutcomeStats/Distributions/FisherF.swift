import Foundation

/// The F distribution with d₁ and d₂ degrees of freedom.
///
/// P(F > f) = I_{d₂/(d₂ + d₁f)}(d₂/2, d₁/2).
///
/// ```swift
/// FisherF(numerator: 6, denominator: 9).survival(330.285)   // ≈ 4.98e-10
/// ```
public struct FisherF: Sendable {
    /// Numerator degrees of freedom d₁ > 0.
    public let numerator: Double
    /// Denominator degrees of freedom d₂ > 0.
    public let denominator: Double

    /// The distribution with positive degrees of freedom.
    public init(numerator: Double, denominator: Double) {
        precondition(numerator > 0 && denominator > 0, "F needs positive degrees of freedom, got \(numerator), \(denominator)")
        self.numerator = numerator
        self.denominator = denominator
    }

    private func tails(_ f: Double) -> (below: Double, above: Double) {
        if f <= 0 { return (0, 1) }
        if f == .infinity { return (1, 0) }
        let scaled = numerator * f
        let (lower, upper) = regularizedIncompleteBeta(
            x: denominator / (denominator + scaled), y: scaled / (denominator + scaled),
            a: denominator / 2, b: numerator / 2)
        return (upper, lower)
    }

    /// P(F ≤ f).
    public func cdf(_ f: Double) -> Double { f.isNaN ? .nan : tails(f).below }

    /// P(F > f), accurate in the upper tail.
    public func survival(_ f: Double) -> Double { f.isNaN ? .nan : tails(f).above }

    /// Density at f.
    public func density(_ f: Double) -> Double {
        guard f > 0, f.isFinite else { return 0 }
        let d1 = numerator, d2 = denominator
        let logDensity = d1 / 2 * log(d1 * f / (d1 * f + d2)) + d2 / 2 * log(d2 / (d1 * f + d2))
            - log(f) - logBeta(d1 / 2, d2 / 2)
        return exp(logDensity)
    }

    /// The f with P(F ≤ f) = p, by Newton's method in logs (``invertTail``) on the cdf (p ≤ ½) or
    /// the survival function (p > ½).
    public func quantile(_ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "probability \(p) outside [0, 1]")
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        if p <= 0.5 {
            return invertTail(target: p, start: 1, increasing: true, tail: { self.cdf($0) }, density: { self.density($0) })
        }
        return invertTail(target: 1 - p, start: 1, increasing: false, tail: { self.survival($0) }, density: { self.density($0) })
    }
}
