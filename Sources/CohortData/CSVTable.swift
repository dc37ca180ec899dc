/// A CSV file read into strings: the header and every data record.
///
/// Produced by ``CSVReader/read(_:fileName:)``. Every row has as many fields as the header.
public struct CSVTable: Sendable, Equatable {
    /// Header names, trimmed of surrounding spaces and tabs.
    public let header: [String]
    /// Data records, fields verbatim (quotes removed, `""` unescaped).
    public let rows: [[String]]
    /// The 1-based physical line on which each row starts.
    public let lineNumbers: [Int]

    /// A table from its parts.
    ///
    /// - Parameters:
    ///   - header: Column names.
    ///   - rows: Records, each with `header.count` fields.
    ///   - lineNumbers: The line each record starts on, one per row.
    /// - Precondition: every row has `header.count` fields and there is one line number per row.
    public init(header: [String], rows: [[String]], lineNumbers: [Int]) {
        precondition(rows.allSatisfy { $0.count == header.count }, "every row needs one field per header name")
        precondition(rows.count == lineNumbers.count, "one line number per row")
        self.header = header
        self.rows = rows
        self.lineNumbers = lineNumbers
    }
}
