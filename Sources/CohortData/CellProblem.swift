import OutcomeStats

/// A cell the loader could not accept as it stands, found while loading for validation.
///
/// ``CohortLoader/load(path:)`` throws at the first such cell; ``CohortLoader/loadForValidation(path:)``
/// keeps loading and reports every one, grouped: cells of the same column with the same problem
/// and the same text form one problem, located at the first of them, with their ``count``.
public struct CellProblem: Sendable, Equatable, Hashable {
    /// What is wrong with the cell.
    public enum Kind: Sendable, Equatable, Hashable {
        /// Text in a numeric column (the cell is loaded as missing).
        case notANumber
        /// A well-formed number too large for a `Double` (loaded as missing).
        case notFinite
        /// A number outside the column's valid range (loaded as written).
        case outOfRange(ClosedRange<Double>)
        /// A `"` inside an unquoted field (a warning: the reader keeps it).
        case quoteInUnquotedField
    }

    /// The problem.
    public let kind: Kind
    /// The first cell with this problem and text.
    public let location: SourceLocation
    /// The cell's text, trimmed.
    public let text: String
    /// How many cells of this column have this problem with this text.
    public let count: Int

    /// A problem.
    public init(kind: Kind, location: SourceLocation, text: String, count: Int) {
        self.kind = kind
        self.location = location
        self.text = text
        self.count = count
    }

    /// The error ``CohortLoader/load(path:)`` throws for the first such cell.
    public var error: CohortDataError {
        switch kind {
        case .notANumber: .notANumber(location, text: text)
        case .notFinite: .notFinite(location, text: text)
        case .outOfRange(let range): .outOfRange(location, text: text, range: range)
        case .quoteInUnquotedField: .quoteInUnquotedField(location, text: text)
        }
    }
}

/// A cohort loaded for validation: the frame, where each row came from, and every problem cell.
///
/// Problem cells are kept in the frame (out-of-range numbers as written, text as missing), so
/// row-level rules can still run over the rest of the file.
public struct LoadedCohort: Sendable {
    /// The frame.
    public let frame: Frame
    /// The 1-based line on which each row of ``frame`` starts.
    public let lineNumbers: [Int]
    /// Every problem cell, grouped, in the order of their first occurrence.
    public let cellProblems: [CellProblem]
    /// The file name used in messages.
    public let fileName: String
    /// The file's column names (after aliases), in file order: the 1-based column of a name
    /// in messages is its position here plus one. A derived `cohort` is not among them.
    public let fileColumns: [String]

    /// A loaded cohort.
    public init(frame: Frame, lineNumbers: [Int], cellProblems: [CellProblem], fileName: String, fileColumns: [String]) {
        self.frame = frame
        self.lineNumbers = lineNumbers
        self.cellProblems = cellProblems
        self.fileName = fileName
        self.fileColumns = fileColumns
    }
}
