extension LinearModelFit {
    /// The fit of `basis` with standard errors, tests and intervals from `covariance`.
    init(basis: LinearFitBasis, covariance estimator: CovarianceEstimator, confidenceLevel: Double) throws {
        let ls = basis.leastSquares
        let n = ls.rowCount
        let rank = ls.rank
        let kept = ls.keptColumns
        let arithmetic = ExtendedArithmetic.native

        // Residuals on the response's scale: r = r̃ / √w.
        let residuals = basis.weights.map { w in zip(ls.residuals, w).map { $0 / $1.squareRoot() } } ?? ls.residuals
        // Values near the ends of the double range (|y| near 1.8e308, products that overflow)
        // can leave a non-finite solution; that is an error, never NaN estimates with exit 0.
        guard ls.coefficients.allSatisfy(\.isFinite), residuals.allSatisfy(\.isFinite) else {
            throw StatsError.domain("the least-squares solution of '\(excerpt(of: basis.formula.text, around: 1))' is not finite: the response or a column "
                                    + "has values too large (near 1.8e308) for double arithmetic; rescale it (e.g. divide by 1e300)")
        }
        let fitted = zip(basis.response, residuals).map { $0 - $1 }
        let rss = arithmetic.sumOfSquares(ls.residuals)
        let residualDF = n - rank
        let sigma2 = residualDF > 0 ? rss / Double(residualDF) : .nan

        var covariance: [Double]
        switch estimator {
        case .classical:
            covariance = try ls.inverseGram()
            for index in covariance.indices { covariance[index] *= sigma2 }
        case .cluster(let column):
            let ids = try clusterIds(column: column, frame: basis.frame, rows: basis.rows)
            covariance = try ls.sandwich(estimator, clusters: ids)
        default:
            covariance = try ls.sandwich(estimator, clusters: nil)
        }

        let studentT = residualDF > 0 ? StudentT(degreesOfFreedom: Double(residualDF)) : nil
        let critical = studentT?.quantile(0.5 + confidenceLevel / 2) ?? .nan
        var coefficients: [Coefficient] = []
        for j in basis.columnNames.indices {
            guard let k = kept.firstIndex(of: j) else {
                coefficients.append(Coefficient.aliased(basis.columnNames[j]))
                continue
            }
            let estimate = ls.coefficients[k]
            let se = covariance[k + k * rank].squareRoot()
            let t = estimate / se
            coefficients.append(Coefficient(
                term: basis.columnNames[j], estimate: estimate, standardError: se, statistic: t,
                pValue: studentT?.twoSidedPValue(t) ?? .nan,
                confidenceLow: estimate - critical * se, confidenceHigh: estimate + critical * se))
        }

        // R's summary.lm: mss about the (weighted) mean of the fitted values with an intercept.
        let hasIntercept = basis.formula.hasIntercept && kept.contains(0)
        let mss = arithmetic.modelSumOfSquares(y: basis.response, r: residuals, weights: basis.weights, centred: hasIntercept)
        let rSquared = mss / (mss + rss)
        let interceptDF = hasIntercept ? 1 : 0
        let adjusted = 1 - (1 - rSquared) * Double(n - interceptDF) / Double(residualDF)
        let numeratorDF = rank - interceptDF
        var fTest: FTest?
        if numeratorDF > 0 && residualDF > 0 {
            var f = (mss / Double(numeratorDF)) / sigma2
            if estimator != .classical {
                // Wald F of all slopes: b₂ᵀ V₂₂⁻¹ b₂ / q.
                let slopes = Array(interceptDF..<rank)
                let v = slopes.flatMap { j in slopes.map { i in covariance[i + j * rank] } }
                let b = slopes.map { ls.coefficients[$0] }
                f = choleskySolve(v, order: slopes.count, b).map { zip($0, b).reduce(0) { $0 + $1.0 * $1.1 } / Double(slopes.count) } ?? .nan
            }
            if f.isFinite {
                fTest = FTest(statistic: f, numeratorDegreesOfFreedom: Double(numeratorDF),
                              denominatorDegreesOfFreedom: Double(residualDF),
                              pValue: FisherF(numerator: Double(numeratorDF), denominator: Double(residualDF)).survival(f))
            }
        }

        self.init(
            formula: basis.formula, coefficients: coefficients, confidenceLevel: confidenceLevel,
            observationCount: n, droppedRowCount: basis.droppedRowCount, rank: rank,
            residualDegreesOfFreedom: residualDF, residualStandardError: sigma2.squareRoot(),
            rSquared: rSquared, adjustedRSquared: adjusted, fTest: fTest,
            fittedValues: fitted, residuals: residuals, estimableTerms: kept.map { basis.columnNames[$0] },
            covariance: covariance, referenceLevels: basis.referenceLevels,
            covarianceEstimator: estimator, weightsColumn: basis.weightsColumn,
            zeroWeightRowCount: basis.zeroWeightRowCount, reciprocalCondition: ls.reciprocalCondition,
            refinementSteps: ls.refinementSteps, basis: basis)
    }

    /// The same fit with standard errors, tests and intervals from another covariance estimator.
    /// Nothing is refitted: estimates, residuals and R² are those of this fit.
    ///
    /// ```swift
    /// let robust = try fit.with(covariance: .hc3)
    /// let clustered = try fit.with(covariance: .cluster(by: "site"))
    /// ```
    ///
    /// - Parameter covariance: the estimator.
    /// - Returns: a new fit; this one is unchanged.
    /// - Throws: ``StatsError`` for an unknown cluster column, a missing cluster value at a used
    ///   row, or a single cluster.
    public func with(covariance: CovarianceEstimator) throws -> LinearModelFit {
        try LinearModelFit(basis: basis, covariance: covariance, confidenceLevel: confidenceLevel)
    }
}
