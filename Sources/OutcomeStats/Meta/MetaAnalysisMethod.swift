/// How a meta-analysis estimates the between-study variance τ².
///
/// The names follow metafor's `rma(method = …)`: `.fixedEffect` is `"FE"` (τ² = 0, the
/// common-effect model), `.derSimonianLaird` is `"DL"`, `.restrictedMaximumLikelihood` is `"REML"`.
///
/// ```swift
/// let fit = try RandomEffectsMetaAnalysis(estimates: y, standardErrors: s).fit(method: .restrictedMaximumLikelihood)
/// ```
public enum MetaAnalysisMethod: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Inverse-variance weighting with τ² = 0 (metafor `"FE"`/`"EE"`).
    case fixedEffect
    /// DerSimonian–Laird method-of-moments τ² from Cochran's Q, truncated at 0 (metafor `"DL"`).
    case derSimonianLaird
    /// Restricted maximum likelihood τ² by Fisher scoring (metafor `"REML"`).
    case restrictedMaximumLikelihood

    /// The short name metafor uses: `FE`, `DL` or `REML`.
    public var description: String {
        switch self {
        case .fixedEffect: "FE"
        case .derSimonianLaird: "DL"
        case .restrictedMaximumLikelihood: "REML"
        }
    }
}
