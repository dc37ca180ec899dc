import CohortData
import OutcomeStats

/// Errors of ``OutcomeAnalysis``: spec problems with file, line and column, and failures of
/// one analysis with its name. Each description is one line that says how to fix the input.
public enum AnalysisError: Error, Sendable, CustomStringConvertible {
    /// The spec file is not valid YAML or not shaped like a spec.
    case spec(file: String, line: Int?, column: Int?, message: String)
    /// A data file could not be loaded.
    case data(CohortDataError)
    /// A model could not be fitted to the data of `file`.
    case model(analysis: String?, file: String, StatsError)
    /// A file could not be read or written.
    case io(path: String, message: String)
    /// Options that do not make sense together, or a malformed option value.
    case usage(String)
    /// The data rows an analysis selects cannot be read (bad `subset:`, no rows left).
    case subset(analysis: String, message: String)

    /// One line, with line breaks, control characters and bidirectional overrides from the
    /// spec or data (a formula, a level, a file name) escaped as `\n`, `\u{1b}`, `\u{202e}`.
    public var description: String { escapingControlCharacters(rawDescription) }

    private var rawDescription: String {
        switch self {
        case let .spec(file, line, column, message):
            let location = [line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(separator: ":")
            return location.isEmpty ? "\(file): \(message)" : "\(file):\(location): \(message)"
        case let .data(error):
            return error.description
        case let .model(analysis, file, error):
            return (analysis.map { "analysis '\($0)': " } ?? "") + "\(file): \(error.description)"
        case let .io(path, message):
            return "\(path): \(message)"
        case let .usage(message):
            return message
        case let .subset(analysis, message):
            return "analysis '\(analysis)': \(message)"
        }
    }
}
