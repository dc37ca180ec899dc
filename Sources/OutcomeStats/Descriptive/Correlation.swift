/// Pearson's product-moment correlation r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²), as R's
/// `cor(x, y)`, from centred values (two passes), so a large common offset costs no digits.
///
/// ```swift
/// try pearsonCorrelation([1, 2, 3, 4], [2, 4, 5, 9])   // 0.9561828874675149
/// ```
/// - Throws: ``StatsError/domain(_:)`` for unequal lengths, fewer than two pairs, missing values, or a
///   constant variable (r undefined).
public func pearsonCorrelation(_ x: [Double], _ y: [Double]) throws -> Double {
    guard x.count == y.count else {
        throw StatsError.domain("correlation of samples of different lengths (\(x.count) and \(y.count))")
    }
    try checkedSample(x, statistic: "correlation", minimum: 2)
    try checkedSample(y, statistic: "correlation", minimum: 2)
    let (cx, sxx) = centeredSumOfSquares(x)
    let (cy, syy) = centeredSumOfSquares(y)
    guard sxx > 0, syy > 0 else { throw StatsError.domain("correlation with a constant variable is undefined") }
    var sxy = 0.0
    for i in x.indices { sxy += (x[i] - cx) * (y[i] - cy) }
    return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
}
