/// The arithmetic mean x̄ = Σxᵢ / n, summed in extended precision (``ExtendedArithmetic``) and
/// rounded once, so it is correctly rounded or nearly so however many values there are.
///
/// NaN (a missing value) propagates, as R's `mean` does without `na.rm`.
///
/// ```swift
/// try mean([1, 2, 3, 4])   // 2.5
/// ```
///
/// - Parameter values: the sample.
/// - Returns: x̄.
/// - Throws: ``StatsError/domain(_:)`` for an empty sample (a mean of nothing is not 0).
public func mean(_ values: [Double]) throws -> Double {
    guard !values.isEmpty else { throw StatsError.domain("the mean of an empty sample is undefined") }
    return ExtendedArithmetic.native.sumAndCentredSquares(values).mean
}

/// The sample variance s² = Σ(xᵢ − x̄)² / (n − 1), by the corrected two-pass algorithm
/// (Chan, Golub & LeVeque 1983) in extended precision: the mean is held in extended precision,
/// the deviations and their squares are accumulated there, and the sum of the deviations
/// corrects the mean's own rounding. On NIST's NumAcc4 (values 10000000.2 ± 0.1) it keeps
/// every digit the input decimals carry, where the one-pass formula Σx² − nx̄² keeps none.
///
/// ```swift
/// try variance([1, 2, 3, 4])   // 1.6666666666666667
/// ```
///
/// - Parameter values: the sample.
/// - Returns: s², with denominator n − 1.
/// - Throws: ``StatsError/domain(_:)`` when there are fewer than two values.
public func variance(_ values: [Double]) throws -> Double {
    guard values.count >= 2 else {
        throw StatsError.domain("the variance needs at least two values, got \(values.count)")
    }
    let result = ExtendedArithmetic.native.sumAndCentredSquares(values).centredSquares / Double(values.count - 1)
    return result.isNaN ? result : max(0, result)
}

/// The sample standard deviation s = √s² (denominator n − 1); see ``variance(_:)``.
///
/// ```swift
/// try standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])   // 2.138089935299395
/// ```
///
/// - Parameter values: the sample.
/// - Returns: s.
/// - Throws: ``StatsError/domain(_:)`` when there are fewer than two values.
public func standardDeviation(_ values: [Double]) throws -> Double {
    try variance(values).squareRoot()
}
