/// A byte-level RFC 4180 CSV reader.
///
/// The reader works over the file's bytes (never `Character` by `Character`): a release build
/// loads a million-row cohort file (60 MB) through ``CohortLoader`` in under a second. It understands:
///
/// - fields quoted with `"`, which may hold the delimiter, line breaks, and `""` for a quote;
/// - records ended by LF or CRLF, and a last record without a line break;
/// - an optional UTF-8 byte-order mark, which is skipped;
/// - a configurable one-byte delimiter (comma by default; tab and semicolon are common).
///
/// Policy where RFC 4180 is silent or strict:
///
/// - The first record is the header. Header names are trimmed of surrounding spaces and tabs;
///   an empty or repeated name is an error. Data fields are returned verbatim.
/// - Lines that are completely empty are skipped (they are never a record of one empty field).
/// - A `"` inside an unquoted field is kept as an ordinary character; after the closing quote
///   of a quoted field only the delimiter, a line break or the end of the file may follow.
/// - A lone CR (not followed by LF) is ordinary data.
/// - Every field must be valid UTF-8.
///
/// Errors are ``CohortDataError`` values whose ``SourceLocation`` names the file, the 1-based
/// physical line on which the field starts (line feeds inside quoted fields count), and the
/// 1-based field index with its header name.
///
/// ```swift
/// let table = try CSVReader().read(Array("id,note\n1,\"a, b\"\n".utf8), fileName: "notes.csv")
/// table.header      // ["id", "note"]
/// table.rows        // [["1", "a, b"]]
/// ```
public struct CSVReader: Sendable {
    /// The byte that separates fields.
    public let delimiter: UInt8

    /// A reader for files whose fields are separated by `delimiter`.
    ///
    /// - Parameter delimiter: An ASCII character other than `"`, CR or LF; comma by default.
    /// - Precondition: `delimiter` is ASCII and not `"`, CR or LF.
    public init(delimiter: Unicode.Scalar = ",") {
        precondition(delimiter.isASCII && delimiter != "\"" && delimiter != "\n" && delimiter != "\r",
                     "a CSV delimiter must be an ASCII character other than a quote or a line break")
        self.delimiter = UInt8(delimiter.value)
    }

    /// Reads a whole file into a table of strings.
    ///
    /// Convenient for small files and tests; ``CohortLoader`` streams instead of building rows.
    ///
    /// - Parameters:
    ///   - bytes: The file's contents.
    ///   - fileName: The name used in error messages.
    /// - Returns: The header and every data record.
    /// - Throws: ``CohortDataError`` naming the file, line and column of the first problem.
    /// - Complexity: O(*n*) in the number of bytes.
    public func read(_ bytes: [UInt8], fileName: String) throws -> CSVTable {
        var buffer = bytes
        var rows: [[String]] = []
        var lines: [Int] = []
        let header = try forEachRecord(in: &buffer, fileName: fileName) { record in
            rows.append((0..<record.count).map(record.string))
            lines.append(record.line)
        }
        return CSVTable(header: header, rows: rows, lineNumbers: lines)
    }

    /// Parses `bytes` in place, calling `body` with each data record after the header.
    ///
    /// Quoted fields are unescaped inside `bytes` (which is why it is `inout`); each record
    /// handed to `body` is valid only during that call. Every record has as many fields as
    /// the header.
    ///
    /// - Returns: The header names, trimmed of surrounding spaces and tabs.
    /// `header` is called once, with the validated header names, before the first record.
    func forEachRecord(
        in bytes: inout [UInt8], fileName: String,
        header onHeader: ([String]) throws -> Void = { _ in },
        _ body: (CSVRecord) throws -> Void
    ) throws -> [String] {
        try bytes.withUnsafeMutableBufferPointer { buffer in
            try parse(buffer, fileName: fileName, onHeader, body)
        }
    }

    private func parse(
        _ buffer: UnsafeMutableBufferPointer<UInt8>, fileName: String,
        _ onHeader: ([String]) throws -> Void, _ body: (CSVRecord) throws -> Void
    ) throws -> [String] {
        let quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let delimiter = self.delimiter
        let n = buffer.count
        var i = 0
        if n >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { i = 3 }
        var line = 1
        var header: [String]? = nil
        var record = CSVRecord(base: buffer)

        func location(_ line: Int, _ column: Int) -> SourceLocation {
            let name = header.flatMap { column <= $0.count ? $0[column - 1] : nil }
            return SourceLocation(file: fileName, line: line, column: column, columnName: name)
        }
        func text(_ start: Int, _ end: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<min(end, start + 160)]), as: UTF8.self)
        }

        while i < n {
            // Skip completely empty lines.
            if buffer[i] == lineFeed { line += 1; i += 1; continue }
            if buffer[i] == carriageReturn, i + 1 < n, buffer[i + 1] == lineFeed { line += 1; i += 2; continue }

            record.removeAll()
            var endOfRecord = false
            while !endOfRecord {
                let fieldLine = line
                var highBits: UInt8 = 0
                if i < n, buffer[i] == quote {
                    i += 1
                    let start = i
                    var write = i
                    while true {
                        guard i < n else {
                            throw CohortDataError.unterminatedQuote(
                                location(fieldLine, record.count + 1), text: text(start, write))
                        }
                        let byte = buffer[i]
                        if byte == quote {
                            if i + 1 < n, buffer[i + 1] == quote {
                                buffer[write] = quote
                                write += 1
                                i += 2
                                continue
                            }
                            i += 1
                            break
                        }
                        if byte == lineFeed { line += 1 }
                        highBits |= byte
                        buffer[write] = byte
                        write += 1
                        i += 1
                    }
                    record.append(start: start, end: write, line: fieldLine)
                    if i >= n {
                        endOfRecord = true
                    } else if buffer[i] == delimiter {
                        i += 1
                    } else if buffer[i] == lineFeed {
                        line += 1; i += 1; endOfRecord = true
                    } else if buffer[i] == carriageReturn, i + 1 < n, buffer[i + 1] == lineFeed {
                        line += 1; i += 2; endOfRecord = true
                    } else {
                        var stop = i
                        while stop < n, buffer[stop] != delimiter, buffer[stop] != lineFeed { stop += 1 }
                        throw CohortDataError.textAfterClosingQuote(
                            location(line, record.count), text: text(i, stop))
                    }
                } else {
                    let start = i
                    while i < n {
                        let byte = buffer[i]
                        if byte == delimiter || byte == lineFeed { break }
                        highBits |= byte
                        i += 1
                    }
                    var end = i
                    if i >= n || buffer[i] == lineFeed {
                        if end > start, buffer[end - 1] == carriageReturn { end -= 1 }
                        if i < n { line += 1; i += 1 }
                        endOfRecord = true
                    } else {
                        i += 1  // the delimiter
                    }
                    record.append(start: start, end: end, line: fieldLine)
                }
                if highBits & 0x80 != 0 {
                    let field = record.count - 1
                    let bytes = record.bytes(field)
                    if String(validating: bytes, as: UTF8.self) == nil {
                        throw CohortDataError.invalidUTF8(location(fieldLine, field + 1), bytes: Array(bytes))
                    }
                }
            }

            if let header {
                if record.count != header.count {
                    let column = min(record.count, header.count) + 1
                    let fieldLine = record.lines[min(column, record.count) - 1]
                    throw CohortDataError.raggedRow(
                        location(fieldLine, column), expected: header.count, actual: record.count)
                }
                try body(record)
            } else {
                let names = try validatedHeader(record, fileName: fileName)
                header = names
                try onHeader(names)
            }
        }
        guard let header else { throw CohortDataError.emptyFile(file: fileName) }
        return header
    }

    /// Header names trimmed; an empty or repeated name is an error.
    private func validatedHeader(_ record: CSVRecord, fileName: String) throws -> [String] {
        var names: [String] = []
        var firstColumn: [String: Int] = [:]
        for index in 0..<record.count {
            let name = String(decoding: trimmed(record.bytes(index)), as: UTF8.self)
            let location = SourceLocation(file: fileName, line: record.lines[index], column: index + 1)
            if name.isEmpty { throw CohortDataError.emptyHeaderName(location) }
            if let first = firstColumn[name] {
                throw CohortDataError.duplicateHeaderName(
                    SourceLocation(file: fileName, line: record.lines[index], column: index + 1, columnName: name),
                    name: name, firstColumn: first)
            }
            firstColumn[name] = index + 1
            names.append(name)
        }
        return names
    }
}

/// `bytes` without surrounding ASCII spaces and tabs.
@inline(__always)
func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var start = 0, end = bytes.count
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
    return UnsafeBufferPointer(rebasing: bytes[start..<end])
}
