/// The record of a REML τ² fit by Fisher scoring: where it started, how many steps it took and
/// whether it converged.
///
/// See ``RandomEffectsMetaAnalysis/fit(method:level:)`` for the algorithm and its tolerances.
public struct FisherScoringSummary: Sendable, Equatable {
    /// τ² the iteration started from: the Hedges (HE) estimate truncated at 0, as metafor starts.
    public let initialTauSquared: Double
    /// Fisher-scoring steps taken.
    public let iterations: Int
    /// Steps in which the full Fisher step would have made τ² negative and was halved (metafor's
    /// step-halving) or, when the score at 0 points below 0, replaced by a step to τ² = 0.
    public let truncatedSteps: Int
    /// |τ²ₙ − τ²ₙ₋₁| / τ²ₙ of the last step (0 when τ² stayed at 0).
    public let lastRelativeChange: Double
    /// The relative-change tolerance that defines convergence.
    public let tolerance: Double
    /// The step budget.
    public let maximumIterations: Int
    /// Whether the change fell below ``tolerance`` (or below the rounding floor of the score)
    /// within ``maximumIterations`` steps.
    public let isConverged: Bool
    /// Whether the converged τ² was replaced by 0 because the restricted log-likelihood at 0 is
    /// higher by more than metafor's `tol` (ε^¼) — metafor's `ll0check` against a local maximum.
    public let isResetToZero: Bool

    /// A summary; normally made by the fit.
    public init(initialTauSquared: Double, iterations: Int, truncatedSteps: Int, lastRelativeChange: Double,
                tolerance: Double, maximumIterations: Int, isConverged: Bool, isResetToZero: Bool) {
        self.initialTauSquared = initialTauSquared
        self.iterations = iterations
        self.truncatedSteps = truncatedSteps
        self.lastRelativeChange = lastRelativeChange
        self.tolerance = tolerance
        self.maximumIterations = maximumIterations
        self.isConverged = isConverged
        self.isResetToZero = isResetToZero
    }
}
