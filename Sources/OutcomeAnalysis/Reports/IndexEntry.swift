import OutcomeReports

/// What the batch index says about one analysis: enough to render `index.md`, `index.html`
/// and `index.json` — from a run, or from the shard manifests `outcomes merge` reads back.
///
/// Numbers are stored as their shortest round-trip text, so a manifest written by one shard
/// and read by `merge` reproduces the unsharded index byte for byte.
public struct IndexEntry: Codable, Sendable, Equatable {
    /// Position in the expanded spec (0-based): the order of the index.
    public var position: Int
    /// Analysis name (its folder).
    public var name: String
    /// Analysis title.
    public var title: String
    /// Model formula.
    public var formula: String
    /// Model family (`linear`, …).
    public var model: String
    /// `ok` or `failed`.
    public var status: String
    /// Why it failed, one line.
    public var error: String?
    /// Short headline ("n = 1757, R² = 0.385, …").
    public var headline: String?
    /// Observations used.
    public var observations: Int?
    /// R² as shortest round-trip text.
    public var rSquared: String?
    /// Coefficients for side-by-side tables and `index.json`.
    public var coefficients: [IndexCoefficient]
    /// Wall time of the analysis in seconds, kept only in stamped runs (`--stamp`), since it
    /// differs from run to run.
    public var seconds: String?

    /// Whether the analysis succeeded.
    public var succeeded: Bool { status == "ok" }

    /// The right-hand side of the formula, which groups models in side-by-side tables.
    var rightHandSide: String {
        formula.firstIndex(of: "~").map { String(formula[formula.index(after: $0)...]).trimmingCharacters(in: .whitespaces) } ?? formula
    }
}

/// One coefficient of an ``IndexEntry``; numbers as shortest round-trip text (`nil` when absent).
public struct IndexCoefficient: Codable, Sendable, Equatable {
    /// Term name.
    public var term: String
    /// Estimate.
    public var estimate: String?
    /// Lower confidence limit.
    public var low: String?
    /// Upper confidence limit.
    public var high: String?
    /// p-value.
    public var p: String?
    /// Whether this row is a reference level ("ref").
    public var isReference: Bool

    init(_ row: CoefficientRow) {
        term = row.term
        estimate = row.estimate.map { "\($0)" }
        low = row.confidenceLow.map { "\($0)" }
        high = row.confidenceHigh.map { "\($0)" }
        p = row.pValue.map { "\($0)" }
        isReference = row.isReference
    }

    var row: CoefficientRow {
        if isReference { return .reference(term) }
        return CoefficientRow(term: term, estimate: estimate.flatMap(Double.init), standardError: nil, statistic: nil,
                              pValue: p.flatMap(Double.init), confidenceLow: low.flatMap(Double.init),
                              confidenceHigh: high.flatMap(Double.init))
    }
}
