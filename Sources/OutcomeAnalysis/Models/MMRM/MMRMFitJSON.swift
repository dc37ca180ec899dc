import Foundation
import OutcomeReports
import OutcomeStats

/// The public JSON shape of an MMRM fit. It extends the mixed model's shape (``MixedFitJSON``):
///
/// ```json
/// {"model": "mmrm", "formula", "response", "data", "n_obs", "n_dropped", "n_subjects", "n_visit_patterns",
///  "reference_levels", "covariance": "model-based" ("kenward-roger-adjusted", "empirical"), "weights", "estimation": "REML",
///  "df_method": "satterthwaite", "covariance_structure": "us" (the one used),
///  "covariance_fallback_failed": [{"structure", "reason"}], "visit": "visit", "subject": "patient_id",
///  "covariance_groups": null | {"by": "technique", "levels": [...]},
///  "coefficients": [{"term", "estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high", "df"}],
///  "visits": ["2", "4", ...],
///  "covariance_matrices": [{"group": null, "covariance": [[...]], "correlation": [[...]]}],
///  "anova": {"type": "III", "terms": [{"term", "num_df", "den_df", "statistic", "p_value"}]},  (when asked for)
///  "lsmeans": {"factor", "by", "conf_level", "means": [...], "differences": [...]},      (when asked for)
///  "statistics": {"log_likelihood", "reml_criterion" | "deviance", "aic", "aicc", "bic", "n_covariance_parameters",
///                 "converged", "conf_level"},
///  "optimizer": {"method", "start", "end", "start_objective", "end_objective", "evaluations", "status"}}
/// ```
///
/// Committed reports carry ``MixedFitJSON/reportDigits`` significant digits, and
/// `optimizer.evaluations` is `null` there, for the reasons ``MixedFitJSON`` gives.
public enum MMRMFitJSON {
    /// The JSON value of `fit`, with `means` when LS-means were asked for.
    public static func value(of fit: MMRMFit, means: MMRMLeastSquaresMeans?, typeIII: [MMRMTermTest]? = nil,
                             dataLabel: String, weights: String?, precision: NumberPrecision) -> JSONValue {
        let number: (Double?) -> JSONValue = { precision.json($0, significantDigits: MixedFitJSON.reportDigits) }
        let t = fit.visits.count
        func rows(_ matrix: [Double]) -> JSONValue {
            .array((0..<t).map { i in .array((0..<t).map { j in number(matrix[i + j * t]) }) })
        }
        let coefficients = FitJSON.coefficients(of: fit, number: number) { [("df", number(fit.degreesOfFreedom[$0]))] }
        let matrices: [JSONValue] = fit.covarianceMatrices.indices.map { g in
            .object([("group", fit.groups.isEmpty ? .null : .string(fit.groups[g])),
                     ("covariance", rows(fit.covarianceMatrices[g])),
                     ("correlation", rows(fit.correlationMatrix(group: g)))])
        }
        let term = fit.covarianceTerm
        let optimizer = fit.optimizer
        var members: [(String, JSONValue)] = [
            ("model", "mmrm"),
        ] + FitJSON.identity(of: fit, dataLabel: dataLabel) + [
            ("n_subjects", .integer(fit.subjectCount)),
            ("n_visit_patterns", .integer(fit.patternCount)),
            FitJSON.referenceLevels(of: fit),
            ("covariance", .string(fit.coefficientCovariance == .empirical ? "empirical"
                                   : fit.degreesOfFreedomMethod == .kenwardRoger || fit.degreesOfFreedomMethod == .kenwardRogerLinear
                                   ? "kenward-roger-adjusted" : "model-based")),
            ("weights", weights.map { .string($0) } ?? .null),
            ("estimation", .string(fit.estimation == .reml ? "REML" : "ML")),
            ("df_method", .string(fit.degreesOfFreedomMethod.rawValue)),
            ("covariance_structure", .string(term.structure.name)),
            ("covariance_fallback_failed", .array(fit.failedStructures.map { failure in
                .object([("structure", .string(failure.structure.name)), ("reason", .string(failure.reason))])
            })),
            ("visit", .string(term.time)),
            ("subject", .string(term.subject)),
            ("covariance_groups", term.groups.isEmpty ? .null
                : .object([("by", .string(term.groups.joined(separator: ":"))), ("levels", .array(fit.groups.map { .string($0) }))])),
            coefficients,
            ("visits", .array(fit.visits.map { .string($0) })),
            ("covariance_matrices", .array(matrices)),
        ]
        if let typeIII {
            members.append(("anova", .object([
                ("type", "III"),
                ("terms", .array(typeIII.map { t in .object([
                    ("term", .string(t.term)), ("num_df", .integer(t.numeratorDegreesOfFreedom)),
                    ("den_df", number(t.denominatorDegreesOfFreedom)), ("statistic", number(t.statistic)),
                    ("p_value", number(t.pValue)),
                ]) })),
            ])))
        }
        if let means {
            members.append(("lsmeans", .object([
                ("factor", .string(means.factor)),
                ("by", means.by.map { .string($0) } ?? .null),
                ("conf_level", .number(means.level)),
                ("weights", .string(means.weights.rawValue)),
                ("means", .array(means.means.map { m in .object([
                    ("level", .string(m.level)), ("by", m.by.map { .string($0) } ?? .null),
                    ("estimate", number(m.estimate)), ("std_error", number(m.standardError)), ("df", number(m.degreesOfFreedom)),
                    ("conf_low", number(m.confidenceLow)), ("conf_high", number(m.confidenceHigh)),
                ]) })),
                ("differences", .array(means.differences.map { d in .object([
                    ("level", .string(d.level)), ("reference", .string(d.reference)), ("by", d.by.map { .string($0) } ?? .null),
                    ("estimate", number(d.estimate)), ("std_error", number(d.standardError)), ("df", number(d.degreesOfFreedom)),
                    ("statistic", number(d.statistic)), ("p_value", number(d.pValue)),
                    ("conf_low", number(d.confidenceLow)), ("conf_high", number(d.confidenceHigh)),
                ]) })),
            ])))
        }
        members += [
            ("statistics", .object([
                ("log_likelihood", number(fit.logLikelihood)),
                (fit.estimation == .reml ? "reml_criterion" : "deviance", number(fit.objective)),
                ("aic", number(fit.aic)),
                ("aicc", number(fit.aicc)),
                ("bic", number(fit.bic)),
                ("n_covariance_parameters", .integer(fit.covarianceParameterCount)),
                ("converged", .bool(optimizer.isConverged)),
                ("conf_level", .number(fit.confidenceLevel)),
            ])),
            FitJSON.optimizer(optimizer, number: number, precision: precision),
        ]
        return .object(members)
    }
}
