/// The sample median (R's `median`: the middle order statistic, or the mean of the two middle ones).
///
/// ```swift
/// try median([3, 1, 4, 1, 5])   // 3
/// ```
/// - Throws: ``StatsError/domain(_:)`` for an empty sample or one with missing (NaN) values.
public func median(_ values: [Double]) throws -> Double {
    try checkedSample(values, statistic: "median")
    return quantile(values, probability: 0.5)
}

/// The interquartile range Q₃ − Q₁ with R's default (type 7) quantiles, as R's `IQR`.
///
/// - Throws: ``StatsError/domain(_:)`` for an empty sample or one with missing (NaN) values.
public func interquartileRange(_ values: [Double]) throws -> Double {
    try checkedSample(values, statistic: "interquartile range")
    let q = quantiles(values, probabilities: [0.25, 0.75])
    return q[1] - q[0]
}

/// Rejects an empty sample or one with NaN, naming the statistic.
func checkedSample(_ values: [Double], statistic: String, minimum: Int = 1) throws {
    guard values.count >= minimum else {
        throw StatsError.domain("the \(statistic) needs at least \(minimum) value\(minimum == 1 ? "" : "s"), got \(values.count)")
    }
    guard !values.contains(where: \.isNaN) else {
        throw StatsError.domain("the \(statistic) of a sample with missing values; drop them first")
    }
}

/// Σ(xᵢ − x̄)² about the two-pass mean with a correction term (Chan, Golub & LeVeque), and the mean;
/// for the effect sizes here (the shared descriptive functions live in `MeanVariance.swift`).
func centeredSumOfSquares(_ values: [Double]) -> (center: Double, sum: Double) {
    let n = Double(values.count)
    let first = values.reduce(0, +) / n
    var correction = 0.0, squares = 0.0
    for x in values {
        let d = x - first
        correction += d
        squares += d * d
    }
    return (first + correction / n, squares - correction * correction / n)
}
