import CohortData
import OutcomeStats

/// A restriction of an analysis to rows where a column equals a value, e.g. `week: 10`.
public struct RowFilter: Sendable, Equatable {
    /// The column.
    public let column: String
    /// The value as written: a number for a numeric column, a level for a categorical one.
    public let value: String

    /// A filter.
    public init(column: String, value: String) {
        self.column = column
        self.value = value
    }

    /// `column = value`.
    public var description: String { "\(column) = \(value)" }
}

/// The frame an analysis fits: responder flags derived (for an explicit ``ResponderDerivation``
/// and for every `<outcome>_responder` variable the formula names that the data lack, with the
/// default pain thresholds: ≥ 2 points or ≥ 30 % from week 0), then rows restricted by the filters.
enum AnalysisFrame {
    /// The derived frame before the filters (used for plots over all visits) and after them.
    static func prepare(_ frame: Frame, formula: Formula, responder: ResponderDerivation?, filters: [RowFilter],
                        fileLabel: String, analysis: String?) throws -> (derived: Frame, filtered: Frame) {
        var derived = frame
        var derivations: [ResponderDerivation] = responder.map { [$0] } ?? []
        for name in formula.allVariables where name.hasSuffix("_responder") && !frame.contains(name)
            && !derivations.contains(where: { $0.columnName == name }) {
            derivations.append(ResponderDerivation(outcome: String(name.dropLast("_responder".count))))
        }
        do {
            for derivation in derivations { derived = try derivation.adding(to: derived, dataLabel: fileLabel) }
        } catch let error as CohortDataError {
            throw AnalysisError.data(error)
        }
        var rows = Array(0..<derived.rowCount)
        for filter in filters {
            switch derived[filter.column] {
            case nil:
                throw AnalysisError.model(analysis: analysis, file: fileLabel,
                                          .unknownColumn(term: filter.column, suggestion: nearestName(to: filter.column, in: derived.columnNames)))
            case .numeric(let values)?:
                guard let target = Double(filter.value) else {
                    throw AnalysisError.model(analysis: analysis, file: fileLabel,
                                              .wrongColumnKind(column: filter.column, expected: "compared with a number, not '\(filter.value)'"))
                }
                rows = rows.filter { values[$0] == target }
            case .categorical(let column)?:
                guard column.levels.contains(filter.value) else {
                    throw AnalysisError.model(analysis: analysis, file: fileLabel,
                                              .unknownLevel(column: filter.column, level: filter.value, levels: column.levels))
                }
                rows = rows.filter { column.label(at: $0) == filter.value }
            }
        }
        return (derived, filters.isEmpty ? derived : derived.rows(rows))
    }
}
