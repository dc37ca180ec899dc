import Foundation

extension LinearModelFit: StatisticalFit {
    /// The residual df for every estimable coefficient (the t reference of its test and interval).
    public var coefficientDegreesOfFreedom: [Double?] {
        coefficients.map { $0.isAliased ? nil : Double(residualDegreesOfFreedom) }
    }

    /// The Gaussian log-likelihood at the ML variance, as R's `logLik.lm`:
    ///
    ///     log L = ½ Σ log wᵢ − n/2 · (log 2π + 1 − log n + log Σ wᵢ rᵢ²)
    ///
    /// (wᵢ = 1 without weights; zero-weight rows are not among the n used rows).
    public var logLikelihood: Double {
        let n = Double(observationCount)
        let weightedSquares = ExtendedArithmetic.native.sumOfSquares(basis.leastSquares.residuals)
        let logWeights = basis.weights?.reduce(0) { $0 + Foundation.log($1) } ?? 0
        return 0.5 * logWeights - n / 2 * (Foundation.log(2 * Double.pi) + 1 - Foundation.log(n) + Foundation.log(weightedSquares))
    }

    /// rank + 1 (the coefficients and σ), as R's `logLik.lm` counts them.
    public var informationParameterCount: Int { rank + 1 }

    /// The estimator, the aliased terms and a large condition number.
    public var notes: [FitNote] {
        var notes: [FitNote] = [.standardErrors(covarianceEstimator)]
        notes += FitNote.aliased(in: coefficients)
        if reciprocalCondition > 0, reciprocalCondition < FitNote.reciprocalConditionWarning {
            notes.append(.largeConditionNumber(1 / reciprocalCondition))
        }
        return notes
    }

    /// x₀ᵀβ̂ for each row of `newData` (``predict(for:level:)`` without the intervals).
    public func predictedMeans(for newData: Frame) throws -> [Double?] {
        try predict(for: newData).map { $0?.fitted }
    }
}
