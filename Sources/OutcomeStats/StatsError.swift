/// Errors thrown by ``OutcomeStats``. Each case carries what a user needs to fix the input.
public enum StatsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two columns of a frame differ in length.
    case columnLengthMismatch(column: String, expected: Int, actual: Int)
    /// A column name appears twice.
    case duplicateColumn(String)
    /// A formula could not be parsed; `position` is the 1-based character offset.
    case formulaSyntax(formula: String, position: Int, message: String)
    /// A formula names a column the frame does not have.
    case unknownColumn(term: String, suggestion: String?)
    /// A column named for a role other than a formula variable (case weights, a reference level)
    /// that the frame does not have.
    case unknownRoleColumn(role: String, column: String, suggestion: String?)
    /// A reference level that the categorical column does not have.
    case unknownLevel(column: String, level: String, levels: [String])
    /// A term needs a numeric column but found a categorical one (or the reverse).
    case wrongColumnKind(column: String, expected: String)
    /// Fewer complete observations than coefficients.
    case tooFewObservations(observations: Int, parameters: Int)
    /// A design beyond ``DesignBudget``: `columns` design columns over `rows` rows, `term`
    /// contributing the most of them; `advice` says what to fit instead.
    case designTooLarge(term: String, columns: Int, rows: Int, advice: String)
    /// A LAPACK routine reported failure.
    case lapack(routine: String, info: Int)
    /// An argument outside its domain (for example a probability outside [0, 1]).
    case domain(String)
    /// A meta-analysis input that cannot be pooled (fewer than two studies, a missing estimate,
    /// a standard error that is not positive and finite); the message names the study.
    case metaAnalysis(String)
    /// A mixed model cannot be fitted as specified (for example a grouping factor with as many
    /// levels as observations); the message says what to change.
    case mixedModel(String)
    /// A response value the model family cannot take; `row` is the 1-based data row of the frame.
    case invalidResponse(column: String, row: Int, value: String, expected: String)

    public var description: String {
        switch self {
        case let .columnLengthMismatch(column, expected, actual):
            "column '\(column)' has \(actual) rows but the frame has \(expected)"
        case let .duplicateColumn(name):
            "column '\(name)' appears more than once"
        case let .formulaSyntax(formula, position, message):
            "formula '\(excerpt(of: formula, around: position))', character \(position): \(message)"
        case let .unknownColumn(term, suggestion):
            "unknown column '\(excerpt(of: term, around: 1))' in formula" + (suggestion.map { ". Did you mean '\($0)'?" } ?? "")
        case let .unknownRoleColumn(role, column, suggestion):
            "the \(role) column '\(excerpt(of: column, around: 1))' is not in the data" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case let .unknownLevel(column, level, levels):
            "column '\(column)' has no level '\(level)'; levels are \(levels.joined(separator: ", "))"
        case let .wrongColumnKind(column, expected):
            "column '\(excerpt(of: column, around: 1))' must be \(expected)"
        case let .tooFewObservations(observations, parameters):
            "\(observations) complete observations cannot estimate \(parameters) coefficients"
        case let .designTooLarge(term, columns, rows, advice):
            "the design has \(columns) columns over \(rows) rows, beyond the budget of \(DesignBudget.maximumColumns) columns "
                + "and \(DesignBudget.maximumWorkDescription) of least-squares work (rows × columns²); "
                + "the term '\(excerpt(of: term, around: 1))' makes the most of them. \(excerpt(of: advice, around: 1))"
        case let .lapack(routine, info):
            "LAPACK \(routine) failed with info = \(info)"
        case let .domain(message):
            message
        case let .metaAnalysis(message), let .mixedModel(message):
            message
        case let .invalidResponse(column, row, value, expected):
            "response '\(column)' is \(value) at data row \(row); it must be \(expected)"
        }
    }
}
