/// A likelihood-ratio test between two nested mixed models, as lme4's `anova(reduced, full)`:
/// both are refitted by maximum likelihood (REML likelihoods of models with different fixed
/// effects are not comparable), χ² = 2(ℓ_full − ℓ_reduced) (0 when negative) on the difference
/// in parameter counts, p = P(χ²_df > χ²).
///
/// ```swift
/// let test = try LikelihoodRatioTest(reduced: MixedModel("y ~ week + (1 | id)"),
///                                    full: MixedModel("y ~ week * cohort + (1 + week | id)"), frame: frame)
/// test.statistic; test.degreesOfFreedom; test.pValue
/// ```
public struct LikelihoodRatioTest: Sendable {
    /// The reduced model's ML fit.
    public let reduced: MixedModelFit
    /// The full model's ML fit.
    public let full: MixedModelFit
    /// χ² = 2(ℓ_full − ℓ_reduced), at least 0.
    public let statistic: Double
    /// Difference in the number of parameters.
    public let degreesOfFreedom: Int
    /// P(χ²_df > statistic).
    public let pValue: Double

    /// Refits `reduced` and `full` by ML on `frame` and compares them.
    ///
    /// - Parameters:
    ///   - reduced: the smaller model.
    ///   - full: the larger model (more parameters).
    ///   - frame: the data.
    /// - Throws: the errors of ``MixedModel/fit(to:)``; ``StatsError/mixedModel(_:)`` when the
    ///   models use different observations or do not differ in their number of parameters.
    public init(reduced: MixedModel, full: MixedModel, frame: Frame) throws {
        let reducedFit = try reduced.estimated(by: .ml).fit(to: frame)
        let fullFit = try full.estimated(by: .ml).fit(to: frame)
        guard reducedFit.observationCount == fullFit.observationCount else {
            throw StatsError.mixedModel("the models use different observations (\(reducedFit.observationCount) and "
                                        + "\(fullFit.observationCount)); compare models fitted to the same rows")
        }
        let df = fullFit.parameterCount - reducedFit.parameterCount
        guard df > 0 else {
            throw StatsError.mixedModel("the full model must have more parameters than the reduced one "
                                        + "(\(fullFit.parameterCount) vs \(reducedFit.parameterCount))")
        }
        self.reduced = reducedFit
        self.full = fullFit
        self.degreesOfFreedom = df
        self.statistic = max(0, 2 * (fullFit.logLikelihood - reducedFit.logLikelihood))
        self.pValue = ChiSquared(degreesOfFreedom: Double(df)).survival(statistic)
    }
}
