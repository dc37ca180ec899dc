/// How ``groupedMeans(of:by:over:in:level:interval:)`` bounds a mean.
public enum MeanInterval: Sendable, Equatable {
    /// mean ± t_{(1+level)/2, n−1} · sd/√n: for a measurement such as a pain score.
    case studentT
    /// The Wilson score interval of a proportion (the mean of a 0/1 column such as a responder
    /// indicator): (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), z = Φ⁻¹((1 + level)/2),
    /// as R's `prop.test(x, n, correct = FALSE)`. It stays inside [0, 1], where a t interval of a
    /// rate near 0 or 1 does not.
    case wilsonScore

    /// The interval that suits a column: ``wilsonScore`` when every non-missing value is 0 or 1
    /// (a rate), ``studentT`` otherwise.
    public static func suited(to values: [Double]) -> MeanInterval {
        values.allSatisfy { $0.isNaN || $0 == 0 || $0 == 1 } ? .wilsonScore : .studentT
    }

    /// A few words for a plot's description: "t-based" or "Wilson score".
    public var label: String {
        switch self {
        case .studentT: "t-based"
        case .wilsonScore: "Wilson score"
        }
    }
}

/// Mean of a numeric column with its confidence interval, for each combination of a grouping
/// column and a numeric x (for example pain by week within cohort).
public struct GroupedMean: Sendable, Equatable {
    /// Group label (the categorical column's level).
    public let group: String
    /// The x value (for example the week).
    public let x: Double
    /// Non-missing observations.
    public let count: Int
    /// Sample mean.
    public let mean: Double
    /// Sample standard deviation (n − 1 denominator); NaN when count < 2.
    public let standardDeviation: Double
    /// Lower bound of the mean's confidence interval (see ``interval``).
    public let lower: Double
    /// Upper bound of the mean's confidence interval.
    public let upper: Double
    /// How ``lower`` and ``upper`` were computed.
    public let interval: MeanInterval
}

/// Means of `value` per (`group` level, `x` value) with `level` confidence intervals.
///
/// The interval is `interval`, or when that is `nil` the one that suits the column
/// (``MeanInterval/suited(to:)``: Wilson score for a 0/1 column, t-based otherwise).
///
/// Rows missing any of the three are skipped. The mean and variance are two-pass (mean first,
/// then the sum of squared deviations), which keeps digits when the values sit far from zero.
/// Groups follow the level order, x ascending.
///
/// ```swift
/// let means = try groupedMeans(of: "pain_nrs", by: "cohort", over: "week", in: frame)
/// ```
/// - Throws: ``StatsError/unknownColumn(term:suggestion:)`` or
///   ``StatsError/wrongColumnKind(column:expected:)`` for unusable columns,
///   ``StatsError/domain(_:)`` for a Wilson score interval of a column that is not 0/1.
public func groupedMeans(of value: String, by group: String, over x: String, in frame: Frame,
                         level: Double = 0.95, interval: MeanInterval? = nil) throws -> [GroupedMean] {
    func numeric(_ name: String) throws -> [Double] {
        guard let column = frame[name] else {
            throw StatsError.unknownColumn(term: name, suggestion: nearestName(to: name, in: frame.columnNames))
        }
        guard case .numeric(let values) = column else { throw StatsError.wrongColumnKind(column: name, expected: "numeric") }
        return values
    }
    let values = try numeric(value)
    let xs = try numeric(x)
    guard let groupColumn = frame[group] else {
        throw StatsError.unknownColumn(term: group, suggestion: nearestName(to: group, in: frame.columnNames))
    }
    guard case .categorical(let groups) = groupColumn else {
        throw StatsError.wrongColumnKind(column: group, expected: "categorical")
    }
    var cells: [Int32: [Double: [Double]]] = [:]
    for row in 0..<frame.rowCount {
        let code = groups.codes[row]
        guard code >= 0, !values[row].isNaN, !xs[row].isNaN else { continue }
        cells[code, default: [:]][xs[row], default: []].append(values[row])
    }
    let suited = MeanInterval.suited(to: values)
    let kind = interval ?? suited
    guard kind == .studentT || suited == .wilsonScore else {
        throw StatsError.domain("a Wilson score interval needs a 0/1 column; '\(value)' has other values")
    }
    let z = Normal.standard.quantile(0.5 + level / 2)
    var result: [GroupedMean] = []
    for code in cells.keys.sorted() {
        for xValue in cells[code]!.keys.sorted() {
            let sample = cells[code]![xValue]!
            let n = sample.count
            let mean = sample.reduce(0, +) / Double(n)
            let sd = n > 1 ? (sample.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot() : .nan
            var lower = Double.nan, upper = Double.nan
            switch kind {
            case .studentT:
                let half = n > 1 ? StudentT(degreesOfFreedom: Double(n - 1)).quantile(0.5 + level / 2) * sd / Double(n).squareRoot() : .nan
                (lower, upper) = (mean - half, mean + half)
            case .wilsonScore:
                let count = Double(n), z2 = z * z
                let centre = (mean + z2 / (2 * count)) / (1 + z2 / count)
                let half = z / (1 + z2 / count) * (mean * (1 - mean) / count + z2 / (4 * count * count)).squareRoot()
                (lower, upper) = (max(0, centre - half), min(1, centre + half))
            }
            result.append(GroupedMean(group: groups.levels[Int(code)], x: xValue, count: n, mean: mean,
                                      standardDeviation: sd, lower: lower, upper: upper, interval: kind))
        }
    }
    return result
}
