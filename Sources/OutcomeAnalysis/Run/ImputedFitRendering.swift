import OutcomeReports
import OutcomeStats

/// `outcomes fit --impute` output: the pooled coefficients (Rubin's rules, Barnard–Rubin df,
/// the fraction of missing information and the relative increase in variance) beside the
/// complete-case fit, and what was imputed.
///
/// JSON: `{"model", "formula", "data", "imputation": {"method": "multiple-imputation",
/// "model": "sequential-regression", "assumption", "m", "seed", "by", "imputed_cells": {outcome: n}},
/// "coefficients": [{"term", "estimate", "std_error", "statistic", "p_value", "conf_low",
/// "conf_high", "df", "fmi", "riv", "lambda", "within_variance", "between_variance",
/// "complete_case_estimate", "complete_case_std_error"}]}`.
struct ImputedFitRendering {
    let formula: Formula
    let dataLabel: String
    let imputation: ImputationRequest
    let imputer: MonotoneRegressionImputation
    let coefficients: [PooledCoefficient]
    let isMMRM: Bool

    func rendered(_ format: FitOutputFormat) -> String {
        switch format {
        case .json: json().rendered(pretty: true)
        case .text, .markdown: text(markdown: format == .markdown)
        }
    }

    private var description: String {
        "Multiple imputation under MAR: \(imputation.imputations) imputations (seed \(imputation.seed)) of "
            + "'\(formula.response)' by sequential normal regression over the visits"
            + (imputation.group.map { " within '\($0)'" } ?? "")
            + "; \(imputer.imputedCellCount) cells imputed per data set; pooled by Rubin's rules with Barnard–Rubin df"
    }

    private func text(markdown: Bool) -> String {
        let format = NumberFormat.standard
        let header = ["Term", "Estimate", "Std. Error", "df", "t value", "Pr(>|t|)", "fmi", "riv", "CC estimate", "CC Std. Error"]
        let rows: [[String]] = coefficients.map { c in
            let cc = [c.completeCase?.estimate.map(format.estimate) ?? "NA", c.completeCase?.standardError.map(format.estimate) ?? "NA"]
            guard let p = c.pooled else { return [c.term, "NA", "NA", "NA", "NA", "NA", "NA", "NA"] + cc }
            return [c.term, format.estimate(p.estimate), format.estimate(p.standardError), format.degreesOfFreedom(p.degreesOfFreedom),
                    format.estimate(p.estimate / p.standardError), format.pValue(p.pValue),
                    format.estimate(p.fractionOfMissingInformation), format.estimate(p.relativeIncreaseInVariance)] + cc
        }
        var lines = [(isMMRM ? "MMRM" : "Linear model") + " pooled over multiple imputations", "Formula: \(formula.text)",
                     "   Data: \(dataLabel)", description + ".", ""]
        if markdown {
            lines.append("| " + header.joined(separator: " | ") + " |")
            lines.append("|" + header.indices.map { $0 == 0 ? "---|" : "---:|" }.joined())
            lines += rows.map { "| " + $0.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
        } else {
            lines += TextColumns.aligned([header] + rows, leftColumns: 1)
        }
        lines.append("")
        lines.append("fmi: fraction of missing information; riv: relative increase in variance; CC: complete-case fit.")
        return lines.joined(separator: "\n") + "\n"
    }

    private func json() -> JSONValue {
        func number(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        let items: [JSONValue] = coefficients.map { c in
            let p = c.pooled
            let interval = p?.confidenceInterval()
            return .object([
                ("term", .string(c.term)),
                ("estimate", number(p?.estimate)),
                ("std_error", number(p?.standardError)),
                ("statistic", number(p.map { $0.estimate / $0.standardError })),
                ("p_value", number(p?.pValue)),
                ("conf_low", number(interval?.low)),
                ("conf_high", number(interval?.high)),
                ("df", number(p?.degreesOfFreedom)),
                ("fmi", number(p?.fractionOfMissingInformation)),
                ("riv", number(p?.relativeIncreaseInVariance)),
                ("lambda", number(p?.lambda)),
                ("within_variance", number(p?.withinVariance)),
                ("between_variance", number(p?.betweenVariance)),
                ("complete_case_estimate", number(c.completeCase?.estimate)),
                ("complete_case_std_error", number(c.completeCase?.standardError)),
            ])
        }
        return .object([
            ("model", .string(isMMRM ? "mmrm" : "lm")),
            ("formula", .string(formula.text)),
            ("data", .string(dataLabel)),
            ("imputation", .object([
                ("method", "multiple-imputation"),
                ("model", "sequential-regression"),
                ("assumption", .string(imputation.assumption.rawValue)),
                ("m", .integer(imputation.imputations)),
                ("seed", .string(String(imputation.seed))),
                ("by", imputation.group.map { .string($0) } ?? .null),
                ("imputed_cells", .object([(formula.response, .integer(imputer.imputedCellCount))])),
            ])),
            ("coefficients", .array(items)),
        ])
    }
}
