import Foundation

/// The vocabulary every fitted model answers, as JuliaStats' StatsAPI: a linear model, a GLM, a
/// linear mixed model and an MMRM are read, tabulated and reported through it alone, so a new
/// model conforms here and gets the rest.
///
/// Defaults are defined once, from the requirements below:
///
///     AIC = −2 log L + 2k,   BIC = −2 log L + log(n)·k,   k = informationParameterCount,
///     interval_j = β̂_j ± q·SE_j,  q = t₍df_j₎(½ + level/2), or the normal quantile when df_j is nil.
///
/// A model overrides a default where its definition differs (an MMRM's BIC counts subjects, as
/// SAS does; a linear model's intervals use its residual df).
///
/// ```swift
/// func describe(_ fit: some StatisticalFit) -> String {
///     let intervals = fit.confidenceIntervals(level: 0.9)
///     return "n = \(fit.observationCount), AIC = \(fit.aic), first 90 % CI \(intervals[0]!)"
/// }
/// try describe(LinearModel("pain_nrs ~ week").fit(to: frame))
/// try describe(MixedModel("pain_nrs ~ week + (1 | patient_id)").fit(to: frame))
/// ```
public protocol StatisticalFit: Sendable {
    /// The formula that was fitted.
    var formula: Formula { get }
    /// One row per design column, in design order: estimate, standard error, statistic,
    /// p-value and interval at ``confidenceLevel``; aliased columns have `nil`s.
    var coefficients: [Coefficient] { get }
    /// Names of the estimable coefficients: the order of ``covariance``.
    var estimableTerms: [String] { get }
    /// Cov(β̂) of the estimable coefficients, column-major, ``estimableTerms``² entries.
    var covariance: [Double] { get }
    /// Level of the intervals in ``coefficients``.
    var confidenceLevel: Double { get }
    /// Degrees of freedom of each coefficient's t reference, in ``coefficients`` order; `nil`
    /// for a normal (z) reference or an aliased coefficient.
    var coefficientDegreesOfFreedom: [Double?] { get }
    /// Observations used.
    var observationCount: Int { get }
    /// Rows dropped for a missing value.
    var droppedRowCount: Int { get }
    /// n − rank (for a mixed model or an MMRM, SAS's DDFM=RESIDUAL).
    var residualDegreesOfFreedom: Int { get }
    /// The maximized log-likelihood (restricted, for a REML fit).
    var logLikelihood: Double { get }
    /// The parameters k counted by the information criteria.
    var informationParameterCount: Int { get }
    /// Akaike's criterion.
    var aic: Double { get }
    /// Schwarz's criterion.
    var bic: Double { get }
    /// Fitted means at the used rows, on the response's scale (a mixed model's include the
    /// predicted random effects; an MMRM's are Xβ̂).
    var fittedValues: [Double] { get }
    /// Residuals y − fitted at the used rows, on the response's scale.
    var residuals: [Double] { get }
    /// Reference level of each categorical variable coded by treatment contrasts.
    var referenceLevels: [String: String] { get }
    /// What a reader must be told about this fit, computed by the core: the estimator, aliased
    /// terms, a large condition number, a singular fit, separation, non-convergence.
    var notes: [FitNote] { get }
    /// The optimizer's record of an iterative fit; `nil` for a closed-form one.
    var optimizerSummary: OptimizerSummary? { get }
    /// The coefficient called `term`, or `nil`.
    func coefficient(_ term: String) -> Coefficient?
    /// Intervals at `level` for every coefficient (`nil` where aliased).
    func confidenceIntervals(level: Double) -> [(low: Double, high: Double)?]
    /// Population-level predicted means for the rows of `newData`, on the response's scale
    /// (a GLM's inverse link applied), coded with the fit's levels and reference levels.
    ///
    /// - Returns: one value per row; `nil` where a variable is missing in that row.
    /// - Throws: ``StatsError/unknownColumn(term:suggestion:)`` for a missing variable,
    ///   ``StatsError/unknownLevel(column:level:levels:)`` for a level the fit never saw.
    func predictedMeans(for newData: Frame) throws -> [Double?]
}

extension StatisticalFit {
    /// −2 log L + 2k.
    public var aic: Double { -2 * logLikelihood + 2 * Double(informationParameterCount) }

    /// −2 log L + log(n)·k.
    public var bic: Double { -2 * logLikelihood + Foundation.log(Double(observationCount)) * Double(informationParameterCount) }

    /// None: a closed-form fit.
    public var optimizerSummary: OptimizerSummary? { nil }

    /// The coefficient called `term`, or `nil`.
    public func coefficient(_ term: String) -> Coefficient? { coefficients.first { $0.term == term } }

    /// β̂ ± q·SE with q the t quantile at the coefficient's df, or the normal quantile where
    /// its df is `nil` (`nil` for an aliased coefficient).
    public func confidenceIntervals(level: Double) -> [(low: Double, high: Double)?] {
        precondition(level > 0 && level < 1, "confidence level \(level) outside (0, 1)")
        let normal = Normal(mean: 0, standardDeviation: 1).quantile(0.5 + level / 2)
        return zip(coefficients, coefficientDegreesOfFreedom).map { c, df in
            guard let estimate = c.estimate, let se = c.standardError else { return nil }
            let q = df.map { $0 > 0 && $0.isFinite ? StudentT(degreesOfFreedom: $0).quantile(0.5 + level / 2) : .nan } ?? normal
            return (estimate - q * se, estimate + q * se)
        }
    }

    /// Standard errors in ``coefficients`` order (`nil` where aliased).
    public var standardErrors: [Double?] { coefficients.map(\.standardError) }

    /// x·β̂ for each row of `rows`, the aliased coefficients counting as zero (as R's `predict`).
    func linearPredictor(_ rows: DesignRows) -> [Double?] {
        let beta = rows.columnNames.map { name in coefficient(name)?.estimate ?? 0 }
        var result = [Double?](repeating: nil, count: rows.rowsInFrame)
        for (i, frameRow) in rows.usedRows.enumerated() {
            var sum = 0.0
            for (j, b) in beta.enumerated() where b != 0 { sum += rows.values[i + j * rows.rowCount] * b }
            result[frameRow] = sum
        }
        return result
    }
}
