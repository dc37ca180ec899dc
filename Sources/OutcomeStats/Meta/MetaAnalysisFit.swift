/// The result of a meta-analysis: the pooled estimate with its inference, the between-study
/// variance, heterogeneity statistics, the prediction interval and every study's row.
///
/// Made by ``RandomEffectsMetaAnalysis/fit(method:level:)``; immutable. Every number matches
/// metafor's `rma(yi, vi, method = …, level = …)` (test = "z") and `predict()` on it; see that
/// method for the formulas.
public struct MetaAnalysisFit: Sendable, Equatable {
    /// How τ² was estimated.
    public let method: MetaAnalysisMethod
    /// Level of every interval in this fit, in (0, 1).
    public let confidenceLevel: Double
    /// The pooled estimate μ̂ = Σwᵢyᵢ / Σwᵢ, wᵢ = 1/(sᵢ² + τ̂²).
    public let estimate: Double
    /// SE(μ̂) = 1/√Σwᵢ.
    public let standardError: Double
    /// z = μ̂ / SE(μ̂).
    public let statistic: Double
    /// Two-sided p-value of z against N(0, 1).
    public let pValue: Double
    /// μ̂ − z_{1−α/2} · SE(μ̂).
    public let confidenceLow: Double
    /// μ̂ + z_{1−α/2} · SE(μ̂).
    public let confidenceHigh: Double
    /// The between-study variance τ̂² (0 for ``MetaAnalysisMethod/fixedEffect``).
    public let tauSquared: Double
    /// τ̂ = √τ̂².
    public let tau: Double
    /// Standard error of τ̂² as metafor reports it; `nil` for the fixed-effect model.
    ///
    /// - DL: √{[2(k−1) + 4τ̂² tr P + 2τ̂⁴ tr PP]} / tr P, with P at the fixed-effect weights.
    /// - REML: √(2 / tr PP), with P at wᵢ = 1/(sᵢ² + τ̂²) (inverse expected information).
    public let tauSquaredStandardError: Double?
    /// Cochran's Q test (the same for every method).
    public let heterogeneity: HeterogeneityTest
    /// I² in percent. Random effects: 100 τ̂² / (ṽ + τ̂²) with the typical within-study variance
    /// ṽ = (k − 1) / tr P (fixed-effect weights). Fixed effect: max(0, 100 (Q − (k − 1)) / Q)
    /// (0 when Q = 0, where metafor gives NaN).
    public let iSquared: Double
    /// H². Random effects: τ̂²/ṽ + 1. Fixed effect: Q / (k − 1).
    public let hSquared: Double
    /// μ̂ − z_{1−α/2} · √(τ̂² + SE(μ̂)²), metafor's `predict()` `pi.lb` (equals ``confidenceLow``
    /// for the fixed-effect model, where τ² = 0).
    public let predictionLow: Double
    /// μ̂ + z_{1−α/2} · √(τ̂² + SE(μ̂)²).
    public let predictionHigh: Double
    /// Every study in input order, with its confidence interval and weight.
    public let studies: [MetaAnalysisStudy]
    /// The Fisher-scoring record for ``MetaAnalysisMethod/restrictedMaximumLikelihood``; `nil` otherwise.
    public let optimizer: FisherScoringSummary?

    /// The number of studies k.
    public var studyCount: Int { studies.count }
}
