import Foundation

/// Rubin's rules: one coefficient pooled over m completed-data fits, with Barnard and Rubin's
/// (1999) small-sample degrees of freedom, as R's `mice::pool()` computes them.
///
/// With estimates qᵢ and squared standard errors uᵢ from the m fits and ν_com the
/// complete-data df:
///
///     q̄ = Σqᵢ/m,  Ū = Σuᵢ/m,  B = Σ(qᵢ − q̄)²/(m − 1),  T = Ū + (1 + 1/m)B
///     r = (1 + 1/m)B/Ū (relative increase in variance),  λ = (1 + 1/m)B/T (floored at 10⁻⁴)
///     ν_old = (m − 1)/λ²,  ν_obs = (ν_com + 1)/(ν_com + 3)·ν_com(1 − λ),  ν = ν_old·ν_obs/(ν_old + ν_obs)
///     fmi = (r + 2/(ν + 3))/(1 + r)
///
/// ```swift
/// let pooled = try PooledEstimate(estimates: [1.02, 0.97, 1.10], variances: [0.04, 0.05, 0.04],
///                                 completeDataDegreesOfFreedom: 96)
/// (pooled.estimate, pooled.standardError, pooled.degreesOfFreedom, pooled.fractionOfMissingInformation)
/// ```
public struct PooledEstimate: Sendable, Equatable {
    /// q̄.
    public let estimate: Double
    /// √T.
    public let standardError: Double
    /// Ū, the mean within-imputation variance.
    public let withinVariance: Double
    /// B, the between-imputation variance.
    public let betweenVariance: Double
    /// Barnard–Rubin's ν.
    public let degreesOfFreedom: Double
    /// r, the relative increase in variance due to nonresponse.
    public let relativeIncreaseInVariance: Double
    /// λ, the proportion of the total variance due to nonresponse (before its 10⁻⁴ floor in ν).
    public let lambda: Double
    /// γ, the fraction of missing information.
    public let fractionOfMissingInformation: Double
    /// The number of imputations.
    public let imputations: Int

    /// Pools the estimates and variances of m ≥ 2 fits.
    ///
    /// - Parameter completeDataDegreesOfFreedom: ν_com; `.infinity` gives Rubin's ν_old.
    /// - Throws: ``StatsError/domain(_:)`` for fewer than two fits, unequal counts or
    ///   non-finite values.
    public init(estimates: [Double], variances: [Double], completeDataDegreesOfFreedom: Double) throws {
        let m = estimates.count
        guard m >= 2, variances.count == m else {
            throw StatsError.domain("Rubin's rules need at least two imputations with an estimate and a variance each (got \(m) and \(variances.count))")
        }
        guard estimates.allSatisfy(\.isFinite), variances.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw StatsError.domain("an imputed fit has a non-finite estimate or variance; Rubin's rules cannot pool it")
        }
        let md = Double(m)
        let mean = estimates.reduce(0, +) / md
        let within = variances.reduce(0, +) / md
        let between = estimates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (md - 1)
        let total = within + (1 + 1 / md) * between
        let riv = within > 0 ? (1 + 1 / md) * between / within : .infinity
        let lambda = total > 0 ? (1 + 1 / md) * between / total : 0
        let floored = max(lambda, 1e-4)
        let old = (md - 1) / (floored * floored)
        let nu: Double
        if completeDataDegreesOfFreedom.isInfinite {
            nu = old
        } else {
            let com = completeDataDegreesOfFreedom
            let observed = (com + 1) / (com + 3) * com * (1 - floored)
            nu = old * observed / (old + observed)
        }
        estimate = mean
        standardError = total.squareRoot()
        withinVariance = within
        betweenVariance = between
        degreesOfFreedom = nu
        relativeIncreaseInVariance = riv
        self.lambda = lambda
        fractionOfMissingInformation = (riv + 2 / (nu + 3)) / (1 + riv)
        imputations = m
    }

    /// The two-sided p-value of q̄/√T on ν df.
    public var pValue: Double { StudentT(degreesOfFreedom: degreesOfFreedom).twoSidedPValue(estimate / standardError) }

    /// The confidence interval at `level`.
    public func confidenceInterval(level: Double = 0.95) -> (low: Double, high: Double) {
        let q = StudentT(degreesOfFreedom: degreesOfFreedom).quantile(0.5 + level / 2)
        return (estimate - q * standardError, estimate + q * standardError)
    }
}
