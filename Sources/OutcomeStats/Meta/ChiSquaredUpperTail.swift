import Foundation

/// P(X > x) for X ~ χ² with a whole number of degrees of freedom n ≥ 1, the p-value of
/// Cochran's Q (n = k − 1).
///
/// Closed forms of the regularized upper incomplete gamma function Q(n/2, x/2) with u = x/2:
///
/// - n = 2m even:     Σ_{j=0}^{m−1} e^{−u} u^j / j!
/// - n = 2m + 1 odd:  erfc(√u) + Σ_{j=1}^{m} e^{−u} u^{j−½} / Γ(j + ½)
///
/// Every term is positive, so nothing cancels; each term is evaluated as
/// exp(−u + p log u − log Γ(p + 1)) so none overflows or underflows before it is summed. The
/// relative error is a few ε · max(1, u) (from exp of an argument of size u), about 1e-13 at
/// x = 1000 — far inside the 1e-8 the meta-analysis promises. Cost O(n).
///
/// This is internal to the meta-analysis; a general χ² distribution belongs in `Distributions/`.
func chiSquaredUpperTail(_ x: Double, degreesOfFreedom n: Int) -> Double {
    precondition(n >= 1, "chi-squared needs at least 1 degree of freedom, got \(n)")
    if x.isNaN { return .nan }
    if x <= 0 { return 1 }
    if x == .infinity { return 0 }
    let u = x / 2
    let logU = log(u)
    var total = 0.0
    if n % 2 == 0 {
        for j in 0..<(n / 2) {
            let p = Double(j)
            total += exp(-u + p * logU - lgamma(p + 1))
        }
    } else {
        total = erfc(u.squareRoot())
        for j in stride(from: 1, through: n / 2, by: 1) {
            let p = Double(j) - 0.5
            total += exp(-u + p * logU - lgamma(p + 1))
        }
    }
    return min(total, 1)
}
