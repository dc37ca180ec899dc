import OutcomeReports
import OutcomeStats

/// The public JSON shape of a GLM fit: the linear model's shape (same top-level keys and the same
/// seven keys per coefficient), extended:
///
/// ```json
/// {"model": "glm", "family": "binomial", "link": "logit", "formula": "...", "response": "...",
///  "success_level": "yes" | null, "data": "...", "subset": "week = 10" | null, "n_obs": 280, "n_dropped": 20,
///  "reference_levels": {...},
///  "coefficients": [{"term", "estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high",
///                    "odds_ratio", "odds_ratio_conf_low", "odds_ratio_conf_high"}],
///  "statistics": {"deviance", "null_deviance", "df", "df_residual", "df_null", "aic", "log_likelihood",
///                 "iterations", "converged", "conf_level"},
///  "covariance": "fisher-information", "weights": null,
///  "separation": null | {"kind", "fitted_at_boundary", "diverging_terms"},
///  "warnings": ["..."]}
/// ```
///
/// Poisson fits carry `rate_ratio`, `rate_ratio_conf_low`, `rate_ratio_conf_high` instead. The
/// statistic is z = estimate/SE; intervals are Wald intervals. `df` is the model degrees of
/// freedom df_null − df_residual, as the linear shape's `df`. `covariance` names the standard
/// errors' source (the Fisher information at the estimates) and `weights` is null, as GLMs take no
/// case weights yet: the keys the linear shape has, so every model's JSON answers them.
public enum GLMFitJSON {
    /// The JSON value of `fit`.
    ///
    /// - Parameters:
    ///   - fit: the fitted model.
    ///   - dataLabel: the data file as the user named it.
    ///   - subset: the row restriction, or `nil`.
    ///   - precision: full digits, or ten significant digits for committed reports.
    public static func value(of fit: GeneralizedLinearModelFit, dataLabel: String, subset: String? = nil,
                             precision: NumberPrecision) -> JSONValue {
        let number: (Double?) -> JSONValue = { precision.json($0) }
        let ratioKey = fit.family == .binomial ? "odds_ratio" : "rate_ratio"
        let ratios = fit.ratios
        let coefficients = FitJSON.coefficients(of: fit, number: number) { index in
            [(ratioKey, number(ratios[index]?.estimate)),
             (ratioKey + "_conf_low", number(ratios[index]?.confidenceLow)),
             (ratioKey + "_conf_high", number(ratios[index]?.confidenceHigh))]
        }
        let identity = FitJSON.identity(of: fit, dataLabel: dataLabel)
        let separation: JSONValue = fit.separation.map {
            .object([("kind", .string($0.kind.rawValue)), ("fitted_at_boundary", .integer($0.fittedAtBoundary)),
                     ("diverging_terms", .array($0.divergingTerms.map { .string($0) }))])
        } ?? .null
        return .object([
            ("model", "glm"),
            ("family", .string(fit.family.rawValue)),
            ("link", .string(fit.family.linkName)),
            identity[0], identity[1],   // formula, response
            ("success_level", fit.successLevel.map { .string($0) } ?? .null),
            identity[2],                // data
            ("subset", subset.map { .string($0) } ?? .null),
            identity[3], identity[4],   // n_obs, n_dropped
            FitJSON.referenceLevels(of: fit),
            coefficients,
            ("statistics", .object([
                ("deviance", number(fit.deviance)),
                ("null_deviance", number(fit.nullDeviance)),
                ("df", .integer(fit.nullDegreesOfFreedom - fit.residualDegreesOfFreedom)),
                ("df_residual", .integer(fit.residualDegreesOfFreedom)),
                ("df_null", .integer(fit.nullDegreesOfFreedom)),
                ("aic", number(fit.aic)),
                ("log_likelihood", number(fit.logLikelihood)),
                ("iterations", .integer(fit.iterations)),
                ("converged", .bool(fit.isConverged)),
                ("conf_level", .number(fit.confidenceLevel)),
            ])),
            ("covariance", "fisher-information"),
            ("weights", .null),
            ("separation", separation),
            ("warnings", .array(fit.warnings.map { .string($0) })),
        ])
    }
}
