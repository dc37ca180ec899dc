/// How the p-values (and intervals) of a family of pairwise contrasts are adjusted.
public enum ContrastAdjustment: String, Sendable, CaseIterable {
    /// No adjustment.
    case none
    /// Tukey's HSD: p = P(Q > √2 |t|) for the studentized range of k means; intervals
    /// t ± q₍k,df₎(level)/√2 · SE.
    case tukey
    /// Holm's step-down adjustment of the p-values; intervals are Bonferroni's (as emmeans).
    case holm
    /// Bonferroni: p · m, capped at 1; intervals at level 1 − (1 − level)/m.
    case bonferroni
}

/// One estimated marginal mean: a factor level (within a level of the `by` factor),
/// averaged over the reference grid.
public struct MarginalMean: Sendable, Equatable {
    /// The level of the factor.
    public let level: String
    /// The level of the `by` factor, when there is one.
    public let by: String?
    /// The marginal mean lᵀβ̂.
    public let estimate: Double
    /// √(lᵀVl).
    public let standardError: Double
    /// Residual degrees of freedom of the fit.
    public let degreesOfFreedom: Int
    /// Lower end of the t interval.
    public let confidenceLow: Double
    /// Upper end of the t interval.
    public let confidenceHigh: Double
    /// Whether the data determine this mean; when not (a rank-deficient fit, e.g. an empty
    /// cell), every number is NaN, as emmeans prints `nonEst`.
    public let isEstimable: Bool
}

/// One pairwise contrast of marginal means, `first - second` in level order.
public struct MarginalContrast: Sendable, Equatable {
    /// `"deep_tissue - usual_care"`.
    public let contrast: String
    /// The level of the `by` factor, when there is one.
    public let by: String?
    /// The difference of the two means.
    public let estimate: Double
    /// Its standard error.
    public let standardError: Double
    /// Residual degrees of freedom of the fit.
    public let degreesOfFreedom: Int
    /// estimate / standardError.
    public let statistic: Double
    /// The adjusted two-sided p-value.
    public let pValue: Double
    /// Lower end of the (adjusted) interval.
    public let confidenceLow: Double
    /// Upper end of the (adjusted) interval.
    public let confidenceHigh: Double
    /// Whether the data determine this contrast; when not, every number is NaN.
    public let isEstimable: Bool
}

/// Estimated marginal means of a factor's levels and their pairwise contrasts, as emmeans
/// computes them for a linear model: `emmeans(fit, pairwise ~ technique | cohort, adjust = "tukey")`.
///
/// The reference grid (``ReferenceGrid``) crosses every level of every categorical variable and
/// holds numeric covariates at their means. The mean of level a (within level b of `by`) is the
/// equally weighted average of the grid predictions with that level: lᵀβ̂ with l the average of
/// those grid rows, SE √(lᵀVl), t intervals on the residual degrees of freedom. Contrasts are
/// all pairs in level order (`first - second`) within each `by` level; their family, for the
/// adjustment, is the pairs of one `by` level.
///
/// In a rank-deficient fit (an empty cell of an interaction, say) a mean or contrast lᵀβ is
/// estimable only when l is orthogonal to the null space of X; the null space is found by
/// regressing each aliased column on the kept ones, so the data are needed then. Means and
/// contrasts that are not estimable have NaN numbers and `isEstimable == false` (emmeans'
/// `nonEst`); Tukey's family size stays the number of levels.
///
/// ```swift
/// let emm = try MarginalMeans(fit: fit, factor: "technique", by: "cohort", adjustment: .tukey)
/// emm.contrasts.filter { $0.by == "chronic" && $0.contrast == "deep_tissue - usual_care" }
/// ```
public struct MarginalMeans: Sendable, Equatable {
    /// The factor whose levels are compared.
    public let factor: String
    /// The factor within whose levels the comparison is made.
    public let by: String?
    /// The adjustment applied to the contrasts.
    public let adjustment: ContrastAdjustment
    /// Confidence level of the intervals.
    public let level: Double
    /// The means, `by` level outermost, factor levels in order.
    public let means: [MarginalMean]
    /// The pairwise contrasts, `by` level outermost.
    public let contrasts: [MarginalContrast]

    /// Marginal means of `factor` in `fit`.
    ///
    /// - Parameters:
    ///   - fit: a fitted linear model.
    ///   - data: the frame the model was fitted to; needed only when the fit has aliased
    ///     coefficients (to decide estimability).
    ///   - factor: a categorical variable of the model.
    ///   - by: another categorical variable of the model, or `nil`.
    ///   - adjustment: the multiplicity adjustment of the contrasts.
    ///   - level: confidence level.
    /// - Throws: ``StatsError/domain(_:)`` when `factor` or `by` is not a categorical variable of
    ///   the model (with a suggestion), when the fit has no residual degrees of freedom, or when
    ///   it has aliased coefficients and `data` is `nil`.
    public init(fit: LinearModelFit, data: Frame? = nil, factor: String, by: String? = nil,
                adjustment: ContrastAdjustment = .tukey, level: Double = 0.95) throws {
        precondition(level > 0 && level < 1, "confidence level \(level) outside (0, 1)")
        let coding = try fit.design
        let factors = coding.formula.variables.filter { coding.levels[$0] != nil }
        for name in [factor] + (by.map { [$0] } ?? []) where !factors.contains(name) {
            let hint = nearestName(to: name, in: factors).map { " Did you mean '\($0)'?" }
                ?? (factors.isEmpty ? " The model has none." : " Categorical variables: " + factors.joined(separator: ", ") + ".")
            throw StatsError.domain("'\(name)' is not a categorical variable of '\(fit.formula)'.\(hint)")
        }
        if let by, by == factor { throw StatsError.domain("'by' must differ from the factor '\(factor)'") }
        let df = fit.residualDegreesOfFreedom
        guard df > 0 else { throw StatsError.domain("marginal means need residual degrees of freedom; the fit has none") }

        let grid = ReferenceGrid(coding: coding)
        let estimable = fit.estimableColumns
        let nullSpace = try Self.nullSpace(fit: fit, data: data)
        func isEstimable(_ full: [Double]) -> Bool {
            nullSpace.allSatisfy { n in
                let scale = zip(full, n).reduce(0.0) { $0 + abs($1.0 * $1.1) }
                return abs(zip(full, n).reduce(0.0) { $0 + $1.0 * $1.1 }) <= 1e-8 * max(scale, 1)
            }
        }
        let estimates = estimable.map { fit.coefficients[$0].estimate! }
        let r = estimable.count
        let factorPosition = grid.factors.firstIndex(of: factor)!
        let byPosition = by.map { grid.factors.firstIndex(of: $0)! }
        let factorLevels = coding.levels[factor]!
        let byLevels: [String?] = by.map { coding.levels[$0]!.map { Optional($0) } } ?? [nil]
        let t = StudentT(degreesOfFreedom: Double(df))
        let critical = t.quantile(0.5 + level / 2)

        var means: [MarginalMean] = []
        var contrasts: [MarginalContrast] = []
        for (byIndex, byLevel) in byLevels.enumerated() {
            var fullRows: [[Double]] = []
            for (levelIndex, label) in factorLevels.enumerated() {
                let full = grid.averageRow(columns: coding.columnCount) { indices in
                    indices[factorPosition] == levelIndex && (byPosition.map { indices[$0] == byIndex } ?? true)
                }
                fullRows.append(full)
                guard isEstimable(full) else {
                    means.append(MarginalMean(level: label, by: byLevel, estimate: .nan, standardError: .nan, degreesOfFreedom: df,
                                              confidenceLow: .nan, confidenceHigh: .nan, isEstimable: false))
                    continue
                }
                let l = estimable.map { full[$0] }
                let estimate = zip(l, estimates).reduce(0) { $0 + $1.0 * $1.1 }
                let se = quadraticForm(l, fit.covariance, order: r).squareRoot()
                means.append(MarginalMean(level: label, by: byLevel, estimate: estimate, standardError: se,
                                          degreesOfFreedom: df, confidenceLow: estimate - critical * se,
                                          confidenceHigh: estimate + critical * se, isEstimable: true))
            }
            // All pairs in level order: the family of one `by` level.
            var family: [(label: String, estimate: Double, se: Double, t: Double, p: Double)] = []
            for i in 0..<factorLevels.count {
                for j in (i + 1)..<max(i + 1, factorLevels.count) {
                    let difference = zip(fullRows[i], fullRows[j]).map { $0 - $1 }
                    guard isEstimable(difference) else {
                        family.append((factorLevels[i] + " - " + factorLevels[j], .nan, .nan, .nan, .nan))
                        continue
                    }
                    let l = estimable.map { difference[$0] }
                    let estimate = zip(l, estimates).reduce(0) { $0 + $1.0 * $1.1 }
                    let se = quadraticForm(l, fit.covariance, order: r).squareRoot()
                    let statistic = estimate / se
                    family.append((factorLevels[i] + " - " + factorLevels[j], estimate, se, statistic, t.twoSidedPValue(statistic)))
                }
            }
            // The family counts non-estimable pairs too, as emmeans does (p.adjust with n = all pairs).
            let m = family.count
            let k = factorLevels.count
            var adjusted = family.map(\.p)
            var halfWidthFactor = critical
            switch adjustment {
            case .none:
                break
            case .tukey:
                let range = StudentizedRange(means: max(k, 2), degreesOfFreedom: Double(df))
                adjusted = family.map { $0.t.isNaN ? .nan : range.survival(2.0.squareRoot() * abs($0.t)) }
                halfWidthFactor = range.quantile(level) / 2.0.squareRoot()
            case .holm:
                let positions = adjusted.indices.filter { !adjusted[$0].isNaN }
                for (position, value) in zip(positions, holmAdjusted(positions.map { adjusted[$0] }, familySize: m)) {
                    adjusted[position] = value
                }
                halfWidthFactor = t.quantile(1 - (1 - level) / (2 * Double(max(m, 1))))
            case .bonferroni:
                adjusted = adjusted.map { min(1, $0 * Double(m)) }
                halfWidthFactor = t.quantile(1 - (1 - level) / (2 * Double(max(m, 1))))
            }
            for (entry, p) in zip(family, adjusted) {
                contrasts.append(MarginalContrast(
                    contrast: entry.label, by: byLevel, estimate: entry.estimate, standardError: entry.se,
                    degreesOfFreedom: df, statistic: entry.t, pValue: p,
                    confidenceLow: entry.estimate - halfWidthFactor * entry.se,
                    confidenceHigh: entry.estimate + halfWidthFactor * entry.se, isEstimable: !entry.estimate.isNaN))
            }
        }
        self.factor = factor
        self.by = by
        self.adjustment = adjustment
        self.level = level
        self.means = means
        self.contrasts = contrasts
    }
}

/// Holm's step-down adjustment: sort p ascending, p₍ᵢ₎ · (m − i + 1), running maximum, cap 1,
/// back in the original order (R's `p.adjust(p, "holm", n = m)`; m defaults to the count of p).
func holmAdjusted(_ p: [Double], familySize: Int? = nil) -> [Double] {
    let m = familySize ?? p.count
    let order = p.indices.sorted { p[$0] < p[$1] || (p[$0] == p[$1] && $0 < $1) }
    var result = [Double](repeating: 0, count: p.count)
    var running = 0.0
    for (rank, index) in order.enumerated() {
        running = max(running, min(1, Double(m - rank) * p[index]))
        result[index] = running
    }
    return result
}

extension MarginalMeans {
    /// A basis of the null space of X (over all design columns) of a rank-deficient fit: for each
    /// aliased column j, e_j − Σ a_k e_k with x_j = Σ a_k x_k over the kept columns.
    static func nullSpace(fit: LinearModelFit, data: Frame?) throws -> [[Double]] {
        let kept = fit.estimableColumns
        let aliased = fit.coefficients.indices.filter { fit.coefficients[$0].isAliased }
        guard !aliased.isEmpty else { return [] }
        guard let data else {
            throw StatsError.domain("the fit has aliased coefficients (\(aliased.map { fit.coefficients[$0].term }.joined(separator: ", "))); pass the data it was fitted to so that estimability can be checked")
        }
        let rows = try (try fit.design).rows(for: data, requireResponse: true)
        guard rows.rowCount == fit.observationCount else {
            throw StatsError.domain("the data have \(rows.rowCount) complete rows but the fit used \(fit.observationCount); pass the frame the model was fitted to")
        }
        let n = rows.rowCount
        return try aliased.map { j in
            let target = Array(rows.column(j))
            let regression = try SubsetLeastSquares(x: rows.values, rows: n, columns: kept, y: target, tolerance: 0)
            var vector = [Double](repeating: 0, count: fit.coefficients.count)
            vector[j] = 1
            for (position, k) in regression.kept.enumerated() { vector[kept[k]] = -regression.estimates[position] }
            return vector
        }
    }
}
