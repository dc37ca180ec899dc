import OutcomeStats

/// A fit as the text R's `summary()` prints for it: one type for every model, whose `text` each
/// model supplies in its own folder (``LinearModelSummary``, ``GeneralizedLinearModelSummary``,
/// ``MixedModelSummary``).
///
/// ```swift
/// print(FitSummary(fit: fit, dataLabel: "visits.csv").text)
/// ```
public struct FitSummary<Fit: StatisticalFit>: Sendable {
    /// The fit to describe.
    public let fit: Fit
    /// The data file as the user named it.
    public let dataLabel: String
    /// Number formatting.
    public let format: NumberFormat

    /// A summary of `fit`.
    ///
    /// - Parameters:
    ///   - fit: the fit.
    ///   - dataLabel: the data file as named by the user.
    ///   - format: the number policy.
    public init(fit: Fit, dataLabel: String, format: NumberFormat = .standard) {
        self.fit = fit
        self.dataLabel = dataLabel
        self.format = format
    }
}

/// The pieces every model's summary text shares.
enum SummaryText {
    /// R's coefficient block: the aligned table (`Estimate`, `Std. Error`, the df column when
    /// `withDegreesOfFreedom`, the statistic, its p-value and stars; `NA` for an aliased
    /// coefficient), then `---` and the significance codes.
    static func coefficientLines(of fit: some StatisticalFit, statistic: String, withDegreesOfFreedom: Bool,
                                 format: NumberFormat) -> [String] {
        var rows = [["", "Estimate", "Std. Error"] + (withDegreesOfFreedom ? ["df"] : [])
                    + ["\(statistic) value", "Pr(>|\(statistic)|)", ""]]
        for (c, df) in zip(fit.coefficients, fit.coefficientDegreesOfFreedom) {
            guard let estimate = c.estimate else {
                rows.append([c.term] + Array(repeating: "NA", count: withDegreesOfFreedom ? 5 : 4) + [""])
                continue
            }
            let p = c.pValue ?? .nan
            rows.append([c.term, format.estimate(estimate), format.estimate(c.standardError ?? .nan)]
                        + (withDegreesOfFreedom ? [format.degreesOfFreedom(df ?? .nan)] : [])
                        + [format.estimate(c.statistic ?? .nan), format.pValue(p), stars(p)])
        }
        return TextColumns.aligned(rows, leftColumns: 1)
            + ["---", "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1"]
    }

    /// `(k not defined because of singularities)`, or `nil` when no coefficient is aliased.
    static func aliasedLine(of fit: some StatisticalFit) -> String? {
        let aliased = fit.coefficients.filter(\.isAliased).count
        return aliased > 0 ? "(\(aliased) not defined because of singularities)" : nil
    }

    /// R's significance stars for a p-value.
    static func stars(_ p: Double) -> String {
        guard p.isFinite else { return "" }
        switch p {
        case ..<0.001: return "***"
        case ..<0.01: return "**"
        case ..<0.05: return "*"
        case ..<0.1: return "."
        default: return ""
        }
    }
}
