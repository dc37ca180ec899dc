/// Points of a normal Q–Q plot: the sorted sample against the standard normal quantiles of
/// R's `ppoints(n)`, (i − a)/(n + 1 − 2a) with a = 3/8 for n ≤ 10 and ½ otherwise, plus the
/// line through the first and third quartiles that R's `qqline()` draws.
public struct NormalQuantilePlot: Sendable, Equatable {
    /// Theoretical standard normal quantiles, ascending.
    public let theoretical: [Double]
    /// The non-missing sample, sorted ascending.
    public let sample: [Double]
    /// Intercept of the quartile line.
    public let lineIntercept: Double
    /// Slope of the quartile line.
    public let lineSlope: Double

    /// The Q–Q points of the non-missing `values`, or `nil` with fewer than two.
    ///
    /// With more than `maximumPoints` values, only that many order statistics are kept, at
    /// evenly spaced ranks (always including the smallest and largest), each with the
    /// theoretical quantile of its own rank — a plot of a million residuals stays small and
    /// looks the same. The quartile line always uses the whole sample.
    ///
    /// ```swift
    /// let qq = NormalQuantilePlot(of: fit.residuals)
    /// ```
    public init?(of values: [Double], maximumPoints: Int = .max) {
        precondition(maximumPoints >= 2, "a Q-Q plot needs at least two points")
        let all = values.filter { !$0.isNaN }.sorted()
        guard all.count >= 2 else { return nil }
        let n = Double(all.count)
        let a = all.count <= 10 ? 3.0 / 8 : 0.5
        let ranks: [Int] = all.count <= maximumPoints ? Array(0..<all.count)
            : (0..<maximumPoints).map { Int((Double($0) * (n - 1) / Double(maximumPoints - 1)).rounded()) }
        theoretical = ranks.map { Normal.standard.quantile((Double($0 + 1) - a) / (n + 1 - 2 * a)) }
        sample = ranks.map { all[$0] }
        let sorted = all
        let q = quantiles(sorted, probabilities: [0.25, 0.75])
        let z = [Normal.standard.quantile(0.25), Normal.standard.quantile(0.75)]
        lineSlope = (q[1] - q[0]) / (z[1] - z[0])
        lineIntercept = q[0] - lineSlope * z[0]
    }
}
