import Foundation

/// P(T ≤ t) for Student's t with ν degrees of freedom and noncentrality δ — Lenth's algorithm
/// AS 243 as R's `pt(t, df, ncp)` implements it (error bound 1e-12, at most 1,000 terms; R's
/// normal approximation for ν > 4·10⁵ or δ² > 1,416), so confidence limits found from it agree
/// with R's.
func noncentralTCDF(_ t: Double, degreesOfFreedom df: Double, noncentrality ncp: Double) -> Double {
    let negative: Bool
    let tt: Double, del: Double
    if t >= 0 {
        negative = false; tt = t; del = ncp
    } else {
        if ncp > 40 { return 0 }
        negative = true; tt = -t; del = -ncp
    }
    if df > 4e5 || del * del > 2 * log(2.0) * 1021 {
        let s = 1 / (4 * df)
        let value = Normal(mean: del, standardDeviation: (1 + tt * tt * 2 * s).squareRoot()).cdf(tt * (1 - s))
        return negative ? 1 - value : value
    }
    var x = t * t
    let rxbBase = df / (x + df)
    x = x / (x + df)
    var tnc = 0.0
    if x > 0 {
        let lambda = del * del
        var p = 0.5 * exp(-0.5 * lambda)
        if p == 0 { return negative ? 1 : 0 }
        var q = (2 / Double.pi).squareRoot() * p * del
        var s = 0.5 - p
        if s < 1e-7 { s = -0.5 * expm1(-0.5 * lambda) }
        var a = 0.5
        let b = 0.5 * df
        let rxb = pow(rxbBase, b)
        let albeta = 0.5 * log(Double.pi) + lgamma(b) - lgamma(0.5 + b)
        var xodd = regularizedIncompleteBeta(x: x, y: rxbBase, a: a, b: b).lower
        var godd = 2 * rxb * exp(a * log(x) - albeta)
        tnc = b * x
        var xeven = tnc < Double.ulpOfOne ? tnc : 1 - rxb
        var geven = tnc * rxb
        tnc = p * xodd + q * xeven
        for it in 1...1000 {
            a += 1
            xodd -= godd
            xeven -= geven
            godd *= x * (a + b - 1) / a
            geven *= x * (a + b - 0.5) / (a + 0.5)
            p *= lambda / Double(2 * it)
            q *= lambda / Double(2 * it + 1)
            tnc += p * xodd + q * xeven
            s -= p
            if s < -1e-10 { break }
            if s <= 0 && it > 1 { break }
            if abs(2 * s * (xodd - godd)) < 1e-12 { break }
        }
    }
    tnc += Normal.standard.cdf(-del)
    let value = min(tnc, 1)
    return negative ? 1 - value : value
}

/// The noncentrality δ with P(T ≤ t; ν, δ) = `probability` (decreasing in δ), by bisection to
/// 1e-13 relative on a bracket grown from t ± 10.
func noncentrality(forObserved t: Double, degreesOfFreedom df: Double, probability: Double) -> Double {
    func f(_ ncp: Double) -> Double { noncentralTCDF(t, degreesOfFreedom: df, noncentrality: ncp) - probability }
    var low = t - 10, high = t + 10
    var width = 10.0
    while f(low) < 0 { width *= 2; low = t - width }
    width = 10
    while f(high) > 0 { width *= 2; high = t + width }
    for _ in 0..<200 {
        let middle = 0.5 * (low + high)
        if f(middle) > 0 { low = middle } else { high = middle }
        if high - low <= 1e-13 * max(1, abs(middle)) { break }
    }
    return 0.5 * (low + high)
}
