import Foundation
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
struct ImputedFitResult {
    let formula: Formula
    let dataLabel: String
    let imputation: ImputationRequest
    let imputer: any LongitudinalImputation
    /// The column imputed: the response, or the score it is derived from.
    let outcome: String
    /// With a discontinuation column: the observed values set aside after discontinuation and
    /// the subjects flagged.
    let setAside: (values: Int, subjects: Int)?
    let coefficients: [PooledCoefficient]
    let isMMRM: Bool
    /// The GLM's family, `nil` for a linear model or an MMRM.
    let family: GLMFamily?
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

    var description: String {
        let cells = "\(imputer.imputedCellCount) cells imputed per data set" + (setAside.map { counts in
            ", \(counts.values) of them observed after discontinuation (\(counts.subjects) subjects flagged in '\(imputation.discontinuation ?? "")') and set aside"
                + (imputation.assumption == .mar ? "" : "; subjects never flagged imputed under MAR")
        } ?? "")
        if let chained = imputer as? ChainedEquationsImputation {
            let covariates = chained.imputedCovariates.map { "'\($0.name)' of \($0.subjects) subjects" }
            return "Multiple imputation under MAR: \(imputation.imputations) imputations (seed \(imputation.seed)) of "
                + "'\(outcome)'" + derivedNote + (covariates.isEmpty ? "" : " and " + covariates.joined(separator: ", "))
                + " by chained equations (\(chained.model == .pmm ? "predictive mean matching with \(UnivariateImputationModel.donors) donors" : "normal regression") on every other visit and the covariates\(chained.imputesBinaryCovariate ? ", logistic regression for two-level covariates" : ""), \(chained.iterations) rounds per imputation)"
                + (imputation.group.map { " within '\($0)'" } ?? "")
                + "; \(cells); pooled by Rubin's rules with Barnard–Rubin df"
        }
        guard let reference = imputer as? ReferenceBasedImputation else {
            return "Multiple imputation under MAR: \(imputation.imputations) imputations (seed \(imputation.seed)) of "
                + "'\(outcome)'" + derivedNote + ((imputer as? MonotoneRegressionImputation)?.model == .pmm ? " by sequential predictive mean matching (\(UnivariateImputationModel.donors) donors) over the visits" : " by sequential normal regression over the visits")
                + (imputation.group.map { " within '\($0)'" } ?? "")
                + "; \(cells); pooled by Rubin's rules with Barnard–Rubin df"
        }
        let assumption = Self.assumptionName(reference.assumption) + (reference.assumption == .mar ? "" : " (reference '\(reference.reference)')")
        let model = "of '\(outcome)'\(derivedNote) from the multivariate normal of the visits given '\(imputation.group ?? "")' and the covariates (one unstructured covariance)"
        if imputation.method == .conditionalMean {
            return "Conditional-mean imputation under \(assumption) \(model); \(cells); standard errors by the jackknife over \(reference.subjectCount) subjects, normal reference"
        }
        return "Multiple imputation under \(assumption): \(imputation.imputations) imputations (seed \(imputation.seed)) \(model), parameters drawn from their posterior; \(cells); pooled by Rubin's rules with Barnard–Rubin df"
    }

    /// " ('X_responder' derived from each completed data set)" when the response is not the
    /// column imputed.
    var derivedNote: String {
        outcome == formula.response ? "" : " ('\(formula.response)' derived from each completed data set)"
    }

    /// The analysis model in prose.
    var modelName: String {
        if isMMRM { return "MMRM" }
        switch family {
        case .binomial?: return "Logistic regression"
        case .poisson?: return "Poisson regression"
        case nil: return "Linear model"
        }
    }

    /// A GLM's exp(β) with the exp of its 95 % limits, per pooled coefficient other than the
    /// intercept (odds ratios for the binomial, rate ratios for the Poisson); empty otherwise.
    func ratioRows() -> [[String]] {
        guard family != nil else { return [] }
        let format = NumberFormat.standard
        return coefficients.compactMap { c in
            guard c.term != "(Intercept)", let p = c.pooled else { return nil }
            let interval = p.confidenceInterval()
            return [c.term, format.estimate(exp(p.estimate)), format.estimate(exp(interval.low)), format.estimate(exp(interval.high))]
        }
    }

    /// δ as written on the grid: the shortest decimal that reads back as it (0.5, 1, -0.25).
    static func deltaText(_ delta: Double) -> String {
        delta == delta.rounded() && abs(delta) < 1e15 ? String(Int(delta)) : String(delta)
    }

    /// The assumption's name in prose.
    static func assumptionName(_ assumption: ImputationAssumption) -> String {
        switch assumption {
        case .mar: "MAR"
        case .jumpToReference: "jump to reference"
        case .copyReference: "copy reference"
        case .copyIncrements: "copy increments in reference"
        case .lastMean: "last mean carried forward"
        }
    }

    private func text(markdown: Bool) -> String {
        let format = NumberFormat.standard
        let normal = imputation.method == .conditionalMean
        let header = ["Term", "Estimate", "Std. Error", "df", normal ? "z value" : "t value", normal ? "Pr(>|z|)" : "Pr(>|t|)", "fmi", "riv",
                      "CC estimate", "CC Std. Error"]
        let rows: [[String]] = coefficients.map { c in
            let cc = [c.completeCase?.estimate.map(format.estimate) ?? "NA", c.completeCase?.standardError.map(format.estimate) ?? "NA"]
            guard let p = c.pooled else { return [c.term, "NA", "NA", "NA", "NA", "NA", "NA", "NA"] + cc }
            return [c.term, format.estimate(p.estimate), format.estimate(p.standardError), p.degreesOfFreedom.map(format.degreesOfFreedom) ?? "Inf",
                    format.estimate(p.estimate / p.standardError), format.pValue(p.pValue),
                    p.rubin.map { format.estimate($0.fractionOfMissingInformation) } ?? "NA",
                    p.rubin.map { format.estimate($0.relativeIncreaseInVariance) } ?? "NA"] + cc
        }
        var lines = [modelName + (imputation.method == .conditionalMean ? " on conditional-mean imputations" : " pooled over multiple imputations"), "Formula: \(formula.text)",
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
        if let family, !ratioRows().isEmpty {
            let name = family.ratioName.prefix(1).uppercased() + family.ratioName.dropFirst()
            lines += ["", "\(name)s (95 % CI):"]
            lines += TextColumns.aligned([["", family == .binomial ? "OR" : "RR", "Lower", "Upper"]] + ratioRows(), leftColumns: 1)
        }
        if !tipping.isEmpty {
            lines += ["", "Tipping point: imputed values of the arms other than the reference shifted by delta:"]
            var table = [["delta", "Term", "Estimate", "Std. Error", "df", "lower 95%", "upper 95%", "Pr(>|t|)"]]
            for point in tipping {
                for c in point.coefficients where shiftedTerms.contains(c.term) {
                    guard let p = c.pooled else { continue }
                    let interval = p.confidenceInterval()
                    table.append([ImputedFitResult.deltaText(point.delta), c.term, format.estimate(p.estimate), format.estimate(p.standardError),
                                  p.degreesOfFreedom.map(format.degreesOfFreedom) ?? "Inf", format.estimate(interval.low),
                                  format.estimate(interval.high), format.pValue(p.pValue)])
                }
            }
            lines += TextColumns.aligned(table, leftColumns: 2)
            for (term, delta) in tippingPoints() {
                lines.append("\(term): " + (delta.map { "p reaches 0.05 at delta = \(ImputedFitResult.deltaText($0))" }
                                            ?? "no change of conclusion over the grid"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func json() -> JSONValue {
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
                ("fmi", number(p?.rubin?.fractionOfMissingInformation)),
                ("riv", number(p?.rubin?.relativeIncreaseInVariance)),
                ("lambda", number(p?.rubin?.lambda)),
                ("within_variance", number(p?.rubin?.withinVariance)),
                ("between_variance", number(p?.rubin?.betweenVariance)),
                ("complete_case_estimate", number(c.completeCase?.estimate)),
                ("complete_case_std_error", number(c.completeCase?.standardError)),
            ])
        }
        let model: [(String, JSONValue)] = [("model", .string(isMMRM ? "mmrm" : family == nil ? "lm" : "glm"))]
            + (family.map { [("family", JSONValue.string($0.rawValue)), ("link", .string($0.linkName))] } ?? [])
        let conditional = imputation.method == .conditionalMean
        let univariate = (imputer as? ChainedEquationsImputation)?.model ?? (imputer as? MonotoneRegressionImputation)?.model
        let kind = imputer is ReferenceBasedImputation ? "multivariate-normal"
            : imputer is ChainedEquationsImputation ? "chained-equations" : "sequential-regression"
        let cells: [(String, JSONValue)] = [(outcome, .integer(imputer.imputedCellCount))]
            + ((imputer as? ChainedEquationsImputation)?.imputedCovariates.map { ($0.name, JSONValue.integer($0.subjects)) } ?? [])
        let described: [(String, JSONValue)] = [
            ("method", .string(conditional ? "conditional-mean" : "multiple-imputation")),
            ("model", .string(kind)),
            ("univariate_model", univariate.map { .string($0.rawValue) } ?? .null),
            ("assumption", .string(imputation.assumption.rawValue)),
            ("reference", (imputer as? ReferenceBasedImputation).map { .string($0.reference) } ?? .null),
            ("m", conditional ? .null : .integer(imputation.imputations)),
            ("seed", conditional ? .null : .string(String(imputation.seed))),
            ("standard_errors", .string(conditional ? "jackknife" : "rubin")),
            ("by", imputation.group.map { .string($0) } ?? .null),
            ("discontinuation", imputation.discontinuation.map { .string($0) } ?? .null),
            ("set_aside", setAside.map { .integer($0.values) } ?? .null),
            ("imputed_cells", .object(cells)),
        ]
        var members = model + [("formula", .string(formula.text)), ("data", .string(dataLabel)),
                               ("imputation", .object(described)), ("coefficients", .array(items))]
        guard !tipping.isEmpty else { return .object(members) }
        let points: [JSONValue] = tipping.map { point in
            let terms: [JSONValue] = point.coefficients.filter { shiftedTerms.contains($0.term) }.map { c in
                let interval = c.pooled?.confidenceInterval()
                return .object([("term", .string(c.term)), ("estimate", number(c.pooled?.estimate)),
                                ("std_error", number(c.pooled?.standardError)), ("df", number(c.pooled?.degreesOfFreedom)),
                                ("conf_low", number(interval?.low)), ("conf_high", number(interval?.high)),
                                ("p_value", number(c.pooled?.pValue))])
            }
            return .object([("delta", .number(point.delta)), ("coefficients", .array(terms))])
        }
        members.append(("tipping_point", .array(points)))
        members.append(("tipping_delta", .object(tippingPoints().map { ($0.term, $0.delta.map { .number($0) } ?? .null) })))
        return .object(members)
    }
}
