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
        // Both x = ν/(ν+t²) and y = t²/(ν+t²) are formed without cancellation.
        let (lower, _) = regularizedIncompleteBeta(x: v / (v + t2), y: t2 / (v + t2), a: v / 2, b: 0.5)
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
    public func density(_ t: Double) -> Double {
        let v = degreesOfFreedom
        return exp(lgamma((v + 1) / 2) - lgamma(v / 2) - 0.5 * log(v * Double.pi) - (v + 1) / 2 * log1p(t * t / v))
    }

    /// The t with P(T ≤ t) = p.
    public func quantile(_ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "probability \(p) outside [0, 1]")
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        // Solve in the lower tail for accuracy, then reflect.
        let q = min(p, 1 - p)
        let start = Normal.standard.quantile(q)
        let x = invertMonotone(probability: q, start: start, lower: -.infinity, upper: 0,
                               cdf: { self.cdf($0) }, density: { self.density($0) })
        return p < 0.5 ? x : -x
    }
}
