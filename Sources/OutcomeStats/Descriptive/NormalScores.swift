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
    /// ```swift
    /// let qq = NormalQuantilePlot(of: fit.residuals)
    /// ```
    public init?(of values: [Double]) {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard sorted.count >= 2 else { return nil }
        let n = Double(sorted.count)
        let a = sorted.count <= 10 ? 3.0 / 8 : 0.5
        theoretical = (1...sorted.count).map { Normal.standard.quantile((Double($0) - a) / (n + 1 - 2 * a)) }
        sample = sorted
        let q = quantiles(sorted, probabilities: [0.25, 0.75])
        let z = [Normal.standard.quantile(0.25), Normal.standard.quantile(0.75)]
        lineSlope = (q[1] - q[0]) / (z[1] - z[0])
        lineIntercept = q[0] - lineSlope * z[0]
    }
}
