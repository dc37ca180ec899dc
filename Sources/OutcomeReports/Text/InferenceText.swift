import OutcomeStats

/// Inference results as terminal text in the layout of R's printouts: `anova(fit)`,
/// `car::Anova(fit)`, `emmeans(fit, pairwise ~ a | b)`, `car::linearHypothesis` and
/// `predict(fit, newdata, interval = ...)`.
///
/// ```swift
/// print(InferenceText.anova(table, response: "pain_nrs"))
/// ```
public enum InferenceText {
    /// An ANOVA table as R prints it, ending in a newline.
    ///
    /// - Parameters:
    ///   - table: the table.
    ///   - response: the response variable.
    ///   - format: the number policy.
    public static func anova(_ table: AnovaTable, response: String, format: NumberFormat = .standard) -> String {
        var lines: [String] = []
        var rows: [[String]]
        switch table.type {
        case .sequential:
            lines.append("Analysis of Variance Table")
            rows = [["", "Df", "Sum Sq", "Mean Sq", "F value", "Pr(>F)", ""]]
            for row in table.rows {
                rows.append([row.term, format.count(row.degreesOfFreedom), format.estimate(row.sumOfSquares),
                             format.estimate(row.meanSquare), row.statistic.map(format.estimate) ?? "",
                             row.pValue.map(format.pValue) ?? "", row.pValue.map(stars) ?? ""])
            }
        case .marginal, .partial:
            lines.append("Anova Table (Type \(table.type.rawValue) tests)")
            rows = [["", "Sum Sq", "Df", "F value", "Pr(>F)", ""]]
            for row in table.rows {
                rows.append([row.term, format.estimate(row.sumOfSquares), format.count(row.degreesOfFreedom),
                             row.statistic.map(format.estimate) ?? "", row.pValue.map(format.pValue) ?? "",
                             row.pValue.map(stars) ?? ""])
            }
        }
        lines.append("")
        lines.append("Response: \(response)")
        lines += TextColumns.aligned(rows, leftColumns: 1)
        lines.append("---")
        lines.append("Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1")
        if table.type == .partial {
            lines.append("Factors coded by sum-to-zero contrasts (contr.sum), as type III tests need.")
        }
        return finish(lines)
    }

    /// Marginal means and their contrasts as emmeans prints `pairwise ~ factor | by`.
    public static func marginalMeans(_ means: MarginalMeans, format: NumberFormat = .standard) -> String {
        var lines = ["$emmeans"]
        let byLevels = uniqueInOrder(means.means.map(\.by))
        for byLevel in byLevels {
            if let byLevel, let by = means.by { lines.append("\(by) = \(byLevel):") }
            var rows = [[means.factor, "emmean", "SE", "df", "lower.CL", "upper.CL"]]
            for m in means.means where m.by == byLevel {
                guard m.isEstimable else { rows.append([m.level, "nonEst", "", format.count(m.degreesOfFreedom), "", ""]); continue }
                rows.append([m.level, format.estimate(m.estimate), format.estimate(m.standardError), format.count(m.degreesOfFreedom),
                             format.estimate(m.confidenceLow), format.estimate(m.confidenceHigh)])
            }
            lines += TextColumns.aligned(rows, leftColumns: 1).map { " " + $0 }
            lines.append("")
        }
        lines.append("Results are averaged over the levels of the other factors; numeric covariates at their means.")
        lines.append("Confidence level used: \(format.label(means.level))")
        lines.append("")
        lines.append("$contrasts")
        for byLevel in byLevels {
            if let byLevel, let by = means.by { lines.append("\(by) = \(byLevel):") }
            var rows = [["contrast", "estimate", "SE", "df", "t.ratio", "p.value"]]
            for c in means.contrasts where c.by == byLevel {
                guard c.isEstimable else { rows.append([c.contrast, "nonEst", "", format.count(c.degreesOfFreedom), "", ""]); continue }
                rows.append([c.contrast, format.estimate(c.estimate), format.estimate(c.standardError), format.count(c.degreesOfFreedom),
                             format.estimate(c.statistic), format.pValue(c.pValue)])
            }
            lines += TextColumns.aligned(rows, leftColumns: 1).map { " " + $0 }
            lines.append("")
        }
        lines.append(InferenceTables.adjustmentNote(means))
        return finish(lines)
    }

    /// Wald tests, one line each.
    public static func waldTests(_ tests: [WaldTest], format: NumberFormat = .standard) -> String {
        var lines = ["Linear hypothesis tests (Wald F):"]
        for test in tests {
            lines.append("  \(test.hypothesis): F = \(format.estimate(test.statistic)) on \(test.numeratorDegreesOfFreedom) and "
                         + "\(test.denominatorDegreesOfFreedom) DF, p-value: \(format.pValue(test.pValue))")
        }
        return finish(lines)
    }

    /// The nested-model F test as R's `anova(smaller, larger)` reports it.
    public static func nestedTest(_ test: NestedModelTest, smaller: String, larger: String, format: NumberFormat = .standard) -> String {
        var lines = ["Analysis of Variance Table", "", "Model 1: \(smaller)", "Model 2: \(larger)"]
        let rows = [
            ["", "Res.Df", "RSS", "Df", "Sum of Sq", "F", "Pr(>F)"],
            ["1", format.count(test.denominatorDegreesOfFreedom + test.numeratorDegreesOfFreedom),
             format.estimate(test.smallerResidualSumOfSquares), "", "", "", ""],
            ["2", format.count(test.denominatorDegreesOfFreedom), format.estimate(test.largerResidualSumOfSquares),
             format.count(test.numeratorDegreesOfFreedom),
             format.estimate(test.smallerResidualSumOfSquares - test.largerResidualSumOfSquares),
             format.estimate(test.statistic), format.pValue(test.pValue)],
        ]
        lines += TextColumns.aligned(rows, leftColumns: 1)
        return finish(lines)
    }

    /// Predictions with both intervals, one row per row of the new data (1-based).
    public static func predictions(_ predictions: [Prediction?], level: Double, format: NumberFormat = .standard) -> String {
        var rows = [["", "fit", "se.fit", "lwr", "upr", "pred.lwr", "pred.upr"]]
        for (index, p) in predictions.enumerated() {
            guard let p else { rows.append([String(index + 1), "NA", "NA", "NA", "NA", "NA", "NA"]); continue }
            rows.append([String(index + 1), format.estimate(p.fitted), format.estimate(p.standardError),
                         format.estimate(p.confidenceLow), format.estimate(p.confidenceHigh),
                         format.estimate(p.predictionLow), format.estimate(p.predictionHigh)])
        }
        return finish(["Predictions (confidence and prediction intervals at \(format.label(level * 100)) %):"]
                      + TextColumns.aligned(rows, leftColumns: 0))
    }

    private static func stars(_ p: Double) -> String { SummaryText.stars(p) }

    private static func uniqueInOrder(_ values: [String?]) -> [String?] {
        var seen: [String?] = []
        for value in values where !seen.contains(value) { seen.append(value) }
        return seen
    }

    private static func finish(_ lines: [String]) -> String {
        lines.map(\.trailingSpacesRemoved).joined(separator: "\n") + "\n"
    }

}
