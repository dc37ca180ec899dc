/// The record of an iterative fit's optimizer, kept with the fit (as MixedModels.jl's
/// `OptSummary`): where it started and ended, how many objective evaluations it used and why it
/// stopped.
public struct OptimizerSummary: Sendable, Equatable {
    /// Why the optimizer stopped.
    public enum Status: String, Sendable, Equatable {
        /// The step and the objective change fell below their tolerances.
        case converged
        /// The evaluation budget ran out first; the estimates may be off the optimum.
        case maximumEvaluationsReached = "maximum evaluations reached"
    }

    /// The method, e.g. `"Nelder–Mead with bounds, then projected Newton (finite differences)"`.
    public let method: String
    /// Starting parameters (θ).
    public let start: [Double]
    /// Final parameters (θ̂).
    public let end: [Double]
    /// Objective at the start.
    public let startObjective: Double
    /// Objective at the end.
    public let endObjective: Double
    /// Number of objective evaluations.
    public let evaluations: Int
    /// Why it stopped.
    public let status: Status

    /// Whether the optimizer met its convergence criteria.
    public var isConverged: Bool { status == .converged }
}
