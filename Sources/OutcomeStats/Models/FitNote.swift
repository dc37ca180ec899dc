import Foundation

/// A fact about a fit that its reader must be told, computed by the core so that every report,
/// summary and JSON says the same thing.
public enum FitNote: Sendable, Equatable {
    /// Below this reciprocal condition number of the column-scaled design (the threshold under
    /// which the streamed least squares also steps aside), the design is called nearly
    /// collinear, as statsmodels says "The condition number is large".
    public static let reciprocalConditionWarning = 1e-4

    /// How the standard errors were computed (a linear model's covariance estimator).
    case standardErrors(CovarianceEstimator)
    /// Design columns that are linear combinations of earlier ones, reported as aliased (R's NA).
    case aliased(terms: [String])
    /// The condition number κ of the column-scaled design, when it exceeds 1/``reciprocalConditionWarning``.
    case largeConditionNumber(Double)
    /// A variance parameter on its boundary (a variance of zero or a correlation of ±1).
    case singular
    /// Complete or quasi-complete separation in a binomial GLM.
    case separation(Separation)
    /// An iterative fit that stopped before meeting its convergence criteria, with what it ran.
    case notConverged(method: String, iterations: Int)

    /// The note as one sentence.
    public var message: String {
        switch self {
        case .standardErrors(let estimator):
            estimator.description
        case .aliased(let terms):
            "Aliased (not estimable) terms: " + terms.joined(separator: ", ") + "."
        case .largeConditionNumber(let kappa):
            "The condition number of the design (columns scaled to comparable norms) is large, \(String(format: "%.1e", kappa)): "
                + "some terms are nearly collinear, so their estimates are imprecise (their standard errors say how much)."
        case .singular:
            "Singular (boundary) fit: a random-effect variance is estimated as zero or a correlation as ±1; "
                + "the random-effects structure is more complex than the data support."
        case .separation(let separation):
            separation.message
        case .notConverged(let method, let iterations):
            "\(method) did not converge in \(iterations) iterations; the estimates are not maximum-likelihood estimates."
        }
    }

    /// The notes common to every fit: the aliased terms.
    static func aliased(in coefficients: [Coefficient]) -> [FitNote] {
        let terms = coefficients.filter(\.isAliased).map(\.term)
        return terms.isEmpty ? [] : [.aliased(terms: terms)]
    }
}
