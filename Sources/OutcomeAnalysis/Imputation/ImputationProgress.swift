/// Progress of a long imputation (`outcomes fit --impute …`), reported once per completed data
/// set fitted (or jackknife replicate), so that a terminal can show how far it has got.
///
/// ```swift
/// let output = try request.run { progress in
///     print("\(progress.stage) \(progress.completed)/\(progress.total)")
/// }
/// ```
public struct ImputationProgress: Sendable, Equatable {
    /// What is being counted: `imputations`, `jackknife refits`, or either at a δ of a tipping
    /// point (`imputations at δ = 0.5`).
    public let stage: String
    /// Units of this stage done so far (1 … ``total``).
    public let completed: Int
    /// Units in this stage.
    public let total: Int

    /// A plain line: `imputations 37/100`.
    public var line: String { "\(stage) \(completed)/\(total)" }
}

/// Where progress goes: a callback, or nowhere.
typealias ImputationProgressHandler = @Sendable (ImputationProgress) -> Void
