import Foundation
import OutcomeReports
import OutcomeStats

/// The public JSON shape of a linear mixed model fit. It extends ``LinearFitJSON``'s shape
/// (same keys for the shared parts, coefficients in the same shape plus `df`):
///
/// ```json
/// {"model": "mixed", "formula": "...", "response": "...", "data": "...", "n_obs": 1757, "n_dropped": 43,
///  "reference_levels": {...}, "estimation": "REML", "df_method": "satterthwaite",
///  "coefficients": [{"term", "estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high", "df"}],
///  "random_effects": [{"group": "patient_id", "term": "(Intercept)", "variance": 1.2, "std_dev": 1.1},
///                     {"group": "Residual", "term": null, "variance": 0.9, "std_dev": 0.95}],
///  "random_effect_correlations": [{"group", "term1", "term2", "correlation"}],
///  "groups": [{"group": "patient_id", "n_groups": 300}],
///  "statistics": {"sigma", "log_likelihood", "reml_criterion" | "deviance", "aic", "bic", "n_parameters",
///                 "singular", "converged", "conf_level"},
///  "optimizer": {"method", "start", "end", "start_objective", "end_objective", "evaluations", "status"}}
/// ```
///
/// Committed reports (``NumberPrecision/report``) carry seven significant digits here, not ten:
/// θ̂ is converged to about 1e-9 and the Satterthwaite df come from numerical derivatives
/// (about 1e-8), so digits beyond the seventh could differ between machines whose BLAS kernels
/// differ in the last bits; for the same reason `optimizer.evaluations` is `null` there.
public enum MixedFitJSON {
    /// Significant digits of numbers in committed reports.
    public static let reportDigits = 7

    /// The JSON value of `fit`.
    ///
    /// - Parameters:
    ///   - fit: the fitted model.
    ///   - dataLabel: the data file as the user named it.
    ///   - precision: full digits, or ten significant digits for committed reports.
    public static func value(of fit: MixedModelFit, dataLabel: String, precision: NumberPrecision) -> JSONValue {
        let number: (Double?) -> JSONValue = { precision.json($0, significantDigits: reportDigits) }
        let coefficients = FitJSON.coefficients(of: fit, number: number) { [("df", number(fit.degreesOfFreedom[$0]))] }
        var randomEffects: [JSONValue] = []
        var correlations: [JSONValue] = []
        for component in fit.varianceComponents {
            for (i, effect) in component.effects.enumerated() {
                randomEffects.append(.object([
                    ("group", .string(component.group)), ("term", .string(effect)),
                    ("variance", number(component.variances[i])), ("std_dev", number(component.standardDeviations[i])),
                ]))
            }
            for j in 0..<component.effects.count {
                for i in (j + 1)..<component.effects.count {
                    correlations.append(.object([
                        ("group", .string(component.group)), ("term1", .string(component.effects[j])),
                        ("term2", .string(component.effects[i])), ("correlation", number(component.correlation(i, j))),
                    ]))
                }
            }
        }
        randomEffects.append(.object([
            ("group", "Residual"), ("term", .null),
            ("variance", number(fit.residualVariance)), ("std_dev", number(fit.residualStandardDeviation)),
        ]))
        var groups: [JSONValue] = []
        for component in fit.varianceComponents where !groups.contains(where: {
            if case .object(let members) = $0, case .string(let g) = members[0].1 { return g == component.group }
            return false
        }) {
            groups.append(.object([("group", .string(component.group)), ("n_groups", .integer(component.groupCount))]))
        }
        let optimizer = fit.optimizer
        return .object([("model", "mixed")] + FitJSON.identity(of: fit, dataLabel: dataLabel) + [
            FitJSON.referenceLevels(of: fit),
            // The linear shape's keys: a mixed fit's standard errors are model-based, unweighted.
            ("covariance", "model-based"),
            ("weights", .null),
            ("estimation", .string(fit.estimation == .reml ? "REML" : "ML")),
            ("df_method", "satterthwaite"),
            coefficients,
            ("random_effects", .array(randomEffects)),
            ("random_effect_correlations", .array(correlations)),
            ("groups", .array(groups)),
            ("statistics", .object([
                ("sigma", number(fit.residualStandardDeviation)),
                ("log_likelihood", number(fit.logLikelihood)),
                (fit.estimation == .reml ? "reml_criterion" : "deviance", number(fit.objective)),
                ("aic", number(fit.aic)),
                ("bic", number(fit.bic)),
                ("n_parameters", .integer(fit.parameterCount)),
                ("singular", .bool(fit.isSingular)),
                ("converged", .bool(optimizer.isConverged)),
                ("conf_level", .number(fit.confidenceLevel)),
            ])),
            FitJSON.optimizer(optimizer, number: number, precision: precision),
        ])
    }
}
