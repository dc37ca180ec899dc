import Foundation

/// LS-means of an MMRM by one factor at each level of another (the arm at each visit), and each
/// level's difference from the reference level: the primary table of a trial.
///
/// As emmeans and SAS's `LSMEANS` compute them: the reference grid of every combination of the
/// model's categorical levels with numeric covariates at their means (``ReferenceGrid``),
/// averaged over the factors not named with equal weights (the default) or in proportion to
/// their levels' frequencies among the rows fitted (emmeans' `weights = "proportional"`, SAS's
/// `LSMEANS / OM`); standard errors from the fit's covariance of β̂ (model-based, or
/// Kenward–Roger's adjusted one), degrees of freedom by the fit's method (Satterthwaite by default).
///
/// ```swift
/// let means = try fit.leastSquaresMeans(of: "technique", by: "visit")
/// means.differences.map { ($0.by, $0.estimate, $0.confidenceLow, $0.pValue) }
/// ```
public struct MMRMLeastSquaresMeans: Sendable, Equatable {
    /// One LS-mean.
    public struct Mean: Sendable, Equatable {
        /// The level of the factor.
        public let level: String
        /// The level of the `by` factor, or `nil`.
        public let by: String?
        public let estimate: Double
        public let standardError: Double
        public let degreesOfFreedom: Double
        public let confidenceLow: Double
        public let confidenceHigh: Double
    }

    /// One level minus the reference level, at one level of `by`.
    public struct Difference: Sendable, Equatable {
        /// The level.
        public let level: String
        /// The reference level it is compared with.
        public let reference: String
        /// The level of the `by` factor, or `nil`.
        public let by: String?
        public let estimate: Double
        public let standardError: Double
        public let degreesOfFreedom: Double
        /// estimate / standardError.
        public let statistic: Double
        /// Two-sided p-value (t on ``degreesOfFreedom``), unadjusted.
        public let pValue: Double
        public let confidenceLow: Double
        public let confidenceHigh: Double
    }

    /// The factor.
    public let factor: String
    /// The `by` factor, or `nil`.
    public let by: String?
    /// Confidence level.
    public let level: Double
    /// How the means average over the factors not named.
    public let weights: LeastSquaresMeansWeights
    /// Means, by level of `by` (outer), then level of the factor.
    public let means: [Mean]
    /// Differences from the reference level, by level of `by`.
    public let differences: [Difference]
}

/// How LS-means average over the factors they do not name.
public enum LeastSquaresMeansWeights: String, Sendable, CaseIterable {
    /// Every combination of levels counts equally (emmeans' and SAS's default).
    case equal
    /// Each combination in proportion to its frequency among the rows fitted (emmeans'
    /// `weights = "proportional"`, SAS's `OM`).
    case proportional
}

extension MMRMFit {
    /// LS-means of `factor` at each level of `by`, and differences from the factor's reference
    /// level (its treatment-contrast reference, else its first level).
    ///
    /// - Throws: ``StatsError/domain(_:)`` when `factor` or `by` is not a categorical variable of
    ///   the model, or they are the same.
    public func leastSquaresMeans(of factor: String, by: String? = nil,
                                  weights: LeastSquaresMeansWeights = .equal) throws -> MMRMLeastSquaresMeans {
        let grid = ReferenceGrid(coding: coding)
        for name in [factor] + (by.map { [$0] } ?? []) where !grid.factors.contains(name) {
            let hint = nearestName(to: name, in: grid.factors).map { " Did you mean '\($0)'?" }
                ?? (grid.factors.isEmpty ? " The model has none." : " Categorical variables: " + grid.factors.joined(separator: ", ") + ".")
            throw StatsError.domain("'\(excerpt(of: name, around: 1))' is not a categorical variable of the MMRM.\(hint)")
        }
        if let by, by == factor { throw StatsError.domain("'by' must differ from the factor '\(factor)'") }
        let f = grid.factors.firstIndex(of: factor)!
        let b = by.map { grid.factors.firstIndex(of: $0)! }
        let levels = coding.levels[factor]!
        let byLevels: [String?] = by.map { coding.levels[$0]!.map(Optional.some) } ?? [nil]
        let reference = referenceLevels[factor].flatMap { levels.firstIndex(of: $0) } ?? 0
        let critical = { (df: Double) -> Double in
            df.isFinite && df > 0 ? StudentT(degreesOfFreedom: df).quantile(0.5 + self.confidenceLevel / 2) : .nan
        }
        var means: [MMRMLeastSquaresMeans.Mean] = []
        var differences: [MMRMLeastSquaresMeans.Difference] = []
        let columns = coding.columnCount
        let averaged = grid.factors.indices.filter { $0 != f && $0 != b }
        let gridWeights = weights == .proportional ? grid.frequencies(of: averaged, in: cellCounts) : nil
        for (byIndex, byLevel) in byLevels.enumerated() {
            let rows = levels.indices.map { level in
                let include = { (indices: [Int]) -> Bool in indices[f] == level && (b.map { indices[$0] == byIndex } ?? true) }
                return gridWeights.map { grid.weightedAverageRow(columns: columns, weights: $0, where: include) }
                    ?? grid.averageRow(columns: columns, where: include)
            }
            for (level, row) in rows.enumerated() {
                let (estimate, se, df) = linearCombination(row) ?? (.nan, .nan, .nan)
                let q = critical(df)
                means.append(.init(level: levels[level], by: byLevel, estimate: estimate, standardError: se,
                                   degreesOfFreedom: df, confidenceLow: estimate - q * se, confidenceHigh: estimate + q * se))
            }
            for level in levels.indices where level != reference {
                let l = (0..<columns).map { rows[level][$0] - rows[reference][$0] }
                let (estimate, se, df) = linearCombination(l) ?? (.nan, .nan, .nan)
                let q = critical(df)
                let t = estimate / se
                let p = df.isFinite && df > 0 ? StudentT(degreesOfFreedom: df).twoSidedPValue(t) : .nan
                differences.append(.init(level: levels[level], reference: levels[reference], by: byLevel, estimate: estimate,
                                         standardError: se, degreesOfFreedom: df, statistic: t, pValue: p,
                                         confidenceLow: estimate - q * se, confidenceHigh: estimate + q * se))
            }
        }
        return MMRMLeastSquaresMeans(factor: factor, by: by, level: confidenceLevel, weights: weights,
                                     means: means, differences: differences)
    }
}
