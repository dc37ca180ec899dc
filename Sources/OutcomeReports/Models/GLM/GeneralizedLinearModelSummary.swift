import Foundation
import OutcomeStats

/// A GLM fit as text that reads like R's `summary(glm(...))`: call, coefficient table with z
/// values and stars, dispersion, null and residual deviance, AIC, iterations — followed by the
/// odds or rate ratios with their Wald intervals and any warnings (non-convergence, separation).
///
/// ```swift
/// print(GeneralizedLinearModelSummary(fit: fit, dataLabel: "visits.csv").text)
/// ```
public typealias GeneralizedLinearModelSummary = FitSummary<GeneralizedLinearModelFit>

extension FitSummary where Fit == GeneralizedLinearModelFit {
    /// The rendered summary, ending in a newline.
    public var text: String {
        var lines: [String] = []
        lines.append("Call:")
        lines.append("glm(formula = \(fit.formula.text), family = \(fit.family.rawValue)(link = \"\(fit.family.linkName)\"), data = \(dataLabel))")
        lines.append("")
        if let success = fit.successLevel {
            lines.append("Response: P(\(fit.formula.response) = \(success))")
            lines.append("")
        }
        lines.append("Coefficients:")
        lines += SummaryText.coefficientLines(of: fit, statistic: "z", withDegreesOfFreedom: false, format: format)
        lines.append("")
        if let aliased = SummaryText.aliasedLine(of: fit) { lines.append(aliased) }
        lines.append("(Dispersion parameter for \(fit.family.rawValue) family taken to be 1)")
        lines.append("")
        lines.append(contentsOf: TextColumns.aligned([
            ["Null deviance:", format.estimate(fit.nullDeviance), "on", "\(fit.nullDegreesOfFreedom)", "degrees of freedom"],
            ["Residual deviance:", format.estimate(fit.deviance), "on", "\(fit.residualDegreesOfFreedom)", "degrees of freedom"],
        ], leftColumns: 0))
        if fit.droppedRowCount > 0 {
            lines.append("  (\(fit.droppedRowCount) observations deleted due to missingness)")
        }
        lines.append("AIC: \(format.estimate(fit.aic))")
        lines.append("")
        lines.append("Number of Fisher Scoring iterations: \(fit.iterations)" + (fit.isConverged ? "" : " (not converged)"))
        lines.append("")
        let level = CoefficientTable(rows: [], confidenceLevel: fit.confidenceLevel).intervalHeader
        lines.append(fit.family.ratioName.prefix(1).uppercased() + fit.family.ratioName.dropFirst() + "s (\(level), Wald):")
        var ratioRows = [["", fit.family == .binomial ? "OR" : "RR", "Lower", "Upper"]]
        for (c, ratio) in zip(fit.coefficients, fit.ratios) where c.term != "(Intercept)" {
            guard let ratio else { ratioRows.append([c.term, "NA", "NA", "NA"]); continue }
            ratioRows.append([c.term, format.estimate(ratio.estimate), format.estimate(ratio.confidenceLow),
                              format.estimate(ratio.confidenceHigh)])
        }
        lines.append(contentsOf: TextColumns.aligned(ratioRows, leftColumns: 1))
        for warning in fit.warnings {
            lines.append("")
            lines.append("Warning: " + warning)
        }
        return lines.map { $0.trailingSpacesRemoved }.joined(separator: "\n") + "\n"
    }

}
