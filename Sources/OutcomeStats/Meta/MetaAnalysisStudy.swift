/// One study (site) of a meta-analysis as a forest plot draws it: its estimate, its own
/// confidence interval and its share of the pooled weight.
///
/// A forest-plot row is `(label, estimate, confidenceLow, confidenceHigh)`; the pooled diamond
/// comes from ``MetaAnalysisFit/estimate`` and its confidence bounds.
public struct MetaAnalysisStudy: Sendable, Equatable {
    /// The study's label (a site name), as given to ``RandomEffectsMetaAnalysis``.
    public let label: String
    /// The study's estimate yᵢ.
    public let estimate: Double
    /// The study's standard error sᵢ.
    public let standardError: Double
    /// yᵢ − z·sᵢ at the fit's confidence level (z the normal quantile), as metafor's `forest()` draws it.
    public let confidenceLow: Double
    /// yᵢ + z·sᵢ.
    public let confidenceHigh: Double
    /// The study's weight in the pooled estimate in percent: 100 · wᵢ / Σwⱼ with wᵢ = 1/(sᵢ² + τ̂²)
    /// (metafor's `weights()`).
    public let weightPercent: Double

    /// A study row; normally made by the fit.
    public init(label: String, estimate: Double, standardError: Double, confidenceLow: Double,
                confidenceHigh: Double, weightPercent: Double) {
        self.label = label
        self.estimate = estimate
        self.standardError = standardError
        self.confidenceLow = confidenceLow
        self.confidenceHigh = confidenceHigh
        self.weightPercent = weightPercent
    }
}
