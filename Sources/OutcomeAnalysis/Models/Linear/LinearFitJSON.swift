import OutcomeReports
import OutcomeStats

/// The public JSON shape of a linear model fit (broom's vocabulary in snake_case):
///
/// ```json
/// {"model": "linear", "formula": "...", "response": "...", "data": "...", "n_obs": 2000, "n_dropped": 31,
///  "reference_levels": {"cohort": "acute"}, "covariance": "HC3", "weights": null,
///  "coefficients": [{"term", "estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high"}],
///  "statistics": {"r_squared", "adj_r_squared", "sigma", "df", "df_residual", "f_statistic", "f_p_value", "conf_level"}}
/// ```
///
/// `covariance` is `classical`, `HC0` … `HC3` or `CR1` (then `cluster` names the column);
/// `weights` names the weights column of a weighted fit (`n_zero_weight` counts its rows of weight
/// 0, left out of the fit). Aliased coefficients have `null` estimates. Later model types extend this shape and never
/// rename what is here.
public enum LinearFitJSON {
    /// The JSON value of `fit`.
    ///
    /// - Parameters:
    ///   - fit: the fitted model.
    ///   - dataLabel: the data file as the user named it.
    ///   - precision: full digits, or ten significant digits for committed reports.
    public static func value(of fit: LinearModelFit, dataLabel: String, precision: NumberPrecision) -> JSONValue {
        let number: (Double?) -> JSONValue = { precision.json($0) }
        return .object([("model", JSONValue.string("linear"))] + FitJSON.identity(of: fit, dataLabel: dataLabel)
                       + [FitJSON.referenceLevels(of: fit)] + extensions(of: fit) + [
            FitJSON.coefficients(of: fit, number: number),
            ("statistics", .object([
                ("r_squared", number(fit.rSquared)),
                ("adj_r_squared", number(fit.adjustedRSquared)),
                ("sigma", number(fit.residualStandardError)),
                ("df", fit.fTest.map { .integer(Int($0.numeratorDegreesOfFreedom)) } ?? .null),
                ("df_residual", .integer(fit.residualDegreesOfFreedom)),
                ("f_statistic", number(fit.fTest?.statistic)),
                ("f_p_value", number(fit.fTest?.pValue)),
                ("conf_level", .number(fit.confidenceLevel)),
            ])),
        ])
    }

    /// The keys issue 3 added: covariance estimator, cluster column, weights.
    static func extensions(of fit: LinearModelFit) -> [(String, JSONValue)] {
        var pairs: [(String, JSONValue)] = [("covariance", .string(fit.covarianceEstimator.name))]
        if let column = fit.covarianceEstimator.clusterColumn { pairs.append(("cluster", .string(column))) }
        pairs.append(("weights", fit.weightsColumn.map { .string($0) } ?? .null))
        if fit.weightsColumn != nil { pairs.append(("n_zero_weight", .integer(fit.zeroWeightRowCount))) }
        return pairs
    }
}
