import OutcomeStats

/// A likelihood-ratio test between two mixed models as text, laid out as lme4's
/// `anova(reduced, full)`: one row per model (parameters, AIC, BIC, log-likelihood, deviance),
/// χ², its df and p on the full model's row.
///
/// ```swift
/// print(LikelihoodRatioSummary(test: test, dataLabel: "visits.csv").text)
/// ```
public struct LikelihoodRatioSummary: Sendable {
    /// The test.
    public let test: LikelihoodRatioTest
    /// The data file as the user named it.
    public let dataLabel: String
    /// Number formatting.
    public let format: NumberFormat

    /// A summary of `test`.
    ///
    /// - Parameters:
    ///   - test: the likelihood-ratio test.
    ///   - dataLabel: the data file.
    ///   - format: the number policy.
    public init(test: LikelihoodRatioTest, dataLabel: String, format: NumberFormat = .standard) {
        self.test = test
        self.dataLabel = dataLabel
        self.format = format
    }

    /// The rendered comparison, ending in a newline.
    public var text: String {
        var lines = ["Data: \(dataLabel)", "Models:",
                     "reduced: \(test.reduced.formula.text)", "full: \(test.full.formula.text)"]
        var rows = [["", "npar", "AIC", "BIC", "logLik", "deviance", "Chisq", "Df", "Pr(>Chisq)", ""]]
        for (name, fit) in [("reduced", test.reduced), ("full", test.full)] {
            var row = [name, String(fit.parameterCount), format.estimate(fit.aic), format.estimate(fit.bic),
                       format.estimate(fit.logLikelihood), format.estimate(fit.objective)]
            if name == "full" {
                row += [format.estimate(test.statistic), String(test.degreesOfFreedom), format.pValue(test.pValue),
                        SummaryText.stars(test.pValue)]
            } else {
                row += ["", "", "", ""]
            }
            rows.append(row)
        }
        let widths = (0..<rows[0].count).map { j in rows.map { $0[j].count }.max() ?? 0 }
        lines += rows.map { row in
            row.enumerated().map { j, cell in
                let padding = String(repeating: " ", count: widths[j] - cell.count)
                return j == 0 || j == row.count - 1 ? cell + padding : padding + cell
            }.joined(separator: " ").trailingSpacesRemoved
        }
        lines.append("---")
        lines.append("Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1")
        lines.append("Both models refitted by maximum likelihood on the same \(test.full.observationCount) observations.")
        for (name, fit) in [("reduced", test.reduced), ("full", test.full)] {
            for note in MixedModelSummary.notes(fit) where !note.hasPrefix("Optimizer: converged") {
                lines.append("\(name): \(note)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
