import Foundation

/// Student's t distribution with ν degrees of freedom.
///
/// cdf(t) = 1 − ½ I_{ν/(ν+t²)}(ν/2, ½) for t > 0 and ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≤ 0.
///
/// ```swift
/// let t = StudentT(degreesOfFreedom: 9)
/// t.quantile(0.975)               // 2.262157...
/// t.twoSidedPValue(2.262157)      // ≈ 0.05
/// ```
public struct StudentT: Sendable {
    /// Degrees of freedom ν > 0.
    public let degreesOfFreedom: Double

    /// The distribution with `degreesOfFreedom` > 0.
    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0, "Student t needs positive degrees of freedom, got \(degreesOfFreedom)")
        self.degreesOfFreedom = degreesOfFreedom
    }

    private func tails(_ t: Double) -> (below: Double, above: Double) {
        let v = degreesOfFreedom
        let t2 = t * t
        let lower: Double
        if t2 > 1e300 {
            // x = ν/(ν + t²) is below the double range: pass its logarithm, log x = log ν − 2 log|t| − log1p(ν/t²).
            let logX = log(v) - 2 * log(abs(t)) - log1p(v / t2)
            (lower, _) = regularizedIncompleteBeta(x: exp(logX), y: 1, logX: logX, logY: -exp(logX), a: v / 2, b: 0.5)
        } else {
            // Both x = ν/(ν+t²) and y = t²/(ν+t²) are formed without cancellation.
            (lower, _) = regularizedIncompleteBeta(x: v / (v + t2), y: t2 / (v + t2), a: v / 2, b: 0.5)
        }
        let tail = 0.5 * lower
        return t > 0 ? (1 - tail, tail) : (tail, 1 - tail)
    }

    /// P(T ≤ t).
    public func cdf(_ t: Double) -> Double { t.isNaN ? .nan : tails(t).below }

    /// P(T > t), accurate in the upper tail.
    public func survival(_ t: Double) -> Double { t.isNaN ? .nan : tails(t).above }

    /// P(|T| ≥ |t|).
    public func twoSidedPValue(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        return min(1, 2 * tails(-abs(t)).below)
    }

    /// Density at t.
    public func density(_ t: Double) -> Double { exp(logDensity(t)) }

    /// log density, with log(1 + t²/ν) formed without overflow for huge |t|.
    private func logDensity(_ t: Double) -> Double {
        let v = degreesOfFreedom
        let logTerm = abs(t) > 1e100 ? 2 * log(abs(t)) - log(v) + log1p(v / (t * t)) : log1p(t * t / v)
        return -logBeta(v / 2, 0.5) - 0.5 * log(v) - (v + 1) / 2 * logTerm
    }

    /// The t with P(T ≤ t) = p.
    ///
    /// Solved in the lower tail q = min(p, 1 − p) (exact for p > ½) by Newton's method on
    /// log cdf(−eᵘ) = log q in u = log|t|, which is nearly linear in u in the tail (cdf ∝ |t|^{−ν}),
    /// so quantiles out to 1e-300 (|t| up to 1e600 for ν = ½ overflows to −∞) converge in a few
    /// steps; started from the larger of the normal quantile and the tail asymptote
    /// |t| ≈ √ν (q ν B(ν/2, ½))^{−1/ν}.
    public func quantile(_ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "probability \(p) outside [0, 1]")
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        let q = min(p, 1 - p)
        let v = degreesOfFreedom
        let logQ = log(q)
        let normalStart = abs(Normal.standard.quantile(q))
        let logTail = 0.5 * log(v) - (logQ + log(v) + logBeta(v / 2, 0.5)) / v
        let start = exp(min(max(log(max(normalStart, 1e-300)), logTail), 709))
        let x = -invertTail(target: q, start: start, increasing: false,
                            tail: { self.cdf(-$0) }, density: { self.density($0) })
        return p < 0.5 ? x : -x
    }
}
