/// The immutable result of fitting a ``LinearModel``: R's `summary(lm(...))` as a value.
///
/// Switching the covariance estimator returns a new fit: ``with(covariance:)``.
public struct LinearModelFit: Sendable {
    /// The formula that was fitted.
    public let formula: Formula
    /// One row per design-matrix column, aliased ones included with `nil` estimates.
    public let coefficients: [Coefficient]
    /// Level of the confidence intervals in ``coefficients``.
    public let confidenceLevel: Double
    /// Observations used (complete cases).
    public let observationCount: Int
    /// Rows dropped for a missing value in a variable of the formula.
    public let droppedRowCount: Int
    /// Rank of the design matrix (number of estimable coefficients).
    public let rank: Int
    /// n − rank.
    public let residualDegreesOfFreedom: Int
    /// σ̂ = √(RSS / (n − rank)); NaN without residual degrees of freedom.
    public let residualStandardError: Double
    /// Multiple R² (about the mean when the model has an intercept, about zero otherwise, as R).
    public let rSquared: Double
    /// Adjusted R².
    public let adjustedRSquared: Double
    /// Overall F test against the intercept-only model (or the empty model without intercept);
    /// `nil` when the model has no slope or no residual degrees of freedom.
    public let fTest: FTest?
    /// Fitted values at the used rows.
    public let fittedValues: [Double]
    /// Residuals y − ŷ at the used rows.
    public let residuals: [Double]
    /// Names of the estimable coefficients, the order of ``covariance``.
    public let estimableTerms: [String]
    /// Covariance of the estimable coefficients, column-major, rank × rank: σ̂²(XᵀX)⁻¹ or the
    /// sandwich of ``covarianceEstimator``.
    public let covariance: [Double]
    /// Reference level of each categorical variable coded by treatment contrasts.
    public let referenceLevels: [String: String]
    /// The estimator behind ``covariance``, the standard errors, tests and intervals.
    public let covarianceEstimator: CovarianceEstimator
    /// The column of case weights (weighted least squares), or `nil`.
    public let weightsColumn: String?
    /// Rows of weight 0: left out of the fit and its degrees of freedom, as in R.
    public let zeroWeightRowCount: Int
    /// Reciprocal condition number (1-norm) of the column-scaled design's R factor; values below
    /// about 1e-12 mean few digits of the estimates can be trusted even after refinement.
    public let reciprocalCondition: Double
    /// Iterative-refinement steps the least-squares solution took.
    public let refinementSteps: Int
    /// What switching the covariance estimator needs.
    let basis: LinearFitBasis

    /// How the formula's variables became design columns (levels, reference levels, column
    /// layout, covariate means): what prediction, ANOVA and marginal means rebuild rows from.
    ///
    /// - Throws: the error met when the coding could not be rebuilt (function factors such as
    ///   `I(x^2)` are not supported by prediction, ANOVA or marginal means yet).
    public var design: DesignCoding {
        get throws { try basis.designCoding() }
    }

    /// The coefficient called `term`, or `nil`.
    public func coefficient(_ term: String) -> Coefficient? {
        coefficients.first { $0.term == term }
    }

    /// Confidence intervals at `level` for every coefficient (`nil` for aliased ones).
    public func confidenceIntervals(level: Double) -> [(low: Double, high: Double)?] {
        precondition(level > 0 && level < 1, "confidence level \(level) outside (0, 1)")
        let critical = residualDegreesOfFreedom > 0
            ? StudentT(degreesOfFreedom: Double(residualDegreesOfFreedom)).quantile(0.5 + level / 2) : .nan
        return coefficients.map { c in
            guard let estimate = c.estimate, let se = c.standardError else { return nil }
            return (estimate - critical * se, estimate + critical * se)
        }
    }
}
