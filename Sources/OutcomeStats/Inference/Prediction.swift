/// A predicted mean at one row of new data, with its confidence and prediction intervals
/// (R's `predict(lm, newdata, interval = "confidence" / "prediction", se.fit = TRUE)`):
///
///     ŷ = x₀ᵀβ̂,   se(ŷ) = √(x₀ᵀ V x₀),
///     confidence ŷ ± t · se(ŷ),   prediction ŷ ± t · √(se(ŷ)² + σ̂²),   t = t₍df₎(½ + level/2)
public struct Prediction: Sendable, Equatable {
    /// Index of the row in the new frame.
    public let row: Int
    /// The predicted mean x₀ᵀβ̂.
    public let fitted: Double
    /// Its standard error √(x₀ᵀVx₀).
    public let standardError: Double
    /// Lower end of the confidence interval for the mean.
    public let confidenceLow: Double
    /// Upper end of the confidence interval for the mean.
    public let confidenceHigh: Double
    /// Lower end of the prediction interval for a new observation.
    public let predictionLow: Double
    /// Upper end of the prediction interval for a new observation.
    public let predictionHigh: Double
}

extension LinearModelFit {
    /// Predictions for the rows of `newData`, coded with the fit's levels, reference levels and
    /// column layout (``design``).
    ///
    /// ```swift
    /// let new = try Frame(columns: [("week", .numeric([0, 12])),
    ///                               ("cohort", .categorical(CategoricalColumn(["acute", "chronic"])))])
    /// let predictions = try fit.predict(for: new, level: 0.95)
    /// ```
    ///
    /// With a rank-deficient fit the aliased coefficients count as zero, as in R (which warns
    /// that such predictions may mislead).
    ///
    /// - Parameters:
    ///   - newData: a frame with every right-hand-side variable (the response is not needed).
    ///   - level: confidence level of both intervals.
    /// - Returns: one prediction per row; `nil` where a variable is missing in that row.
    /// - Throws: ``StatsError/unknownLevel(column:level:levels:)`` for a level the fit never
    ///   saw, ``StatsError/unknownColumn(term:suggestion:)`` for a missing variable.
    public func predict(for newData: Frame, level: Double = 0.95) throws -> [Prediction?] {
        precondition(level > 0 && level < 1, "confidence level \(level) outside (0, 1)")
        let rows = try design.rows(for: newData)
        let estimable = estimableColumns
        let r = estimable.count
        let estimates = estimable.map { coefficients[$0].estimate! }
        let sigma2 = residualStandardError * residualStandardError
        let t = residualDegreesOfFreedom > 0
            ? StudentT(degreesOfFreedom: Double(residualDegreesOfFreedom)).quantile(0.5 + level / 2) : .nan
        var result = [Prediction?](repeating: nil, count: rows.rowsInFrame)
        for (i, frameRow) in rows.usedRows.enumerated() {
            let x = estimable.map { rows.values[i + $0 * rows.rowCount] }
            var fitted = 0.0
            for k in 0..<r { fitted += x[k] * estimates[k] }
            let variance = quadraticForm(x, covariance, order: r)
            let se = variance.squareRoot()
            let spread = (variance + sigma2).squareRoot()
            result[frameRow] = Prediction(
                row: frameRow, fitted: fitted, standardError: se,
                confidenceLow: fitted - t * se, confidenceHigh: fitted + t * se,
                predictionLow: fitted - t * spread, predictionHigh: fitted + t * spread)
        }
        return result
    }

    /// Design-column indices of the estimable coefficients, in the order of ``covariance``
    /// (that of ``estimableTerms``, whatever order the solver kept them in).
    var estimableColumns: [Int] {
        var index: [String: Int] = [:]
        for (j, c) in coefficients.enumerated() where index[c.term] == nil { index[c.term] = j }
        return estimableTerms.map { index[$0]! }
    }
}

/// xᵀ A x for a column-major symmetric `order` × `order` A.
func quadraticForm(_ x: [Double], _ a: [Double], order r: Int) -> Double {
    var sum = 0.0
    for j in 0..<r where x[j] != 0 {
        var inner = 0.0
        for i in 0..<r { inner += a[i + j * r] * x[i] }
        sum += inner * x[j]
    }
    return sum
}
