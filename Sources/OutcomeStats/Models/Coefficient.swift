/// One row of a coefficient table.
///
/// An aliased coefficient (its column is a linear combination of earlier ones, so the data
/// cannot estimate it) has `nil` estimate and statistics, as R prints `NA`.
public struct Coefficient: Sendable, Equatable {
    /// Column name, R style: `(Intercept)`, `cohortchronic`, `week:cohortchronic`.
    public let term: String
    /// Point estimate, `nil` when aliased.
    public let estimate: Double?
    /// Standard error, `nil` when aliased (NaN when there are no residual degrees of freedom).
    public let standardError: Double?
    /// estimate / standardError.
    public let statistic: Double?
    /// Two-sided p-value of the statistic.
    public let pValue: Double?
    /// Lower bound of the confidence interval at the fit's level.
    public let confidenceLow: Double?
    /// Upper bound of the confidence interval at the fit's level.
    public let confidenceHigh: Double?

    /// Whether the term is aliased (not estimable).
    public var isAliased: Bool { estimate == nil }

    /// A coefficient row; pass `nil`s for an aliased term.
    public init(term: String, estimate: Double?, standardError: Double?, statistic: Double?,
                pValue: Double?, confidenceLow: Double?, confidenceHigh: Double?) {
        self.term = term
        self.estimate = estimate
        self.standardError = standardError
        self.statistic = statistic
        self.pValue = pValue
        self.confidenceLow = confidenceLow
        self.confidenceHigh = confidenceHigh
    }

    /// The row of an aliased term: every value `nil` (R's `NA`).
    public static func aliased(_ term: String) -> Coefficient {
        Coefficient(term: term, estimate: nil, standardError: nil, statistic: nil, pValue: nil, confidenceLow: nil, confidenceHigh: nil)
    }
}

/// An F test: statistic, degrees of freedom and upper-tail p-value.
public struct FTest: Sendable, Equatable {
    /// The F statistic.
    public let statistic: Double
    /// Numerator degrees of freedom.
    public let numeratorDegreesOfFreedom: Double
    /// Denominator degrees of freedom.
    public let denominatorDegreesOfFreedom: Double
    /// P(F > statistic).
    public let pValue: Double
}
