/// The resumable core of ``CSVReader``: parses the complete records of one chunk of a file and
/// tells the caller where the first incomplete record starts, so the next chunk can continue it.
///
/// A record is handed on only once it is complete, so nothing is ever handed on twice: when a
/// record runs into the end of a chunk that is not the file's last, the parser rewinds to the
/// record's first byte (and line) and returns that offset. Nothing in the record has been
/// modified by then — `""` escapes are undone only after the record is complete — so the
/// caller can move the rest of the chunk to the front of its buffer, append more bytes and
/// parse again.
struct CSVChunkParser {
    let delimiter: UInt8
    let fileName: String
    /// The validated header names, once the first record has been read.
    private(set) var header: [String]?
    /// The 1-based physical line at the parser's position.
    private(set) var line = 1
    /// Whether the byte-order mark check is still to do.
    private var atFileStart = true
    /// Whether ``parse(_:isFinal:_:_:)`` returns right after the header record.
    var stopsAfterHeader = false

    /// A parser at the start of a file.
    init(delimiter: UInt8, fileName: String) {
        self.delimiter = delimiter
        self.fileName = fileName
    }

    /// A parser resuming at a record boundary inside a file, after the header.
    ///
    /// - Parameters:
    ///   - header: The file's validated header names.
    ///   - line: The line at which the first record to parse starts.
    init(delimiter: UInt8, fileName: String, header: [String], line: Int) {
        self.delimiter = delimiter
        self.fileName = fileName
        self.header = header
        self.line = line
        self.atFileStart = false
    }

    /// Parses the records of `buffer`; returns the offset of the first byte not consumed
    /// (`buffer.count` when `isFinal`).
    ///
    /// - Parameters:
    ///   - buffer: The bytes of the chunk; escaped fields are unescaped in place.
    ///   - isFinal: Whether the file ends with this chunk.
    ///   - onHeader: Called once with the header names.
    ///   - body: Called with each complete data record.
    mutating func parse(
        _ buffer: UnsafeMutableBufferPointer<UInt8>, isFinal: Bool,
        _ onHeader: ([String]) throws -> Void, _ body: (CSVRecord) throws -> Void
    ) throws -> Int {
        let quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let delimiter = self.delimiter
        let n = buffer.count
        var i = 0
        if atFileStart {
            if n < 3 && !isFinal { return 0 }
            if n >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { i = 3 }
            atFileStart = false
        }
        var line = self.line
        defer { self.line = line }
        var record = CSVRecord(base: buffer)
        defer { record.deallocate() }
        var header = self.header

        func location(_ line: Int, _ column: Int) -> SourceLocation {
            let name = header.flatMap { column <= $0.count ? $0[column - 1] : nil }
            return SourceLocation(file: fileName, line: line, column: column, columnName: name)
        }
        func text(_ start: Int, _ end: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<min(end, start + 160)]), as: UTF8.self)
        }

        while i < n {
            let recordStart = i, recordLine = line
            // Skip completely empty lines.
            if buffer[i] == lineFeed { line += 1; i += 1; continue }
            if buffer[i] == carriageReturn {
                if i + 1 < n {
                    if buffer[i + 1] == lineFeed { line += 1; i += 2; continue }
                } else if !isFinal {
                    return recordStart
                }
            }

            record.removeAll()
            var endOfRecord = false
            while !endOfRecord {
                let fieldLine = line
                var highBits: UInt8 = 0
                if i < n, buffer[i] == quote {
                    i += 1
                    let start = i
                    var flags = CSVRecord.quotedFlag
                    while true {
                        guard i < n else {
                            if !isFinal { line = recordLine; return recordStart }
                            throw CohortDataError.unterminatedQuote(
                                location(fieldLine, record.count + 1), text: unescaped(buffer, start, i))
                        }
                        let byte = buffer[i]
                        if byte == quote {
                            if i + 1 < n {
                                if buffer[i + 1] == quote {
                                    flags |= CSVRecord.escapedFlag
                                    i += 2
                                    continue
                                }
                            } else if !isFinal {
                                line = recordLine; return recordStart
                            }
                            break
                        }
                        if byte == lineFeed { line += 1 }
                        highBits |= byte
                        i += 1
                    }
                    record.append(start: start, end: i, line: fieldLine, flags: flags)
                    i += 1  // the closing quote
                    if i >= n {
                        if !isFinal { line = recordLine; return recordStart }
                        endOfRecord = true
                    } else if buffer[i] == delimiter {
                        i += 1
                    } else if buffer[i] == lineFeed {
                        line += 1; i += 1; endOfRecord = true
                    } else if buffer[i] == carriageReturn, i + 1 < n, buffer[i + 1] == lineFeed {
                        line += 1; i += 2; endOfRecord = true
                    } else if buffer[i] == carriageReturn, i + 1 >= n, !isFinal {
                        line = recordLine; return recordStart
                    } else {
                        var stop = i
                        while stop < n, buffer[stop] != delimiter, buffer[stop] != lineFeed { stop += 1 }
                        // The excerpt must not depend on where the chunk happens to end.
                        if stop == n, !isFinal { line = recordLine; return recordStart }
                        throw CohortDataError.textAfterClosingQuote(location(line, record.count), text: text(i, stop))
                    }
                } else {
                    let start = i
                    while i < n {
                        let byte = buffer[i]
                        if byte == delimiter || byte == lineFeed { break }
                        highBits |= byte
                        i += 1
                    }
                    if i >= n && !isFinal { line = recordLine; return recordStart }
                    var end = i
                    if i >= n || buffer[i] == lineFeed {
                        if end > start, buffer[end - 1] == carriageReturn { end -= 1 }
                        if i < n { line += 1; i += 1 }
                        endOfRecord = true
                    } else {
                        i += 1  // the delimiter
                    }
                    record.append(start: start, end: end, line: fieldLine, flags: 0)
                }
                if highBits & 0x80 != 0 {
                    let field = record.count - 1
                    if String(validating: record.bytes(field), as: UTF8.self) == nil {
                        record.unescape()
                        throw CohortDataError.invalidUTF8(location(fieldLine, field + 1), bytes: Array(record.bytes(field)))
                    }
                }
            }
            record.unescape()

            if let header {
                if record.count != header.count {
                    let column = min(record.count, header.count) + 1
                    let fieldLine = record.line(min(column, record.count) - 1)
                    throw CohortDataError.raggedRow(
                        location(fieldLine, column), expected: header.count, actual: record.count)
                }
                try body(record)
            } else {
                let names = try validatedHeader(record)
                header = names
                self.header = names
                try onHeader(names)
                if stopsAfterHeader { return i }
            }
        }
        if isFinal, header == nil { throw CohortDataError.emptyFile(file: fileName) }
        return n
    }

    /// The bytes `start..<end` with `""` read as `"` (for error messages; at most 160 bytes).
    private func unescaped(_ buffer: UnsafeMutableBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        var bytes: [UInt8] = []
        var i = start
        while i < end, bytes.count < 160 {
            bytes.append(buffer[i])
            i += buffer[i] == UInt8(ascii: "\"") && i + 1 < end && buffer[i + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Header names trimmed; an empty, repeated or NUL-holding name is an error.
    private func validatedHeader(_ record: CSVRecord) throws -> [String] {
        var names: [String] = []
        var firstColumn: [String: Int] = [:]
        for index in 0..<record.count {
            let bytes = trimmed(record.bytes(index))
            let location = SourceLocation(file: fileName, line: record.line(index), column: index + 1)
            if bytes.contains(0) { throw CohortDataError.nulByte(location, text: String(decoding: bytes, as: UTF8.self)) }
            let name = String(decoding: bytes, as: UTF8.self)
            if name.isEmpty { throw CohortDataError.emptyHeaderName(location) }
            if let first = firstColumn[name] {
                throw CohortDataError.duplicateHeaderName(
                    SourceLocation(file: fileName, line: record.line(index), column: index + 1, columnName: name),
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
