import OutcomeReports
import OutcomeStats

/// The members every model's coefficient object starts with in results JSON — the public
/// shape `{"term","estimate","std_error","statistic","p_value","conf_low","conf_high"}` —
/// written in one place so linear, GLM and mixed results cannot drift apart. Model types
/// append their own members after these.
enum CoefficientJSON {
    static func members(_ c: Coefficient, number: (Double?) -> JSONValue) -> [(String, JSONValue)] {
        [
            ("term", .string(c.term)),
            ("estimate", number(c.estimate)),
            ("std_error", number(c.standardError)),
            ("statistic", number(c.statistic)),
            ("p_value", number(c.pValue)),
            ("conf_low", number(c.confidenceLow)),
            ("conf_high", number(c.confidenceHigh)),
        ]
    }
}

extension NumberPrecision {
    /// A number at this precision (`null` for `nil`): full digits, or ten significant digits.
    func json(_ x: Double?) -> JSONValue {
        guard let x else { return .null }
        return self == .full ? .number(x) : .reportNumber(x)
    }
}
