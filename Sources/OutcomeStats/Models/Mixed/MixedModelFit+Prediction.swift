/// A model-predicted (population-level) mean for one cell of a grouping column and an x value.
public struct PredictedMean: Sendable, Equatable {
    /// Group label.
    public let group: String
    /// The x value (for example the week).
    public let x: Double
    /// Observations in the cell.
    public let count: Int
    /// x̄ᵀβ̂: the fixed-effects prediction at the cell's mean design row.
    public let mean: Double
    /// Its standard error √(x̄ᵀ Cov(β̂) x̄).
    public let standardError: Double
    /// Lower Wald limit, mean − z·SE.
    public let lower: Double
    /// Upper Wald limit, mean + z·SE.
    public let upper: Double
}

extension MixedModelFit {
    /// Model-predicted means per (`group` level, `x` value): the fixed-effects prediction x̄ᵀβ̂ at
    /// the average design row x̄ of the cell's observations (so covariates not in the plot, such
    /// as technique, enter at their observed mix), with Wald intervals x̄ᵀβ̂ ± z·√(x̄ᵀCx̄) at
    /// `level` (normal quantile; the fixed effects' Satterthwaite df here are in the hundreds).
    ///
    /// ```swift
    /// let predicted = try fit.predictedMeans(in: frame, by: "cohort", over: "week")
    /// ```
    ///
    /// - Parameters:
    ///   - frame: the data the model was fitted to.
    ///   - group: a categorical column.
    ///   - x: a numeric column.
    ///   - level: the interval's level.
    /// - Returns: cells in level order, x ascending.
    /// - Throws: ``StatsError/unknownColumn(term:suggestion:)`` or
    ///   ``StatsError/wrongColumnKind(column:expected:)`` for unusable columns.
    public func predictedMeans(in frame: Frame, by group: String, over x: String, level: Double = 0.95) throws -> [PredictedMean] {
        guard case .categorical(let groups)? = frame[group] else {
            if frame[group] == nil { throw StatsError.unknownColumn(term: group, suggestion: nearestName(to: group, in: frame.columnNames)) }
            throw StatsError.wrongColumnKind(column: group, expected: "categorical to group predicted means")
        }
        guard case .numeric(let xs)? = frame[x] else {
            if frame[x] == nil { throw StatsError.unknownColumn(term: x, suggestion: nearestName(to: x, in: frame.columnNames)) }
            throw StatsError.wrongColumnKind(column: x, expected: "numeric for the x axis")
        }
        let design = try ModelMatrix(formula: formula, frame: frame, contrasts: contrasts)
        let columns = estimableTerms.map { design.columnNames.firstIndex(of: $0)! }
        let beta = estimableTerms.map { coefficient($0)!.estimate! }
        let p = columns.count
        let n = design.rowCount
        // Sum design rows per cell.
        var cells: [Int32: [Double: (count: Int, sums: [Double])]] = [:]
        for (i, row) in design.usedRows.enumerated() {
            let code = groups.codes[row]
            let value = xs[row]
            guard code >= 0, !value.isNaN else { continue }
            var cell = cells[code, default: [:]][value] ?? (0, [Double](repeating: 0, count: p))
            cell.count += 1
            for (k, column) in columns.enumerated() { cell.sums[k] += design.values[i + column * n] }
            cells[code, default: [:]][value] = cell
        }
        let z = Normal(mean: 0, standardDeviation: 1).quantile(0.5 + level / 2)
        var result: [PredictedMean] = []
        for code in cells.keys.sorted() {
            for value in cells[code]!.keys.sorted() {
                let cell = cells[code]![value]!
                let mean = cell.sums.map { $0 / Double(cell.count) }
                var estimate = 0.0
                for k in 0..<p { estimate += mean[k] * beta[k] }
                var variance = 0.0
                for j in 0..<p { for i in 0..<p { variance += mean[i] * covariance[i + j * p] * mean[j] } }
                let se = variance.squareRoot()
                result.append(PredictedMean(group: groups.levels[Int(code)], x: value, count: cell.count, mean: estimate,
                                            standardError: se, lower: estimate - z * se, upper: estimate + z * se))
            }
        }
        return result
    }
}
