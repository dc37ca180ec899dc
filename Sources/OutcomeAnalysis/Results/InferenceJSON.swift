import OutcomeReports
import OutcomeStats

/// The JSON members that inference adds to a fit's results (each present only when asked for):
///
/// ```json
/// {"anova_type": "II",
///  "anova": [{"term", "df", "sum_sq", "mean_sq" (type I only), "statistic", "p_value"}],
///  "emmeans": [{"factor", "level", "by", "by_level", "estimate", "std_error", "df", "conf_low", "conf_high"}],
///  "contrasts": [{"factor", "contrast", "by", "by_level", "estimate", "std_error", "df", "statistic",
///                 "p_value", "conf_low", "conf_high", "adjust"}],
///  "wald_tests": [{"hypothesis", "statistic", "df", "df_residual", "p_value"}],
///  "nested_test": {"smaller", "rss_smaller", "rss", "df", "df_residual", "statistic", "p_value"},
///  "predictions": [{"row", "fit", "std_error", "conf_low", "conf_high", "pred_low", "pred_high"}]}
/// ```
///
/// The Residuals row of `anova` has `null` statistic and p-value; `by`/`by_level` are `null`
/// without a `by` factor; `row` counts the new data's rows from 0, and a row with a missing
/// variable has `null` numbers.
enum InferenceJSON {
    static func members(of results: InferenceResults, precision: NumberPrecision) -> [(String, JSONValue)] {
        func number(_ x: Double?) -> JSONValue {
            guard let x else { return .null }
            return precision == .full ? .number(x) : .reportNumber(x)
        }
        func string(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        var members: [(String, JSONValue)] = []
        if let anova = results.anova {
            members.append(("anova_type", .string(anova.type.rawValue)))
            members.append(("anova", .array(anova.rows.map { row in
                var fields: [(String, JSONValue)] = [("term", .string(row.term)), ("df", .integer(row.degreesOfFreedom)),
                                                     ("sum_sq", number(row.sumOfSquares))]
                if anova.type == .sequential { fields.append(("mean_sq", number(row.meanSquare))) }
                fields += [("statistic", number(row.statistic)), ("p_value", number(row.pValue))]
                return .object(fields)
            })))
        }
        if let emm = results.marginalMeans {
            members.append(("emmeans", .array(emm.means.map { m in
                .object([("factor", .string(emm.factor)), ("level", .string(m.level)), ("by", string(emm.by)),
                         ("by_level", string(m.by)), ("estimate", number(m.estimate)), ("std_error", number(m.standardError)),
                         ("df", .integer(m.degreesOfFreedom)), ("conf_low", number(m.confidenceLow)),
                         ("conf_high", number(m.confidenceHigh))])
            })))
            members.append(("contrasts", .array(emm.contrasts.map { c in
                .object([("factor", .string(emm.factor)), ("contrast", .string(c.contrast)), ("by", string(emm.by)),
                         ("by_level", string(c.by)), ("estimate", number(c.estimate)), ("std_error", number(c.standardError)),
                         ("df", .integer(c.degreesOfFreedom)), ("statistic", number(c.statistic)), ("p_value", number(c.pValue)),
                         ("conf_low", number(c.confidenceLow)), ("conf_high", number(c.confidenceHigh)),
                         ("adjust", .string(emm.adjustment.rawValue))])
            })))
        }
        if !results.waldTests.isEmpty {
            members.append(("wald_tests", .array(results.waldTests.map { t in
                .object([("hypothesis", .string(t.hypothesis)), ("statistic", number(t.statistic)),
                         ("df", .integer(t.numeratorDegreesOfFreedom)), ("df_residual", .integer(t.denominatorDegreesOfFreedom)),
                         ("p_value", number(t.pValue))])
            })))
        }
        if let nested = results.nested {
            let t = nested.test
            members.append(("nested_test", .object([
                ("smaller", .string(nested.formula)), ("rss_smaller", number(t.smallerResidualSumOfSquares)),
                ("rss", number(t.largerResidualSumOfSquares)), ("df", .integer(t.numeratorDegreesOfFreedom)),
                ("df_residual", .integer(t.denominatorDegreesOfFreedom)), ("statistic", number(t.statistic)),
                ("p_value", number(t.pValue)),
            ])))
        }
        if let predictions = results.predictions {
            members.append(("predictions", .array(predictions.enumerated().map { index, p in
                .object([("row", .integer(index)), ("fit", number(p?.fitted)), ("std_error", number(p?.standardError)),
                         ("conf_low", number(p?.confidenceLow)), ("conf_high", number(p?.confidenceHigh)),
                         ("pred_low", number(p?.predictionLow)), ("pred_high", number(p?.predictionHigh))])
            })))
        }
        return members
    }

    /// `value` (a JSON object) with `members` appended.
    static func appending(_ members: [(String, JSONValue)], to value: JSONValue) -> JSONValue {
        guard case .object(let existing) = value, !members.isEmpty else { return value }
        return .object(existing + members)
    }
}
