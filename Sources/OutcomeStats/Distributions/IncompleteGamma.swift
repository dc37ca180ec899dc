import Foundation

/// The regularized incomplete gamma functions P(a, x) = γ(a, x)/Γ(a) and Q(a, x) = 1 − P(a, x).
///
/// Both come from one evaluation of the prefactor D = x^a e^{−x} / Γ(a + 1):
/// - x < a + 1: the series P = D · Σₙ xⁿ / ((a + 1)⋯(a + n)), and Q = 1 − P (P ≲ ½ + O(1/√a) here,
///   so no cancellation);
/// - x ≥ a + 1: Legendre's continued fraction Q = D · a / (x + 1 − a − 1(1 − a)/(x + 3 − a − …))
///   (modified Lentz), and P = 1 − Q.
///
/// The prefactor is where accuracy is lost in naive code (`exp(a log x − x − lgamma(a))` loses
/// ε·lgamma(a) — 1e-10 relative at a = 5·10⁵). For a ≥ 10 it is written with Stirling's series so
/// the large terms cancel analytically, D = exp(a·log1pmx((x − a)/a) − δ(a)) / √(2πa) with
/// log1pmx(u) = log(1 + u) − u evaluated without cancellation (``logOnePlusMinus(_:)``) and δ the
/// Stirling correction; for a < 10, D = x^a · e^{−x} / Γ(a + 1) from `pow`, `exp` and `tgamma`
/// (each within an ulp or two) while e^{−x} stays normal. Near x ≈ a the series and the fraction
/// need O(√a) terms (about 6,000 at a = 5·10⁵); that is the price of not carrying Temme's uniform
/// expansion, and still microseconds.
///
/// - Returns: `(lower: P(a, x), upper: Q(a, x))`.
func regularizedIncompleteGamma(a: Double, x: Double) -> (lower: Double, upper: Double) {
    precondition(a > 0, "incomplete gamma needs a > 0 (a = \(a))")
    if x.isNaN { return (.nan, .nan) }
    if x <= 0 { return (0, 1) }
    if x == .infinity { return (1, 0) }
    let d = gammaPrefactor(a: a, x: x)
    if x < a + 1 {
        var term = 1.0, sum = 1.0
        var n = 1.0
        while n < 10_000_000 {
            term *= x / (a + n)
            sum += term
            if term < sum * 1e-17 { break }
            n += 1
        }
        let p = d * sum
        return (p, 1 - p)
    } else {
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var e = 1 / b
        var h = e
        var i = 1.0
        while i < 10_000_000 {
            let an = -i * (i - a)
            b += 2
            e = an * e + b
            if abs(e) < tiny { e = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            e = 1 / e
            let delta = e * c
            h *= delta
            if abs(delta - 1) <= Double.ulpOfOne { break }
            i += 1
        }
        let q = d * a * h
        return (1 - q, q)
    }
}

/// D = x^a e^{−x} / Γ(a + 1), the Poisson probability of a events at rate x for integer a.
func gammaPrefactor(a: Double, x: Double) -> Double {
    if a >= 10 {
        // a·(log(x/a) + 1 − x/a): by the log1pmx series near x = a, directly where x/a is far from 1
        // (log1p of u = (x − a)/a near −1 would inherit the rounding of u).
        let u = (x - a) / a
        let exponent = abs(u) < 0.5 ? a * logOnePlusMinus(u) : a * log(x / a) - (x - a)
        return exp(exponent - stirlingCorrection(a)) / (2 * Double.pi * a).squareRoot()
    }
    if x < 700 {
        return pow(x, a) * exp(-x) / tgamma(a + 1)
    }
    return exp(a * log(x) - x - lgamma(a + 1))
}

/// log(1 + u) − u for u > −1, without the cancellation of the two terms near u = 0.
///
/// For |u| < ½, with s = u/(2 + u): log(1 + u) = 2 atanh s = 2(s + s³/3 + s⁵/5 + …) and u = 2s/(1 − s),
/// so log(1 + u) − u = −2s²/(1 − s) + 2s³(1/3 + s²/5 + s⁴/7 + …); the leading term dominates, so
/// the sum keeps full relative accuracy (|s| < ⅓, about 20 terms at most).
func logOnePlusMinus(_ u: Double) -> Double {
    guard abs(u) < 0.5 else { return log1p(u) - u }
    let s = u / (2 + u)
    let s2 = s * s
    var power = 1.0, series = 0.0
    var k = 1.0
    while k < 200 {
        let term = power / (2 * k + 1)
        series += term
        if term < 1e-17 * series { break }
        power *= s2
        k += 1
    }
    return -2 * s2 / (1 - s) + 2 * s * s2 * series
}
