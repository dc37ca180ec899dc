import OutcomeStats

/// A mixed-model fit as text that reads like lmerTest's `summary(lmer(...))`: estimation
/// method, REML criterion or deviance, scaled residual quantiles, the random-effects table
/// (variances, standard deviations, correlations), group counts, the fixed effects with
/// Satterthwaite df and p-values, and plain notes for a singular (boundary) fit or an optimizer
/// that did not converge.
///
/// ```swift
/// print(MixedModelSummary(fit: fit, dataLabel: "visits.csv").text)
/// ```
public typealias MixedModelSummary = FitSummary<MixedModelFit>

extension FitSummary where Fit == MixedModelFit {
    /// The rendered summary, ending in a newline.
    public var text: String {
        let reml = fit.estimation == .reml
        var lines: [String] = []
        lines.append("Linear mixed model fit by \(reml ? "REML" : "maximum likelihood"). t-tests use Satterthwaite's method")
        lines.append("Formula: \(fit.formula.text)")
        lines.append("   Data: \(dataLabel)")
        lines.append("")
        if reml {
            lines.append("REML criterion at convergence: \(format.estimate(fit.objective))")
        } else {
            lines.append(contentsOf: TextColumns.aligned([["AIC", "BIC", "logLik", "deviance"],
                                              [fit.aic, fit.bic, fit.logLikelihood, fit.objective].map(format.estimate)],
                                             leftColumns: 0))
        }
        lines.append("")
        if !fit.residuals.isEmpty {
            lines.append("Scaled residuals:")
            let sigma = fit.residualStandardDeviation
            let q = quantiles(fit.residuals.map { $0 / sigma }, probabilities: [0, 0.25, 0.5, 0.75, 1])
            lines.append(contentsOf: TextColumns.aligned([["Min", "1Q", "Median", "3Q", "Max"], q.map(format.estimate)], leftColumns: 0))
            lines.append("")
        }
        lines.append("Random effects:")
        lines.append(contentsOf: TextColumns.aligned(Self.varianceRows(fit, format: format), leftColumns: 2).map { " " + $0 })
        var groupCounts: [String] = []
        for component in fit.varianceComponents where !groupCounts.contains(where: { $0.hasPrefix(component.group + ", ") }) {
            groupCounts.append("\(component.group), \(component.groupCount)")
        }
        lines.append("Number of obs: \(fit.observationCount), groups:  " + groupCounts.joined(separator: "; "))
        if fit.droppedRowCount > 0 {
            lines.append("  (\(fit.droppedRowCount) observations deleted due to missingness)")
        }
        lines.append("")
        lines.append("Fixed effects:")
        lines += SummaryText.coefficientLines(of: fit, statistic: "t", withDegreesOfFreedom: true, format: format)
        if let aliased = SummaryText.aliasedLine(of: fit) { lines.append(aliased) }
        lines.append("")
        lines.append(contentsOf: Self.notes(fit))
        return lines.map { $0.trailingSpacesRemoved }.joined(separator: "\n") + "\n"
    }

    /// The random-effects table rows: Groups, Name, Variance, Std.Dev., then correlations.
    static func varianceRows(_ fit: MixedModelFit, format: NumberFormat) -> [[String]] {
        let maxEffects = fit.varianceComponents.map(\.effects.count).max() ?? 1
        let correlationColumns = max(0, maxEffects - 1)
        var rows: [[String]] = [["Groups", "Name", "Variance", "Std.Dev."] + (correlationColumns > 0 ? ["Corr"] : [])
                                + Array(repeating: "", count: max(0, correlationColumns - 1))]
        for component in fit.varianceComponents {
            for (i, effect) in component.effects.enumerated() {
                var row = [i == 0 ? component.group : "", effect, format.estimate(component.variances[i]),
                           format.estimate(component.standardDeviations[i])]
                for j in 0..<correlationColumns {
                    row.append(j < i ? NumberFormat.fixed(component.correlation(i, j), decimals: 2) : "")
                }
                rows.append(row)
            }
        }
        rows.append(["Residual", "", format.estimate(fit.residualVariance), format.estimate(fit.residualStandardDeviation)]
                    + Array(repeating: "", count: correlationColumns))
        return rows
    }

    /// Plain-language notes: the optimizer's outcome, a singular fit.
    ///
    /// - Parameters:
    ///   - fit: the fit.
    ///   - withEvaluationCount: whether to say how many evaluations the optimizer used; committed
    ///     reports leave it out, since the count can change with the last bits of BLAS results.
    /// - Returns: the notes, in order.
    public static func notes(_ fit: MixedModelFit, withEvaluationCount: Bool = true) -> [String] {
        var notes: [String] = []
        let optimizer = fit.optimizer
        if optimizer.isConverged {
            let criterion = fit.estimation == .reml ? "REML criterion" : "deviance"
            notes.append(withEvaluationCount
                ? "Optimizer: converged after \(optimizer.evaluations) evaluations of the \(criterion)."
                : "Optimizer: converged (the \(criterion) is at its minimum to rounding).")
        } else {
            notes.append("Optimizer did NOT converge (\(optimizer.status.rawValue) after \(optimizer.evaluations) evaluations): "
                         + "estimates may be off the optimum; simplify the random effects or rescale covariates.")
        }
        if fit.isSingular { notes.append(FitNote.singular.message) }
        return notes
    }

}
