import Foundation

/// I_x(a, b) for large a and small b with x near 1, by DiDonato & Morris' asymptotic expansion
/// (ACM TOMS 708, `BGRAT`, their eq. 9.1–9.2), extended to b > 1 by the upward recurrence
/// I_x(a, b + 1) = I_x(a, b) + x^a y^b / (b B(a, b)).
///
/// With T = a + (b − 1)/2 and u = −T log x, I_x(a, b) = M Σₙ pₙ Jₙ(b, u), where J₀ = Q(b, u)/r is the
/// scaled upper incomplete gamma function and M = r·Γ(a + b)/(Γ(a) T^b). This is the regime where
/// the continued fraction of ``regularizedIncompleteBeta(x:y:a:b:)`` runs O(√a) steps near its
/// switch point and loses accuracy (Student's t with 10⁶ degrees of freedom, F with a large
/// denominator df, binomial tails with large n and small k); here 30 terms of a series in 1/T²
/// reach double precision.
///
/// - Returns: I_x(a, b), or `nil` outside the assumptions (a ≥ 1000, 0 < b ≤ 50, x > 0.7) or when
///   the expansion does not settle.
func largeShapeIncompleteBeta(x: Double, y: Double, a: Double, b: Double) -> Double? {
    guard a >= 1000, b > 0, b <= 50, x > 0.7, y > 0 else { return nil }
    var n = Int(b.rounded(.down))
    var b0 = b - Double(n)
    if b0 == 0 { n -= 1; b0 = 1 }
    guard var w = bgrat(x: x, y: y, a: a, b: b0) else { return nil }
    let logX = y > 0.375 ? log(x) : log1p(-y)
    let logY = log(y)
    for i in 0..<n {
        let bi = b0 + Double(i)
        w += exp(a * logX + bi * logY - logBeta(a, bi) - log(bi))
    }
    return w
}

/// TOMS 708 `BGRAT` for 0 < b ≤ 1, a ≥ 15: I_x(a, b).
private func bgrat(x: Double, y: Double, a: Double, b: Double) -> Double? {
    let bm1 = b - 1
    let nu = a + bm1 * 0.5
    let lnx = y > 0.375 ? log(x) : log1p(-y)
    let z = -nu * lnx
    guard b * z > 0 else { return nil }
    // r = e^{−z} z^b / Γ(b); log M = log r − [log(Γ(a)/Γ(a + b)) + b log T].
    let logR = -lgamma(b) + b * log(z) + nu * lnx
    let logU = logR - (logGammaRatio(a: a, b: b) + b * log(nu))
    let u = exp(logU)
    let gammaUpper = regularizedIncompleteGamma(a: b, x: z).upper
    let r = b * gammaPrefactor(a: b, x: z)                      // z^b e^{−z} / Γ(b)
    guard r > 0 else { return nil }
    var j = gammaUpper / r
    var sum = j
    let v = 0.25 / (nu * nu)
    let t2 = lnx * 0.25 * lnx
    var t = 1.0, cn = 1.0, n2 = 0.0
    var c = [Double](repeating: 0, count: 30), d = [Double](repeating: 0, count: 30)
    for n in 1...30 {
        let bp2n = b + n2
        j = (bp2n * (bp2n + 1) * j + (z + bp2n + 1) * t) * v
        n2 += 2
        t *= t2
        cn /= n2 * (n2 + 1)
        c[n - 1] = cn
        var s = 0.0
        if n > 1 {
            var coefficient = b - Double(n)
            for i in 1...(n - 1) {
                s += coefficient * c[i - 1] * d[n - 1 - i]
                coefficient += b
            }
        }
        d[n - 1] = bm1 * cn + s / Double(n)
        let dj = d[n - 1] * j
        sum += dj
        guard sum > 0 else { return nil }
        if abs(dj) <= 1e-16 * sum { return u * sum }
    }
    return nil
}

/// log(Γ(a)/Γ(a + b)) for a ≥ 10, from Stirling's series with the large terms cancelled:
/// (a − ½) log1p(−b/(a + b)) − b log(a + b) + b + δ(a) − δ(a + b).
private func logGammaRatio(a: Double, b: Double) -> Double {
    let total = a + b
    return (a - 0.5) * log1p(-b / total) - b * log(total) + b + stirlingCorrection(a) - stirlingCorrection(total)
}
