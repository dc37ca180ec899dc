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
/// "complete_case_estimate", "complete_case_std_error"}]}`, and with `--delta` a
/// `"tipping_point"` array ({"delta", "coefficients": [the arm's terms]}) and `"tipping_delta"`
/// (per arm term, the first δ at which p reaches 0.05, or null).
struct ImputedFitRendering {
    let formula: Formula
    let dataLabel: String
    let imputation: ImputationRequest
    let imputer: MonotoneRegressionImputation
    let coefficients: [PooledCoefficient]
    let isMMRM: Bool
    /// The tipping-point grid: the pooled coefficients at each δ.
    var tipping: [(delta: Double, coefficients: [PooledCoefficient])] = []
    /// The arm's coefficients, whose tipping point is reported.
    var shiftedTerms: [String] = []

    /// For each arm coefficient, the first δ of the grid (in its order) at which the pooled
    /// p-value reaches 0.05 while it is below at δ = the grid's first value, or `nil`.
    func tippingPoints() -> [(term: String, delta: Double?)] {
        shiftedTerms.map { term in
            let ps = tipping.map { point in point.coefficients.first { $0.term == term }?.pooled?.pValue ?? .nan }
            guard let first = ps.first, first < 0.05 else { return (term, nil) }
            return (term, ps.firstIndex { !($0 < 0.05) }.map { tipping[$0].delta })
        }
    }

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
        if !tipping.isEmpty {
            lines += ["", "Tipping point: imputed values of the arms other than the reference shifted by delta:"]
            var table = [["delta", "Term", "Estimate", "Std. Error", "df", "lower 95%", "upper 95%", "Pr(>|t|)"]]
            for point in tipping {
                for c in point.coefficients where shiftedTerms.contains(c.term) {
                    guard let p = c.pooled else { continue }
                    let interval = p.confidenceInterval()
                    table.append([format.estimate(point.delta), c.term, format.estimate(p.estimate), format.estimate(p.standardError),
                                  format.degreesOfFreedom(p.degreesOfFreedom), format.estimate(interval.low),
                                  format.estimate(interval.high), format.pValue(p.pValue)])
                }
            }
            lines += TextColumns.aligned(table, leftColumns: 2)
            for (term, delta) in tippingPoints() {
                lines.append("\(term): " + (delta.map { "p reaches 0.05 at delta = \(format.estimate($0))" }
                                            ?? "no change of conclusion over the grid"))
            }
        }
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
        ] + (tipping.isEmpty ? [] : [
            ("tipping_point", .array(tipping.map { point in .object([
                ("delta", .number(point.delta)),
                ("coefficients", .array(point.coefficients.filter { shiftedTerms.contains($0.term) }.map { c in
                    let interval = c.pooled?.confidenceInterval()
                    return .object([("term", .string(c.term)), ("estimate", number(c.pooled?.estimate)),
                                    ("std_error", number(c.pooled?.standardError)), ("df", number(c.pooled?.degreesOfFreedom)),
                                    ("conf_low", number(interval?.low)), ("conf_high", number(interval?.high)),
                                    ("p_value", number(c.pooled?.pValue))])
                })),
            ]) })),
            ("tipping_delta", .object(tippingPoints().map { ($0.term, $0.delta.map { .number($0) } ?? .null) })),
        ]))
    }
}
