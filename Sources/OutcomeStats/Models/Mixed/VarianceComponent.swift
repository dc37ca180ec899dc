/// The estimated covariance of one random-effect term: Σ = σ²TTᵀ for the effects varying
/// between the groups of ``group``.
public struct VarianceComponent: Sendable, Equatable {
    /// The grouping factor, lme4 style (`patient_id`, `patient_id:site`).
    public let group: String
    /// The varying effects (`(Intercept)`, `week`).
    public let effects: [String]
    /// Number of groups.
    public let groupCount: Int
    /// Variance of each effect, Σᵢᵢ.
    public let variances: [Double]
    /// Standard deviation of each effect, √Σᵢᵢ.
    public let standardDeviations: [Double]
    /// Correlations Σᵢⱼ/√(ΣᵢᵢΣⱼⱼ), k × k column-major (1 on the diagonal; NaN where a standard
    /// deviation is zero).
    public let correlations: [Double]

    /// The correlation between effects `i` and `j`.
    public func correlation(_ i: Int, _ j: Int) -> Double { correlations[i + j * effects.count] }
}

/// The conditional modes (BLUPs) b̂ of one random-effect term: the predicted deviation of each
/// group's effects from the fixed effects, as lme4's `ranef`.
public struct ConditionalModes: Sendable, Equatable {
    /// The grouping factor.
    public let group: String
    /// The varying effects.
    public let effects: [String]
    /// Group labels.
    public let levels: [String]
    /// Modes, group-major: the effects of group g are `values[g * effects.count ..< (g + 1) * effects.count]`.
    public let values: [Double]

    /// The modes of the group labelled `level`, or `nil`.
    public func modes(for level: String) -> [Double]? {
        guard let g = levels.firstIndex(of: level) else { return nil }
        return Array(values[(g * effects.count)..<((g + 1) * effects.count)])
    }
}
