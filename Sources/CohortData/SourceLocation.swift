/// Where in a cohort file a problem was found: file, 1-based physical line, 1-based column.
///
/// `column` is the 1-based index of the field in its record (not a character offset), and
/// `columnName` is the header name of that field when the header is known. The description
/// is the `file:line:column` prefix compilers use, so editors can jump to the cell:
///
/// ```swift
/// SourceLocation(file: "cohort.csv", line: 17, column: 11, columnName: "pain_nrs").description
/// // "cohort.csv:17:11 (pain_nrs)"
/// ```
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The file name or path as given to the loader.
    public var file: String
    /// The 1-based physical line (counting line feeds) on which the field starts.
    public var line: Int
    /// The 1-based field index within the record, or `nil` when the problem concerns a whole line.
    public var column: Int?
    /// The header name of the column, when known.
    public var columnName: String?

    /// A location.
    ///
    /// - Parameters:
    ///   - file: The file name or path as given to the loader.
    ///   - line: The 1-based physical line.
    ///   - column: The 1-based field index, if the problem concerns one field.
    ///   - columnName: The header name of that field, if known.
    public init(file: String, line: Int, column: Int? = nil, columnName: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
    }

    /// `file:line:column (name)`, omitting the parts that are unknown.
    public var description: String {
        var text = "\(escapingControlCharacters(file)):\(line)"
        if let column { text += ":\(column)" }
        if let columnName { text += " (\(escapingControlCharacters(columnName, limit: 40)))" }
        return text
    }
}
