import Foundation

/// The χ² distribution with k > 0 degrees of freedom (k need not be an integer).
///
/// P(X ≤ x) = P(k/2, x/2), the regularized lower incomplete gamma function; the survival function
/// is Q(k/2, x/2) from the same evaluation, so both tails keep their relative accuracy
/// (to ~1e-14 against R's `pchisq`, down to 1e-300).
///
/// ```swift
/// let chi = ChiSquared(degreesOfFreedom: 3)
/// chi.survival(7.814727903251178)   // 0.05
/// chi.quantile(0.95)                // 7.814727903251178
/// ```
public struct ChiSquared: Sendable {
    /// Degrees of freedom k > 0.
    public let degreesOfFreedom: Double

    /// The distribution with `degreesOfFreedom` > 0.
    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0, "chi-squared needs positive degrees of freedom, got \(degreesOfFreedom)")
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// P(X ≤ x).
    public func cdf(_ x: Double) -> Double {
        x.isNaN ? .nan : regularizedIncompleteGamma(a: degreesOfFreedom / 2, x: x / 2).lower
    }

    /// P(X > x), accurate in the upper tail.
    public func survival(_ x: Double) -> Double {
        x.isNaN ? .nan : regularizedIncompleteGamma(a: degreesOfFreedom / 2, x: x / 2).upper
    }

    /// Density at x: x^{k/2−1} e^{−x/2} / (2^{k/2} Γ(k/2)) = D(k/2, x/2) · k/(2x).
    public func density(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 && degreesOfFreedom == 2 ? 0.5 : (x == 0 && degreesOfFreedom < 2 ? .infinity : 0) }
        let a = degreesOfFreedom / 2
        return gammaPrefactor(a: a, x: x / 2) * a / x
    }

    /// The x with P(X ≤ x) = p, by Newton's method in logs (``invertTail``) on the cdf (p ≤ ½) or
    /// the survival function (p > ½, with 1 − p exact there), from the Wilson–Hilferty start.
    public func quantile(_ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "probability \(p) outside [0, 1]")
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        let k = degreesOfFreedom
        let z = Normal.standard.quantile(p)
        let h = 2 / (9 * k)
        var start = k * pow(max(1 - h + z * h.squareRoot(), 0.01), 3)
        if p < 0.5 {
            // Small-x behaviour P ≈ (x/2)^{k/2} / Γ(k/2 + 1).
            let small = 2 * exp((log(p) + lgamma(k / 2 + 1)) * 2 / k)
            if k <= 10 && small < start { start = small }
            return invertTail(target: p, start: start, increasing: true, tail: { self.cdf($0) }, density: { self.density($0) })
        }
        return invertTail(target: 1 - p, start: start, increasing: false, tail: { self.survival($0) }, density: { self.density($0) })
    }
}
