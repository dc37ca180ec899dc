import Foundation

/// Separation in a binomial fit: some combination of predictors predicts the response perfectly,
/// so the maximum-likelihood estimates of ``divergingTerms`` are infinite and their estimates,
/// standard errors and tests are meaningless (R only warns "fitted probabilities numerically 0 or 1
/// occurred"). Remedies: drop or merge the sparse levels, or use a penalized (Firth) fit.
public struct Separation: Sendable, Equatable {
    /// Complete (every observation fitted at 0 or 1) or quasi-complete (some).
    public enum Kind: String, Sendable, Equatable {
        /// Every observation is fitted at probability 0 or 1.
        case complete
        /// Some observations are fitted at probability 0 or 1.
        case quasiComplete = "quasi-complete"
    }
    /// Complete or quasi-complete.
    public let kind: Kind
    /// Observations whose fitted probability is within ``GeneralizedLinearModel/separationProbability`` of 0 or 1.
    public let fittedAtBoundary: Int
    /// Coefficients still diverging at the last iteration, in design order.
    public let divergingTerms: [String]

    /// One line for a report or the terminal.
    public var message: String {
        let terms = divergingTerms.isEmpty ? "" : "; diverging coefficients: " + divergingTerms.joined(separator: ", ")
        return "\(kind.rawValue) separation: \(fittedAtBoundary) fitted probabilities are numerically 0 or 1\(terms). "
            + "Their estimates and standard errors are not finite maximum-likelihood estimates."
    }
}

/// A ratio exp(β) with its Wald interval exp(β ± z·SE): an odds ratio (logit) or rate ratio (log).
public struct CoefficientRatio: Sendable, Equatable {
    /// exp(estimate).
    public let estimate: Double
    /// exp(lower confidence limit of the coefficient).
    public let confidenceLow: Double
    /// exp(upper confidence limit of the coefficient).
    public let confidenceHigh: Double
}

/// The immutable result of fitting a ``GeneralizedLinearModel``: R's `summary(glm(...))` as a value.
public struct GeneralizedLinearModelFit: Sendable {
    /// The formula that was fitted.
    public let formula: Formula
    /// The family (and so the link).
    public let family: GLMFamily
    /// One row per design column: estimate, standard error, z = estimate/SE, two-sided normal
    /// p-value, and the Wald interval estimate ± z₍₁₊level₎/₂·SE; aliased columns have `nil`s.
    public let coefficients: [Coefficient]
    /// Level of the intervals.
    public let confidenceLevel: Double
    /// Observations used (complete cases).
    public let observationCount: Int
    /// Rows dropped for a missing value.
    public let droppedRowCount: Int
    /// Number of estimable coefficients.
    public let rank: Int
    /// Residual deviance D = Σ d(yᵢ, μ̂ᵢ).
    public let deviance: Double
    /// Deviance of the intercept-only model (of μ = g⁻¹(0) without an intercept), as R.
    public let nullDeviance: Double
    /// n − rank.
    public let residualDegreesOfFreedom: Int
    /// n − 1 with an intercept, n without.
    public let nullDegreesOfFreedom: Int
    /// Maximized log-likelihood.
    public let logLikelihood: Double
    /// Akaike's criterion −2 log L + 2·rank (R's `AIC`).
    public let aic: Double
    /// IRLS iterations run.
    public let iterations: Int
    /// Whether the relative deviance change fell below the tolerance within the iteration limit.
    public let isConverged: Bool
    /// Separation, when detected (binomial only).
    public let separation: Separation?
    /// Fitted means μ̂ at the used rows.
    public let fittedValues: [Double]
    /// Linear predictor η̂ at the used rows.
    public let linearPredictor: [Double]
    /// Names of the estimable coefficients, the order of ``covariance``.
    public let estimableTerms: [String]
    /// (XᵀŴX)⁻¹ at the estimates, column-major, rank × rank (dispersion 1).
    public let covariance: [Double]
    /// Reference level of each categorical predictor coded by treatment contrasts.
    public let referenceLevels: [String: String]
    /// For a categorical binomial response, the level counted as success; `nil` for a numeric response.
    public let successLevel: String?
    /// The response at the used rows (0/1 for a binomial).
    let response: [Double]
    /// The data fitted (a categorical binomial response recoded to 0/1), for the design coding
    /// of predictions.
    let data: Frame
    /// The contrasts the model was fitted with.
    let contrasts: [String: Contrast]

    /// exp(β) with its interval for each coefficient (`nil` when aliased): odds ratios for the
    /// binomial, rate ratios for the Poisson. Meaningless for the intercept, which is an odds or rate.
    public var ratios: [CoefficientRatio?] {
        coefficients.map { c in
            guard let estimate = c.estimate, let low = c.confidenceLow, let high = c.confidenceHigh else { return nil }
            return CoefficientRatio(estimate: exp(estimate), confidenceLow: exp(low), confidenceHigh: exp(high))
        }
    }

    /// The coefficient called `term`, or `nil`.
    public func coefficient(_ term: String) -> Coefficient? {
        coefficients.first { $0.term == term }
    }

    /// Warnings a reader must see: non-convergence and separation, one line each.
    public var warnings: [String] {
        notes.filter { if case .aliased = $0 { false } else { true } }.map(\.message)
    }
}
