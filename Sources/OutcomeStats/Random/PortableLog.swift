/// The natural logarithm computed with IEEE-exact operations only, so every platform gets the
/// same bits.
///
/// Writes x = m · 2ᵉ with m in [√½, √2), then ln x = e·ln 2 + 2·atanh(s) with
/// s = (m − 1)/(m + 1), |s| ≤ 0.1716, and atanh(s) = s + s³/3 + s⁵/5 + … summed to s²⁵/25,
/// where the next term is below 3·10⁻²⁰ relative. Accurate to a few units in the last place,
/// which is all a normal deviate needs; what matters is that the result is reproducible.
///
/// - Precondition: `x` is positive and finite.
package func portableLog(_ x: Double) -> Double {
    precondition(x > 0 && x.isFinite, "portableLog needs a positive finite argument")
    var exponent = Int(x.exponent)
    var m = x.significand  // [1, 2)
    if m > 1.4142135623730951 {
        m /= 2
        exponent += 1
    }
    let s = (m - 1) / (m + 1)
    let s2 = s * s
    var series = 1.0 / 25
    for k in stride(from: 23, through: 1, by: -2) {
        series = 1.0 / Double(k) + s2 * series
    }
    let ln2High = 6.93147180369123816490e-01  // ln 2 with its low 32 bits cleared: e·ln2High is exact
    let ln2Low = 1.90821492927058770002e-10
    let e = Double(exponent)
    return e * ln2High + (e * ln2Low + 2 * s * series)
}
