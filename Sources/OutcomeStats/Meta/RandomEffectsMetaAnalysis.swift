import Foundation

/// A meta-analysis of k ≥ 2 study estimates yᵢ with standard errors sᵢ — for example one model
/// coefficient estimated separately at each site of a consortium that cannot share patient rows.
///
/// The model is yᵢ = μ + uᵢ + εᵢ with εᵢ ~ N(0, sᵢ²) and uᵢ ~ N(0, τ²) (τ² = 0 for the
/// fixed-effect model). ``fit(method:level:)`` estimates τ², pools the estimates with
/// inverse-variance weights and reports what metafor's `rma()` and `predict()` report.
///
/// ```swift
/// let meta = try RandomEffectsMetaAnalysis(estimates: [-0.87, -0.11, -1.45, -1.02],
///                                          standardErrors: [0.347, 0.342, 0.276, 0.263],
///                                          labels: ["site_a", "site_b", "site_c", "site_d"])
/// let fit = meta.fit(method: .restrictedMaximumLikelihood)
/// fit.estimate, fit.confidenceLow, fit.confidenceHigh   // the pooled diamond
/// fit.tauSquared, fit.iSquared, fit.heterogeneity.pValue
/// fit.studies.map { ($0.label, $0.confidenceLow, $0.confidenceHigh) }   // forest-plot rows
/// ```
public struct RandomEffectsMetaAnalysis: Sendable {
    /// The study estimates yᵢ, in input order.
    public let estimates: [Double]
    /// The standard errors sᵢ > 0 of the estimates.
    public let standardErrors: [Double]
    /// A label per study (for example the site name).
    public let labels: [String]

    /// Relative change in τ² at which REML Fisher scoring stops: |Δτ²| ≤ 1e-12 · τ². Fisher
    /// scoring converges linearly, so this costs a handful of extra steps over metafor's default
    /// (an absolute 1e-5), and puts τ̂² within ~1e-12 relative of the REML root instead of ~1e-5.
    public static let fisherScoringTolerance = 1e-12
    /// The Fisher-scoring step budget (metafor's `maxiter` is 100 for its looser tolerance).
    public static let maximumFisherScoringIterations = 1000

    /// A meta-analysis of `estimates` with `standardErrors`.
    ///
    /// - Parameters:
    ///   - estimates: the study estimates yᵢ; each finite.
    ///   - standardErrors: their standard errors sᵢ; each positive and finite.
    ///   - labels: one label per study; `nil` labels them `Study 1`, `Study 2`, … as metafor's
    ///     `forest()` does.
    /// - Throws: ``StatsError/metaAnalysis(_:)`` when fewer than two studies are given, when the
    ///   three arrays differ in length, or when a study's estimate is not finite or its standard
    ///   error is not positive and finite; the message names the study.
    public init(estimates: [Double], standardErrors: [Double], labels: [String]? = nil) throws {
        let k = estimates.count
        guard standardErrors.count == k else {
            throw StatsError.metaAnalysis(
                "meta-analysis has \(k) estimates but \(standardErrors.count) standard errors; give one standard error per study")
        }
        let names = labels ?? (1...max(k, 1)).prefix(k).map { "Study \($0)" }
        guard names.count == k else {
            throw StatsError.metaAnalysis(
                "meta-analysis has \(k) estimates but \(names.count) labels; give one label per study")
        }
        guard k >= 2 else {
            let which = k == 0 ? "none" : "1 ('\(names[0])')"
            throw StatsError.metaAnalysis(
                "a meta-analysis needs at least 2 studies, got \(which); pool only an estimate available from two or more studies")
        }
        for i in 0..<k {
            let study = "study '\(names[i])' (\(i + 1) of \(k))"
            guard estimates[i].isFinite else {
                throw StatsError.metaAnalysis("\(study) has estimate \(estimates[i]); every study needs a finite estimate")
            }
            let s = standardErrors[i]
            guard s.isFinite, s > 0 else {
                throw StatsError.metaAnalysis(
                    "\(study) has standard error \(s); every study needs a positive, finite standard error")
            }
            guard (s * s).isNormal else {
                throw StatsError.metaAnalysis(
                    "\(study) has standard error \(s), whose square is not a normal double; rescale the estimates")
            }
        }
        self.estimates = estimates
        self.standardErrors = standardErrors
        self.labels = names
    }

    /// Pools the studies.
    ///
    /// With vᵢ = sᵢ², fixed-effect weights wᵢ = 1/vᵢ and P = W − wwᵀ/Σw:
    ///
    /// - Cochran's Q = Σwᵢ(yᵢ − μ̂_FE)², df = k − 1, p = P(χ²_{k−1} > Q).
    /// - τ²: `.fixedEffect` 0; `.derSimonianLaird` max(0, (Q − (k − 1)) / tr P);
    ///   `.restrictedMaximumLikelihood` the REML estimate by Fisher scoring (below).
    /// - Pooled: wᵢ* = 1/(vᵢ + τ̂²), μ̂ = Σwᵢ*yᵢ / Σwᵢ*, SE = 1/√Σwᵢ*, z = μ̂/SE,
    ///   p = 2 Φ(−|z|), CI μ̂ ± z_{1−α/2} SE with the normal quantile (metafor's default test = "z").
    /// - Prediction interval μ̂ ± z_{1−α/2} √(τ̂² + SE²) (metafor's `predict()`).
    /// - I², H², SE(τ̂²) and weights as documented on ``MetaAnalysisFit``.
    ///
    /// **REML by Fisher scoring**, as metafor: start at the Hedges estimate
    /// max(0, [Σ(yᵢ − ȳ)² − (1 − 1/k)Σvᵢ] / (k − 1)); step τ² ← τ² + (yᵀPPy − tr P) / tr PP with P
    /// at wᵢ = 1/(vᵢ + τ²). A step that would make τ² negative is halved until τ² ≥ 0 (metafor's
    /// step-halving), except that when the step evaluated at 0 is itself ≤ 0 the iteration moves to
    /// τ² = 0 (the constrained maximum that step-halving only approaches geometrically) and stays
    /// there. Converged when |Δτ²| ≤ ``fisherScoringTolerance`` · τ² (1e-12 relative), or when |Δτ²| falls
    /// to the rounding floor 16 ε (τ² + v̄) below which the score cannot resolve τ² (this binds only
    /// for τ² < ~0.004 v̄); at most ``maximumFisherScoringIterations`` steps. Finally metafor's
    /// `ll0check`: if the restricted log-likelihood at τ² = 0 is higher by more than ε^¼, τ̂² = 0.
    /// Whether it converged is in ``MetaAnalysisFit/optimizer``; a fit that did not converge still
    /// returns its last iterate.
    ///
    /// All sums are formed without cancellation (leave-one-out sums for tr P and tr PP), so the
    /// numbers agree with metafor to ~1e-13 relative on ordinary data.
    ///
    /// - Parameters:
    ///   - method: how to estimate τ²; metafor's default is REML.
    ///   - level: confidence level of every interval, in (0, 1); default 0.95.
    /// - Returns: the fit.
    public func fit(method: MetaAnalysisMethod = .restrictedMaximumLikelihood, level: Double = 0.95) -> MetaAnalysisFit {
        precondition(level > 0 && level < 1, "confidence level \(level) outside (0, 1)")
        let k = estimates.count
        let degreesOfFreedom = k - 1
        let df = Double(degreesOfFreedom)
        let variances = standardErrors.map { $0 * $0 }
        let fixed = InverseVarianceWeights(estimates: estimates, variances: variances, tauSquared: 0)
        let q = max(0, fixed.weightedSquares)
        let heterogeneity = HeterogeneityTest(statistic: q, degreesOfFreedom: degreesOfFreedom,
                                              pValue: ChiSquared(degreesOfFreedom: Double(degreesOfFreedom)).survival(q))

        let tauSquared: Double
        let tauSquaredStandardError: Double?
        var optimizer: FisherScoringSummary?
        let pooled: InverseVarianceWeights
        switch method {
        case .fixedEffect:
            tauSquared = 0
            tauSquaredStandardError = nil
            pooled = fixed
        case .derSimonianLaird:
            let trace = fixed.traceP
            tauSquared = max(0, (q - df) / trace)
            let spread = 2 * df + 4 * tauSquared * trace + 2 * tauSquared * tauSquared * fixed.tracePP
            tauSquaredStandardError = spread.squareRoot() / trace
            pooled = tauSquared == 0 ? fixed
                : InverseVarianceWeights(estimates: estimates, variances: variances, tauSquared: tauSquared)
        case .restrictedMaximumLikelihood:
            let reml = RestrictedMaximumLikelihood(estimates: estimates, variances: variances,
                                                   tolerance: Self.fisherScoringTolerance,
                                                   maximumIterations: Self.maximumFisherScoringIterations)
            tauSquared = reml.tauSquared
            optimizer = reml.summary
            pooled = tauSquared == 0 ? fixed
                : InverseVarianceWeights(estimates: estimates, variances: variances, tauSquared: tauSquared)
            tauSquaredStandardError = (2 / pooled.tracePP).squareRoot()
        }

        let iSquared: Double
        let hSquared: Double
        if method == .fixedEffect {
            iSquared = q > 0 ? max(0, 100 * (q - df) / q) : 0
            hSquared = q / df
        } else {
            let typicalVariance = df / fixed.traceP
            iSquared = 100 * tauSquared / (typicalVariance + tauSquared)
            hSquared = tauSquared / typicalVariance + 1
        }

        let estimate = pooled.mean
        let standardError = 1 / pooled.sum.squareRoot()
        let z = estimate / standardError
        let critical = -Normal.standard.quantile((1 - level) / 2)
        let predictionHalfWidth = critical * (tauSquared + standardError * standardError).squareRoot()
        let studies = (0..<k).map { i in
            MetaAnalysisStudy(label: labels[i], estimate: estimates[i], standardError: standardErrors[i],
                              confidenceLow: estimates[i] - critical * standardErrors[i],
                              confidenceHigh: estimates[i] + critical * standardErrors[i],
                              weightPercent: 100 * pooled.weights[i] / pooled.sum)
        }
        return MetaAnalysisFit(
            method: method, confidenceLevel: level,
            estimate: estimate, standardError: standardError, statistic: z,
            pValue: 2 * Normal.standard.survival(abs(z)),
            confidenceLow: estimate - critical * standardError, confidenceHigh: estimate + critical * standardError,
            tauSquared: tauSquared, tau: tauSquared.squareRoot(), tauSquaredStandardError: tauSquaredStandardError,
            heterogeneity: heterogeneity, iSquared: iSquared, hSquared: hSquared,
            predictionLow: estimate - predictionHalfWidth, predictionHigh: estimate + predictionHalfWidth,
            studies: studies, optimizer: optimizer)
    }
}
