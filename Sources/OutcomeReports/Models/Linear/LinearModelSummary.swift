import OutcomeStats

/// A linear fit as text that reads like R's `summary(lm(...))`: call, residual quantiles,
/// coefficient table with significance stars, residual standard error, R², F test.
///
/// ```swift
/// print(LinearModelSummary(fit: fit, dataLabel: "visits.csv").text)
/// ```
public typealias LinearModelSummary = FitSummary<LinearModelFit>

extension FitSummary where Fit == LinearModelFit {
    /// The rendered summary, ending in a newline.
    public var text: String {
        var lines: [String] = []
        lines.append("Call:")
        lines.append("lm(formula = \(fit.formula.text), data = \(dataLabel))")
        lines.append("")
        if fit.residuals.count >= 1 {
            lines.append("Residuals:")
            let q = quantiles(fit.residuals, probabilities: [0, 0.25, 0.5, 0.75, 1])
            lines.append(contentsOf: TextColumns.aligned([["Min", "1Q", "Median", "3Q", "Max"], q.map(format.estimate)],
                                             leftColumns: 0))
            lines.append("")
        }
        lines.append("Coefficients:")
        lines += SummaryText.coefficientLines(of: fit, statistic: "t", withDegreesOfFreedom: false, format: format)
        lines.append("")
        if let aliased = SummaryText.aliasedLine(of: fit) {
            lines.append(aliased)
        }
        if fit.covarianceEstimator != .classical {
            lines.append(fit.covarianceEstimator.description)
        }
        if let weights = fit.weightsColumn {
            lines.append("Weights: \(weights)" + (fit.zeroWeightRowCount > 0 ? " (\(fit.zeroWeightRowCount) rows of weight 0 left out)" : ""))
        }
        lines.append("Residual standard error: \(format.estimate(fit.residualStandardError)) on \(fit.residualDegreesOfFreedom) degrees of freedom")
        if fit.droppedRowCount > 0 {
            lines.append("  (\(fit.droppedRowCount) observations deleted due to missingness)")
        }
        lines.append("Multiple R-squared: \(format.estimate(fit.rSquared)),  Adjusted R-squared: \(format.estimate(fit.adjustedRSquared))")
        if let f = fit.fTest {
            lines.append((fit.covarianceEstimator == .classical ? "" : "Wald ") + "F-statistic: \(format.estimate(f.statistic)) on \(format.degreesOfFreedom(f.numeratorDegreesOfFreedom)) and "
                         + "\(format.degreesOfFreedom(f.denominatorDegreesOfFreedom)) DF,  p-value: \(format.pValue(f.pValue))")
        }
        return lines.map { $0.trailingSpacesRemoved }.joined(separator: "\n") + "\n"
    }


}

extension String {
    var trailingSpacesRemoved: String {
        var result = self
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}
