/// The numbers a box plot draws: quartiles (R's type 7, as `quantile()`), median and Tukey's
/// whiskers — the most extreme observations within 1.5 × IQR of the box.
///
/// R's `boxplot()` uses Tukey's hinges (`fivenum`) instead of type-7 quartiles; the two agree
/// for n ≡ 1 (mod 4) and differ by less than one gap between order statistics otherwise. We use
/// type 7 so the box matches the quartiles the report's tables print.
public struct BoxStatistics: Sendable, Equatable {
    /// First quartile.
    public let lowerQuartile: Double
    /// Median.
    public let median: Double
    /// Third quartile.
    public let upperQuartile: Double
    /// Smallest observation ≥ Q1 − 1.5 IQR.
    public let lowerWhisker: Double
    /// Largest observation ≤ Q3 + 1.5 IQR.
    public let upperWhisker: Double
    /// Number of observations.
    public let count: Int

    /// Box statistics of the non-missing `values`, or `nil` when there are none.
    ///
    /// ```swift
    /// BoxStatistics(of: [1, 2, 3, 4, 100])?.upperWhisker   // 4
    /// ```
    public init?(of values: [Double]) {
        let sample = values.filter { !$0.isNaN }
        guard !sample.isEmpty else { return nil }
        let q = quantiles(sample, probabilities: [0.25, 0.5, 0.75])
        let reach = 1.5 * (q[2] - q[0])
        lowerQuartile = q[0]
        median = q[1]
        upperQuartile = q[2]
        lowerWhisker = sample.filter { $0 >= q[0] - reach }.min() ?? q[0]
        upperWhisker = sample.filter { $0 <= q[2] + reach }.max() ?? q[2]
        count = sample.count
    }
}
