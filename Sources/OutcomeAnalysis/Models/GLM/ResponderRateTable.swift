import OutcomeReports
import OutcomeStats

/// The observed responder rates of a responder analysis by the levels of its first categorical
/// predictor that has a reference level, each compared with the reference level: risk difference
/// with its Wald interval and the number needed to treat (``OutcomeStats/ResponderComparison``).
/// Rows are the complete cases of the model's variables, so the counts are those the fit used.
enum ResponderRateTable {
    /// One group's counts and, except for the reference, its comparison with the reference.
    struct Row {
        let level: String
        let responders: Int
        let total: Int
        let comparison: ResponderComparison?
    }

    /// The grouping variable, its reference level and the rows, or `nil` when not a responder analysis.
    static func rows(fit: GeneralizedLinearModelFit, frame: Frame) -> (variable: String, reference: String, rows: [Row])? {
        let response = fit.formula.response
        guard fit.family == .binomial, response.hasSuffix("_responder"),
              case .numeric(let y)? = frame[response] else { return nil }
        guard let (name, reference) = fit.formula.variables.lazy
            .compactMap({ name in fit.referenceLevels[name].map { (name, $0) } }).first,
              case .categorical(let column)? = frame[name] else { return nil }
        let variables = fit.formula.allVariables.compactMap { frame[$0] }
        let rows = (0..<frame.rowCount).filter { row in !variables.contains { $0.isMissing(row) } }
        var counts: [String: (responders: Int, total: Int)] = [:]
        for row in rows {
            guard let level = column.label(at: row) else { continue }
            counts[level, default: (0, 0)].total += 1
            if y[row] == 1 { counts[level, default: (0, 0)].responders += 1 }
        }
        guard let control = counts[reference], control.total > 0 else { return nil }
        var result = [Row(level: reference, responders: control.responders, total: control.total, comparison: nil)]
        for level in column.levels where level != reference {
            guard let treated = counts[level], treated.total > 0 else { continue }
            let comparison = try? ResponderComparison(treatedResponders: treated.responders, treatedCount: treated.total,
                                                      controlResponders: control.responders, controlCount: control.total)
            result.append(Row(level: level, responders: treated.responders, total: treated.total, comparison: comparison))
        }
        return (name, reference, result)
    }

    /// The rows as JSON: `[{"level", "responders", "n", "rate", "risk_difference", "rd_conf_low", "rd_conf_high", "nnt"}]`
    /// (`null` comparisons for the reference level).
    static func json(fit: GeneralizedLinearModelFit, frame: Frame, precision: NumberPrecision) -> JSONValue? {
        guard let (variable, reference, rows) = rows(fit: fit, frame: frame) else { return nil }
        func number(_ x: Double?) -> JSONValue {
            guard let x, x.isFinite else { return .null }
            return precision == .full ? .number(x) : .reportNumber(x)
        }
        return .object([
            ("variable", .string(variable)), ("reference", .string(reference)),
            ("groups", .array(rows.map { row in
                .object([("level", .string(row.level)), ("responders", .integer(row.responders)), ("n", .integer(row.total)),
                         ("rate", number(Double(row.responders) / Double(row.total))),
                         ("risk_difference", number(row.comparison?.riskDifference)),
                         ("rd_conf_low", number(row.comparison?.confidenceLow)),
                         ("rd_conf_high", number(row.comparison?.confidenceHigh)),
                         ("nnt", number(row.comparison?.numberNeededToTreat))])
            })),
        ])
    }

    /// The rows as a report table.
    static func table(fit: GeneralizedLinearModelFit, frame: Frame, format: NumberFormat = .standard) -> Table? {
        guard let (name, reference, rows) = rows(fit: fit, frame: frame), let control = rows.first else { return nil }
        func percent(_ x: Int, _ n: Int) -> String { NumberFormat.fixed(100 * Double(x) / Double(n), decimals: 1) + " %" }
        var body: [[String]] = [[reference + " (reference)", "\(control.responders) / \(control.total)",
                                 percent(control.responders, control.total), "", ""]]
        for row in rows.dropFirst() {
            guard let comparison = row.comparison else { continue }
            let difference = NumberFormat.fixed(100 * comparison.riskDifference, decimals: 1) + " ["
                + NumberFormat.fixed(100 * comparison.confidenceLow, decimals: 1) + ", "
                + NumberFormat.fixed(100 * comparison.confidenceHigh, decimals: 1) + "]"
            let nnt: String
            if let interval = comparison.numberNeededToTreatInterval {
                nnt = format.estimate(comparison.numberNeededToTreat) + " [" + format.estimate(interval.low) + ", "
                    + format.estimate(interval.high) + "]"
            } else {
                nnt = format.estimate(comparison.numberNeededToTreat) + " (interval spans ∞)"
            }
            body.append([row.level, "\(row.responders) / \(row.total)", percent(row.responders, row.total), difference, nnt])
        }
        return Table(title: "Responder rates by \(name)",
                     columns: [TableColumn(name), TableColumn("Responders", alignment: .right), TableColumn("Rate", alignment: .right),
                               TableColumn("Difference vs \(reference), points [95 % CI]", alignment: .right),
                               TableColumn("NNT [95 % CI]", alignment: .right)],
                     rows: body,
                     footnotes: ["Unadjusted: observed rates, Wald interval of the risk difference; NNT = 1/difference "
                                 + "(negative: number needed to harm), its interval shown when the difference's excludes 0."])
    }
}
