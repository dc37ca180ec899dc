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
        json(x, significantDigits: JSONNumber.reportSignificantDigits)
    }

    /// A number at this precision (`null` for `nil`): full digits, or `significantDigits`
    /// significant digits in committed reports (``OutcomeReports/JSONNumber/reportDigits(_:significantDigits:)``).
    func json(_ x: Double?, significantDigits: Int) -> JSONValue {
        guard let x else { return .null }
        return self == .full ? .number(x) : .number(JSONNumber.reportDigits(x, significantDigits: significantDigits))
    }
}

/// The members every model's results JSON shares, built once from the fit vocabulary
/// (``OutcomeStats/StatisticalFit``) so that the four models' JSON cannot drift apart.
enum FitJSON {
    /// `formula`, `response`, `data`, `n_obs`, `n_dropped`, in that order.
    static func identity(of fit: some StatisticalFit, dataLabel: String) -> [(String, JSONValue)] {
        [("formula", .string(fit.formula.text)), ("response", .string(fit.formula.response)), ("data", .string(dataLabel)),
         ("n_obs", .integer(fit.observationCount)), ("n_dropped", .integer(fit.droppedRowCount))]
    }

    /// `reference_levels`: each treatment-coded factor's reference level, factors in name order.
    static func referenceLevels(of fit: some StatisticalFit) -> (String, JSONValue) {
        ("reference_levels", .object(fit.referenceLevels.keys.sorted().map { ($0, .string(fit.referenceLevels[$0]!)) }))
    }

    /// `coefficients`: the shared members of each coefficient (``CoefficientJSON``), then the
    /// model's own (`extra` of the coefficient's index), e.g. its df or odds ratio.
    static func coefficients(of fit: some StatisticalFit, number: (Double?) -> JSONValue,
                             extra: (Int) -> [(String, JSONValue)] = { _ in [] }) -> (String, JSONValue) {
        ("coefficients", .array(fit.coefficients.enumerated().map { index, c in
            .object(CoefficientJSON.members(c, number: number) + extra(index))
        }))
    }

    /// `optimizer`: the record of an iterative fit. The evaluation count can change with the
    /// last bits of BLAS results, so committed reports write `null` for it.
    static func optimizer(_ optimizer: OptimizerSummary, number: (Double?) -> JSONValue, precision: NumberPrecision) -> (String, JSONValue) {
        ("optimizer", .object([
            ("method", .string(optimizer.method)),
            ("start", .array(optimizer.start.map { number($0) })),
            ("end", .array(optimizer.end.map { number($0) })),
            ("start_objective", number(optimizer.startObjective)),
            ("end_objective", number(optimizer.endObjective)),
            ("evaluations", precision == .full ? .integer(optimizer.evaluations) : .null),
            ("status", .string(optimizer.status.rawValue)),
        ]))
    }
}
