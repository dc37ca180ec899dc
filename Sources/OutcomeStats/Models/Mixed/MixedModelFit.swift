import Foundation

/// The immutable result of fitting a ``MixedModel``: lme4's `summary(lmer(...))` with lmerTest's
/// Satterthwaite tests, as a value.
public struct MixedModelFit: Sendable {
    /// The formula that was fitted.
    public let formula: Formula
    /// REML or ML.
    public let estimation: Estimation
    /// Fixed effects with Satterthwaite t tests; aliased columns have `nil` estimates.
    public let coefficients: [Coefficient]
    /// Satterthwaite denominator degrees of freedom per coefficient (`nil` when aliased).
    public let degreesOfFreedom: [Double?]
    /// Level of the confidence intervals in ``coefficients``.
    public let confidenceLevel: Double
    /// Names of the estimable coefficients, the order of ``covariance``.
    public let estimableTerms: [String]
    /// Cov(β̂) = σ̂²(R_XᵀR_X)⁻¹, column-major.
    public let covariance: [Double]
    /// One entry per random-effect term, in lme4's order.
    public let varianceComponents: [VarianceComponent]
    /// σ̂², the residual variance.
    public let residualVariance: Double
    /// The relative covariance parameters θ̂ (lme4's `getME(fit, "theta")`).
    public let theta: [Double]
    /// Conditional modes (BLUPs) per random-effect term.
    public let conditionalModes: [ConditionalModes]
    /// The objective at the optimum: the REML criterion (REML) or the deviance −2ℓ (ML).
    public let objective: Double
    /// Number of parameters: fixed effects + θ + σ.
    public let parameterCount: Int
    /// Observations used.
    public let observationCount: Int
    /// Rows dropped for a missing value in a variable of the formula.
    public let droppedRowCount: Int
    /// Residuals y − Xβ̂ − Zb̂ at the used rows (conditional residuals, as lme4's `resid`).
    public let residuals: [Double]
    /// Conditional fitted values Xβ̂ + Zb̂ at the used rows (lme4's `fitted`).
    public let fittedValues: [Double]
    /// The optimizer's record.
    public let optimizer: OptimizerSummary
    /// Whether a variance parameter is on its boundary: some diagonal θ below 1e-4 (lme4's
    /// `isSingular` tolerance), i.e. a variance estimated as zero or a correlation of ±1.
    public let isSingular: Bool
    /// Reference level of each categorical variable coded by treatment contrasts.
    public let referenceLevels: [String: String]
    /// The contrasts the model was fitted with (for predictions).
    public let contrasts: [String: Contrast]
    /// The data fitted, for the design coding of predictions.
    let data: Frame

    /// σ̂.
    public var residualStandardDeviation: Double { residualVariance.squareRoot() }
    /// The log-likelihood (REML log-likelihood for a REML fit, as lme4's `logLik`).
    public var logLikelihood: Double { -objective / 2 }
    /// AIC = objective + 2 × parameters.
    public var aic: Double { objective + 2 * Double(parameterCount) }
    /// BIC = objective + log(n) × parameters.
    public var bic: Double { objective + Foundation.log(Double(observationCount)) * Double(parameterCount) }

    /// The coefficient called `term`, or `nil`.
    public func coefficient(_ term: String) -> Coefficient? { coefficients.first { $0.term == term } }
}
