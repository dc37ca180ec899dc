import Foundation

/// The regularized incomplete beta function I_x(a, b) and its complement 1 − I_x(a, b).
///
/// Evaluated by the continued fraction of I_x(a, b) (modified Lentz), on whichever side of
/// x = (a + 1)/(a + b + 2) it converges fast, and by the symmetry I_x(a, b) = 1 − I_{1−x}(b, a)
/// on the other. Both tails are returned from the same evaluation so neither is formed as
/// 1 − (something close to 1). The caller passes y = 1 − x as well, computed without
/// cancellation where it can (for Student's t, x = ν/(ν + t²) and y = t²/(ν + t²)).
///
/// The prefactor x^a y^b / (a B(a, b)) is formed in logs with log x = log1p(−y) when x > ½ (and
/// log y likewise), so that a log x keeps its relative accuracy when a is large and x near 1 —
/// the case of Student's t with 10⁶ degrees of freedom — and with the cancellation-free
/// ``logBeta(_:_:)``. What remains is the rounding of the exponent itself, ε·|log I|, the floor
/// of every double-precision evaluation (7e-14 relative at I = 1e-300).
///
/// When one shape is large (≥ 1000) and the other small (≤ 50) and x lies on the large shape's
/// side, the fraction would run O(√a) steps near its switch point and lose up to 4e-11; there
/// ``largeShapeIncompleteBeta(x:y:a:b:)`` (TOMS 708's BGRAT) is used instead. With both shapes
/// ≥ 1000 near the mode the fraction still loses up to ~3e-13 (TOMS 708's BASYM is not implemented).
///
/// - Returns: `(lower: I_x(a, b), upper: 1 − I_x(a, b))`.
func regularizedIncompleteBeta(x: Double, y: Double, a: Double, b: Double) -> (lower: Double, upper: Double) {
    if x.isNaN || y.isNaN { return (.nan, .nan) }
    if x <= 0 { return (0, 1) }
    if y <= 0 { return (1, 0) }
    let logX = x > 0.5 ? log1p(-y) : log(x)
    let logY = y > 0.5 ? log1p(-x) : log(y)
    return regularizedIncompleteBeta(x: x, y: y, logX: logX, logY: logY, a: a, b: b)
}

/// I_x(a, b) with log x and log y supplied by the caller (for x or y below the double range).
func regularizedIncompleteBeta(x: Double, y: Double, logX: Double, logY: Double, a: Double, b: Double)
    -> (lower: Double, upper: Double) {
    precondition(a > 0 && b > 0, "incomplete beta needs a, b > 0 (a = \(a), b = \(b))")
    // One shape large, the other small, x on the large shape's side: asymptotic expansion, taken
    // when its value is the smaller tail (up to 0.99, so the complement keeps ≥ 14 digits).
    if let value = largeShapeIncompleteBeta(x: x, y: y, a: a, b: b), value <= 0.99 {
        return (value, 1 - value)
    }
    if let value = largeShapeIncompleteBeta(x: y, y: x, a: b, b: a), value <= 0.99 {
        return (1 - value, value)
    }
    if x < (a + 1) / (a + b + 2) {
        let value = betaContinuedFractionTerm(x: x, y: y, logX: logX, logY: logY, a: a, b: b)
        return (value, 1 - value)
    } else {
        let value = betaContinuedFractionTerm(x: y, y: x, logX: logY, logY: logX, a: b, b: a)
        return (1 - value, value)
    }
}

/// x^a y^b / (a B(a, b)) times the continued fraction; accurate when x < (a + 1)/(a + b + 2).
private func betaContinuedFractionTerm(x: Double, y: Double, logX: Double, logY: Double, a: Double, b: Double) -> Double {
    let logPrefactor = logPowerOverBeta(x: x, y: y, logX: logX, logY: logY, a: a, b: b) - log(a)
    if logPrefactor < -800 { return 0 }
    let tiny = 1e-300
    var c = 1.0
    var d = 1.0 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var fraction = d
    for m in 1...1_000_000 {
        let m = Double(m)
        let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        d = 1 + even * d
        if abs(d) < tiny { d = tiny }
        c = 1 + even / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        fraction *= d * c
        let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1 + odd * d
        if abs(d) < tiny { d = tiny }
        c = 1 + odd / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        fraction *= delta
        if abs(delta - 1) <= Double.ulpOfOne { break }
    }
    return exp(logPrefactor) * fraction
}

/// log(x^a y^b / B(a, b)) with y = 1 − x.
///
/// When a, b ≥ 10 the terms a log x, b log y and log B(a, b) are each of size a + b while their
/// sum is O(log(a + b)): formed separately they lose ε·(a + b) absolute (1e-10 at a + b = 10⁶).
/// Written about the mode x₀ = a/(a + b) with u = x/x₀ − 1 and v = y/y₀ − 1 (so a·u + b·v = 0),
/// the linear parts cancel analytically (as in TOMS 708's `brcomp`):
/// a·log1pmx(u) + b·log1pmx(v) + ½ log(ab/(a + b)) − ½ log 2π − [δ(a) + δ(b) − δ(a + b)].
func logPowerOverBeta(x: Double, y: Double, logX: Double, logY: Double, a: Double, b: Double) -> Double {
    let naive = { a * logX + b * logY - logBeta(a, b) }
    guard a >= 10 && b >= 10 else { return naive() }
    let total = a + b
    let u = x <= 0.5 ? (x * total - a) / a : -(y * total - b) / a      // x/x₀ − 1, from the smaller of x, y
    let v = -u * a / b                                                  // y/y₀ − 1
    // Far from the mode the exponent is large and negative; its own rounding dominates there.
    guard abs(u) < 0.5 && abs(v) < 0.5 else { return naive() }
    let correction = stirlingCorrection(a) + stirlingCorrection(b) - stirlingCorrection(total)
    return a * logOnePlusMinus(u) + b * logOnePlusMinus(v) + 0.5 * log(a * b / total)
        - 0.5 * log(2 * Double.pi) - correction
}

/// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), without the cancellation of large
/// log-gammas.
///
/// When an argument is ≥ 10, Stirling's series is written out so that the large terms cancel
/// analytically: with δ(x) = log Γ(x) − [(x − ½) log x − x + ½ log 2π] (``stirlingCorrection(_:)``),
/// - both ≥ 10: −½ log b + ½ log 2π + δ(a) + δ(b) − δ(a+b) + (a − ½) log(a/(a+b)) + b log1p(−a/(a+b));
/// - only b ≥ 10: log Γ(a) + δ(b) − δ(a+b) + a − a log(a+b) + (b − ½) log1p(−a/(a+b)).
/// Plain `lgamma` differences lose ε·log Γ(a+b) absolute, 1e-12 relative at a = 1000.
func logBeta(_ a: Double, _ b: Double) -> Double {
    let small = min(a, b), large = max(a, b)
    let total = a + b
    if small >= 10 {
        let correction = stirlingCorrection(small) + stirlingCorrection(large) - stirlingCorrection(total)
        return -0.5 * log(large) + 0.5 * log(2 * Double.pi) + correction
            + (small - 0.5) * log(small / total) + large * log1p(-small / total)
    } else if large >= 10 {
        let correction = stirlingCorrection(large) - stirlingCorrection(total)
        return lgamma(small) + correction + small - small * log(total) + (large - 0.5) * log1p(-small / total)
    } else {
        return lgamma(a) + lgamma(b) - lgamma(total)
    }
}

/// δ(x) = log Γ(x) − [(x − ½) log x − x + ½ log 2π] for x ≥ 10, by its asymptotic series
/// Σ B₂ₖ / (2k(2k − 1) x^{2k−1}); seven terms leave an error below 1e-17 at x = 10.
func stirlingCorrection(_ x: Double) -> Double {
    precondition(x >= 10, "Stirling correction is accurate for x ≥ 10 only")
    let inverse = 1 / x
    let square = inverse * inverse
    let series = 1.0 / 12 - square * (1.0 / 360 - square * (1.0 / 1260 - square * (1.0 / 1680
        - square * (1.0 / 1188 - square * (691.0 / 360360 - square * (1.0 / 156))))))
    return series * inverse
}

/// Inverts an increasing cdf on (lower, upper) by safeguarded Newton steps: a Newton step from
/// the current point is taken when it stays inside the bracket, bisection otherwise.
func invertMonotone(probability p: Double, start: Double, lower: Double, upper: Double,
                    cdf: (Double) -> Double, density: (Double) -> Double) -> Double {
    var low = lower, high = upper
    var x = min(max(start, low), high)
    for _ in 0..<200 {
        let f = cdf(x) - p
        if f == 0 { return x }
        if f < 0 { low = x } else { high = x }
        let slope = density(x)
        var next = x - f / slope
        if !(slope > 0) || !next.isFinite || next <= low || next >= high {
            if low.isInfinite || high.isInfinite {
                next = low.isInfinite ? min(2 * x, x - 1) : max(2 * x, x + 1)
                if low.isInfinite && next >= high { next = high - 1 }
            } else if low >= 0 && high > 4 * max(low, 1e-300) {
                next = (max(low, 1e-300) * high).squareRoot()    // bisect in logs across decades
            } else if high <= 0 && -low > 4 * max(-high, 1e-300) {
                next = -(max(-high, 1e-300) * -low).squareRoot()
            } else {
                next = 0.5 * (low + high)
            }
        }
        if abs(next - x) <= 2 * Double.ulpOfOne * abs(x) + 1e-300 { return next }
        x = next
    }
    return x
}
