import PlainText

/// Renders a ``Table`` as RFC 4180 CSV: a header row, then the body; title and footnotes are
/// left out (a CSV is data, not a document). Lines end in `\n`.
///
/// Fields with a comma, quote, CR or LF are quoted with inner quotes doubled. A field that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula when the
/// file is opened in a spreadsheet (CSV injection); such a field is prefixed with `'` — except
/// a plain number such as `-0.25`, which stays a number.
///
/// ```swift
/// CSVTableRenderer().render(table)   // "Term,Estimate\n(Intercept),6.200\n"
/// ```
public struct CSVTableRenderer: Sendable {
    /// A renderer.
    public init() {}

    /// The CSV text of `table`.
    public func render(_ table: Table) -> String {
        var lines = [table.columns.map { Self.field($0.header) }.joined(separator: ",")]
        for row in table.rows {
            lines.append(row.map(Self.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One CSV field: neutralised against formula injection, then quoted when needed.
    public static func field(_ text: String) -> String {
        let value = SpreadsheetText.neutralized(text)
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
