import OutcomeReports
import OutcomeStats

/// The public JSON shape of a linear model fit (broom's vocabulary in snake_case):
///
/// ```json
/// {"model": "linear", "formula": "...", "response": "...", "data": "...", "n_obs": 2000, "n_dropped": 31,
///  "reference_levels": {"cohort": "acute"},
///  "coefficients": [{"term", "estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high"}],
///  "statistics": {"r_squared", "adj_r_squared", "sigma", "df", "df_residual", "f_statistic", "f_p_value", "conf_level"}}
/// ```
///
/// Aliased coefficients have `null` estimates. Later model types extend this shape and never
/// rename what is here.
public enum LinearFitJSON {
    /// The JSON value of `fit`.
    ///
    /// - Parameters:
    ///   - fit: the fitted model.
    ///   - dataLabel: the data file as the user named it.
    ///   - precision: full digits, or ten significant digits for committed reports.
    public static func value(of fit: LinearModelFit, dataLabel: String, precision: NumberPrecision) -> JSONValue {
        func number(_ x: Double?) -> JSONValue {
            guard let x else { return .null }
            return precision == .full ? .number(x) : .reportNumber(x)
        }
        let coefficients: [JSONValue] = fit.coefficients.map { c in
            .object([
                ("term", .string(c.term)),
                ("estimate", number(c.estimate)),
                ("std_error", number(c.standardError)),
                ("statistic", number(c.statistic)),
                ("p_value", number(c.pValue)),
                ("conf_low", number(c.confidenceLow)),
                ("conf_high", number(c.confidenceHigh)),
            ])
        }
        let references: [(String, JSONValue)] = fit.referenceLevels.keys.sorted().map { ($0, .string(fit.referenceLevels[$0]!)) }
        return .object([
            ("model", "linear"),
            ("formula", .string(fit.formula.text)),
            ("response", .string(fit.formula.response)),
            ("data", .string(dataLabel)),
            ("n_obs", .integer(fit.observationCount)),
            ("n_dropped", .integer(fit.droppedRowCount)),
            ("reference_levels", .object(references)),
            ("coefficients", .array(coefficients)),
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
}
