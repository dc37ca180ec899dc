/// Mean of a numeric column with its t-based confidence interval, for each combination of a
/// grouping column and a numeric x (for example pain by week within cohort).
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
    /// Lower bound of the mean's confidence interval, mean − t_{(1+level)/2, n−1} · sd/√n.
    public let lower: Double
    /// Upper bound of the mean's confidence interval.
    public let upper: Double
}

/// Means of `value` per (`group` level, `x` value) with `level` confidence intervals.
///
/// Rows missing any of the three are skipped. The mean and variance are two-pass (mean first,
/// then the sum of squared deviations), which keeps digits when the values sit far from zero.
/// Groups follow the level order, x ascending.
///
/// ```swift
/// let means = try groupedMeans(of: "pain_nrs", by: "cohort", over: "week", in: frame)
/// ```
/// - Throws: ``StatsError/unknownColumn(term:suggestion:)`` or
///   ``StatsError/wrongColumnKind(column:expected:)`` for unusable columns.
public func groupedMeans(of value: String, by group: String, over x: String, in frame: Frame,
                         level: Double = 0.95) throws -> [GroupedMean] {
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
    var result: [GroupedMean] = []
    for code in cells.keys.sorted() {
        for xValue in cells[code]!.keys.sorted() {
            let sample = cells[code]![xValue]!
            let n = sample.count
            let mean = sample.reduce(0, +) / Double(n)
            let sd = n > 1 ? (sample.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot() : .nan
            let half = n > 1 ? StudentT(degreesOfFreedom: Double(n - 1)).quantile(0.5 + level / 2) * sd / Double(n).squareRoot() : .nan
            result.append(GroupedMean(group: groups.levels[Int(code)], x: xValue, count: n, mean: mean,
                                      standardDeviation: sd, lower: mean - half, upper: mean + half))
        }
    }
    return result
}
