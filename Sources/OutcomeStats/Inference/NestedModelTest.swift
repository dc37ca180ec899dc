/// The F test of a smaller linear model nested in a larger one, fitted to the same
/// observations (R's `anova(smaller, larger)`):
///
///     F = ((RSS₀ − RSS₁) / (df₀ − df₁)) / (RSS₁ / df₁)
///
/// with RSS₀, df₀ the smaller model's residual sum of squares and degrees of freedom.
///
/// ```swift
/// let test = try NestedModelTest(smaller: fitWeek, larger: fitWeekCohort)
/// test.statistic; test.pValue
/// ```
public struct NestedModelTest: Sendable, Equatable {
    /// RSS of the smaller model.
    public let smallerResidualSumOfSquares: Double
    /// RSS of the larger model.
    public let largerResidualSumOfSquares: Double
    /// df₀ − df₁, the number of extra estimable coefficients.
    public let numeratorDegreesOfFreedom: Int
    /// df₁, the larger model's residual degrees of freedom.
    public let denominatorDegreesOfFreedom: Int
    /// The F statistic.
    public let statistic: Double
    /// P(F(df₀ − df₁, df₁) > statistic).
    public let pValue: Double

    /// Compares two fits of the same observations.
    ///
    /// Nesting is the caller's claim, as in R: only that both fits used the same number of
    /// observations and that the larger one has more estimable coefficients is checked.
    ///
    /// - Throws: ``StatsError/domain(_:)`` when the observation counts differ, the larger model
    ///   is not larger, or it has no residual degrees of freedom.
    public init(smaller: LinearModelFit, larger: LinearModelFit) throws {
        guard smaller.weightsColumn == larger.weightsColumn else {
            throw StatsError.domain("nested models must use the same case weights; they use \(smaller.weightsColumn.map { "'\($0)'" } ?? "none") and \(larger.weightsColumn.map { "'\($0)'" } ?? "none")")
        }
        guard smaller.observationCount == larger.observationCount else {
            throw StatsError.domain("nested models must be fitted to the same observations; they used \(smaller.observationCount) and \(larger.observationCount) (a variable missing in one model drops rows)")
        }
        let df = smaller.residualDegreesOfFreedom - larger.residualDegreesOfFreedom
        guard df > 0 else {
            throw StatsError.domain("'\(larger.formula)' has no more estimable coefficients than '\(smaller.formula)'; list the smaller model first")
        }
        guard larger.residualDegreesOfFreedom > 0 else {
            throw StatsError.domain("'\(larger.formula)' has no residual degrees of freedom")
        }
        let rss0 = smaller.residualSumOfSquares
        let rss1 = larger.residualSumOfSquares
        let f = ((rss0 - rss1) / Double(df)) / (rss1 / Double(larger.residualDegreesOfFreedom))
        smallerResidualSumOfSquares = rss0
        largerResidualSumOfSquares = rss1
        numeratorDegreesOfFreedom = df
        denominatorDegreesOfFreedom = larger.residualDegreesOfFreedom
        statistic = f
        pValue = FisherF(numerator: Double(df), denominator: Double(larger.residualDegreesOfFreedom)).survival(f)
    }
}

extension LinearModelFit {
    /// The residual sum of squares Σ wᵢrᵢ² (wᵢ = 1 without case weights), summed in extended
    /// precision: the weighted sum for a weighted fit, as R's `deviance(lm)` and `anova()` use.
    public var residualSumOfSquares: Double {
        ExtendedArithmetic.native.sumOfSquares(basis.leastSquares.residuals)
    }
}
