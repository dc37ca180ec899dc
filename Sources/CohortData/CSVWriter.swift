import PlainText
import Foundation
import OutcomeStats

/// Writes a ``OutcomeStats/Frame`` as RFC 4180 CSV that ``CohortLoader`` reads back to the same frame.
///
/// ```swift
/// let bytes = try CSVWriter().bytes(of: frame)
/// let again = try CohortLoader(schema: schemaDeclaringTheKinds).load(data: bytes, fileName: "copy.csv")
/// ```
///
/// - Header: the column names; a name is quoted when it must be (see below).
/// - Numbers: the shortest decimal that reads back to the same `Double` (Swift's
///   `description`, such as `0.1`, `1e-05`, `-0.0`); a missing value (`NaN`) is an empty cell.
/// - Labels: written as is when that reads back unchanged; otherwise quoted, with `"` doubled:
///   labels holding the delimiter, a quote, CR or LF, leading or trailing spaces or tabs, or
///   spelling a missing-value token (`NA`, `.`). A missing label is an empty cell.
/// - Lines end with LF; the last line too. A frame of one column writes a missing cell as
///   `""` (an empty line would be skipped as blank).
/// - Formula injection: a label or name that starts with `=`, `+`, `-`, `@`, a tab or a
///   carriage return (which a spreadsheet would run as a formula, e.g. `=HYPERLINK(…)`) is
///   prefixed with `'`, unless it is a plain number such as `-0.25` — the rule of the reports'
///   CSV tables (`CSVTableRenderer.field` in OutcomeReports; CohortData cannot import it).
///   Such a label then reads back with its `'`; pass `neutralizesFormulas: false` for an
///   exact round trip of a file no spreadsheet will open.
///
/// The loader types columns by the schema, so a label column whose labels all look like
/// numbers reads back as categorical only when the schema declares it so.
public struct CSVWriter: Sendable {
    /// The delimiter.
    public let delimiter: UInt8
    /// Labels that must be quoted because unquoted they would read as missing.
    public let missingTokens: [String]
    /// Whether labels that would run as spreadsheet formulas get a `'` prefix (the default).
    public let neutralizesFormulas: Bool
    /// Whether whole numbers below 2⁵³ are written without a fraction (`3`, not `3.0`), as
    /// most files write them, so that a completed data set repeats its input's integer cells.
    public var integersWithoutFraction = false

    /// A number's text: Swift's shortest round trip, `3` for 3.0 when ``integersWithoutFraction``.
    func numberText(_ value: Double) -> String {
        if integersWithoutFraction, value == value.rounded(), abs(value) < 9_007_199_254_740_992, !(value == 0 && value.sign == .minus) {
            return String(Int64(value))
        }
        return value.description
    }

    /// A writer.
    ///
    /// - Parameters:
    ///   - delimiter: ASCII, not a quote or line break; comma by default.
    ///   - missingTokens: The reader's missing-value tokens (labels spelling one get quoted).
    ///   - neutralizesFormulas: Prefix labels that start like a formula with `'` (default).
    public init(delimiter: Unicode.Scalar = ",", missingTokens: [String] = CohortSchema.default.missingTokens,
                neutralizesFormulas: Bool = true) {
        precondition(delimiter.isASCII && delimiter != "\"" && delimiter != "\n" && delimiter != "\r",
                     "a CSV delimiter must be an ASCII character other than a quote or a line break")
        self.delimiter = UInt8(delimiter.value)
        self.missingTokens = missingTokens
        self.neutralizesFormulas = neutralizesFormulas
    }

    /// The CSV bytes of `frame`.
    ///
    /// - Throws: ``CohortDataError/notFinite(_:text:)`` for an infinite number (CSV has no
    ///   spelling the reader accepts for it), located at its future line and column.
    public func bytes(of frame: Frame) throws -> [UInt8] {
        try bytes(of: frame, keepingCellsOf: nil)
    }

    /// The CSV bytes of `frame`, each cell that still holds what `source` (the file `frame`
    /// was read from, in the same row order) says written as `source` wrote it: `6.20` stays
    /// `6.20` and `NA` stays `NA`, so a completed data set repeats its input's observed cells
    /// byte for byte. A cell whose value differs (an imputed one), a row past the source's and
    /// a column the source lacks are written as ``bytes(of:)`` writes them.
    ///
    /// - Throws: as ``bytes(of:)``.
    public func bytes(of frame: Frame, keepingCellsOf source: CSVTable?) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(frame.rowCount * frame.columnNames.count * 8 + 64)
        for (index, name) in frame.columnNames.enumerated() {
            if index > 0 { out.append(delimiter) }
            writeText(name, header: true, to: &out)
        }
        out.append(UInt8(ascii: "\n"))
        let columns = frame.columnNames.map { frame[$0]! }
        let sourceColumns = frame.columnNames.map { name in source?.header.firstIndex(of: name) }
        for row in 0..<frame.rowCount {
            for (index, column) in columns.enumerated() {
                if index > 0 { out.append(delimiter) }
                if let source, row < source.rows.count, let sourceColumn = sourceColumns[index],
                   let text = keptText(source.rows[row][sourceColumn], of: column, at: row) {
                    out.append(contentsOf: text)
                    continue
                }
                if columns.count == 1, column.isMissing(row) {
                    // A lone empty cell would be a blank line, which readers skip.
                    out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "\"")])
                    continue
                }
                switch column {
                case .numeric(let values):
                    let value = values[row]
                    if value.isNaN { continue }
                    guard value.isFinite else {
                        throw CohortDataError.notFinite(
                            SourceLocation(file: "frame", line: row + 2, column: index + 1, columnName: frame.columnNames[index]),
                            text: value.description)
                    }
                    out.append(contentsOf: numberText(value).utf8)
                case .categorical(let labels):
                    if let label = labels.label(at: row) { writeText(label, header: false, to: &out) }
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// The bytes to write for a cell whose source text is `text`, when the column still holds
    /// what `text` reads as; `nil` when it does not (the cell was imputed).
    private func keptText(_ text: String, of column: Column, at row: Int) -> [UInt8]? {
        let trimmed = text.trimmingCharacters(in: .init(charactersIn: " \t"))
        let missing = trimmed.isEmpty || missingTokens.contains(trimmed)
        switch column {
        case .numeric(let values):
            let value = values[row]
            if missing { return value.isNaN ? Array(text.utf8) : nil }
            guard let read = DecimalParser.parse(trimmed), read.bitPattern == value.bitPattern || read == value,
                  !text.utf8.contains(where: { $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else { return nil }
            return Array(text.utf8)
        case .categorical(let labels):
            let label = labels.label(at: row)
            if text.isEmpty || missingTokens.contains(text) { return label == nil ? Array(text.utf8) : nil }
            guard label == text else { return nil }
            var bytes: [UInt8] = []
            writeText(text, header: false, to: &bytes)
            return bytes
        }
    }

    /// Writes `text`, quoted when unquoted text would not read back the same.
    private func writeText(_ text: String, header: Bool, to out: inout [UInt8]) {
        var bytes = Array(text.utf8)
        if neutralizesFormulas, SpreadsheetText.needsNeutralizing(text) { bytes.insert(UInt8(ascii: "'"), at: 0) }
        let first = bytes.first, last = bytes.last
        let padded = first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
        let special = bytes.contains { $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        let startsWithMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let needsQuotes = special || padded || bytes.isEmpty || startsWithMark || (!header && missingTokens.contains(text))
        guard needsQuotes else {
            out.append(contentsOf: bytes)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}
