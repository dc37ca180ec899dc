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
}
