import Foundation

/// An effect size with its confidence interval.
public struct EffectSizeEstimate: Sendable, Equatable {
    /// The point estimate.
    public let estimate: Double
    /// Lower confidence limit.
    public let confidenceLow: Double
    /// Upper confidence limit.
    public let confidenceHigh: Double
}

/// Cohen's d and Hedges' g for two independent groups, with noncentral-t confidence intervals.
///
/// d = (x̄₁ − x̄₂) / s_p with the pooled SD s_p² = ((n₁ − 1)s₁² + (n₂ − 1)s₂²)/(n₁ + n₂ − 2).
/// g = J·d with the exact small-sample correction J = Γ(ν/2) / (√(ν/2) Γ((ν − 1)/2)), ν = n₁ + n₂ − 2.
///
/// **Interval** (Steiger & Fouladi's noncentral-t method, as R's `effectsize::cohens_d` and
/// `MBESS::ci.smd`): t = d·√(n₁n₂/(n₁ + n₂)) is noncentral t with ν df and noncentrality
/// δ = d_true·√(n₁n₂/(n₁ + n₂)); the limits δ_L, δ_U solve P(T ≤ t; ν, δ) = 1 − α/2 and α/2, and
/// the interval for d is [δ_L, δ_U]·√(1/n₁ + 1/n₂); for g it is that interval times J.
///
/// ```swift
/// let smd = try StandardizedMeanDifference(group1: deepTissue, group2: usualCare)
/// smd.cohensD.estimate; smd.hedgesG.confidenceLow
/// ```
public struct StandardizedMeanDifference: Sendable, Equatable {
    /// Cohen's d with its interval.
    public let cohensD: EffectSizeEstimate
    /// Hedges' g with its interval.
    public let hedgesG: EffectSizeEstimate
    /// ν = n₁ + n₂ − 2.
    public let degreesOfFreedom: Double
    /// The correction factor J.
    public let correction: Double
    /// Confidence level of the intervals.
    public let confidenceLevel: Double

    /// The effect sizes of `group1` versus `group2` (positive when group 1's mean is larger).
    ///
    /// - Parameters:
    ///   - group1: values of the first group (no NaN), at least two.
    ///   - group2: values of the second group (no NaN), at least two.
    ///   - confidenceLevel: level of the intervals, in (0, 1).
    /// - Throws: ``StatsError/domain(_:)`` for a group with fewer than two values, NaN, or zero pooled SD.
    public init(group1: [Double], group2: [Double], confidenceLevel: Double = 0.95) throws {
        precondition(confidenceLevel > 0 && confidenceLevel < 1, "confidence level \(confidenceLevel) outside (0, 1)")
        try checkedSample(group1, statistic: "effect size (group 1)", minimum: 2)
        try checkedSample(group2, statistic: "effect size (group 2)", minimum: 2)
        let n1 = Double(group1.count), n2 = Double(group2.count)
        let (m1, ss1) = centeredSumOfSquares(group1)
        let (m2, ss2) = centeredSumOfSquares(group2)
        let df = n1 + n2 - 2
        let pooled = ((ss1 + ss2) / df).squareRoot()
        guard pooled > 0 else { throw StatsError.domain("Cohen's d is undefined: both groups are constant") }
        let d = (m1 - m2) / pooled
        let scale = (1 / n1 + 1 / n2).squareRoot()
        let t = d / scale
        let alpha = 1 - confidenceLevel
        let low = noncentrality(forObserved: t, degreesOfFreedom: df, probability: 1 - alpha / 2) * scale
        let high = noncentrality(forObserved: t, degreesOfFreedom: df, probability: alpha / 2) * scale
        let j = exp(lgamma(df / 2) - 0.5 * log(df / 2) - lgamma((df - 1) / 2))
        cohensD = EffectSizeEstimate(estimate: d, confidenceLow: low, confidenceHigh: high)
        hedgesG = EffectSizeEstimate(estimate: d * j, confidenceLow: low * j, confidenceHigh: high * j)
        degreesOfFreedom = df
        correction = j
        self.confidenceLevel = confidenceLevel
    }
}
