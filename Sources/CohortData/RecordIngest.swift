/// The hot loop of a load: turns each record's cells into typed column entries.
///
/// Cells: a numeric cell is trimmed of spaces and tabs, then is a missing token or a decimal
/// number (see ``DecimalParser``). A categorical cell that was quoted and is not empty is a
/// literal label, kept verbatim (so `"NA"` in quotes is the label NA and `" a"` keeps its
/// space); an unquoted one is trimmed and may be a missing token.
///
/// All state lives in this one value so that ingesting a record is one mutating call: the
/// columns are manually managed buffers (``ColumnStorage``), column kinds are looked up by
/// array index, and categorical labels go through ``LabelDictionary``'s last-value cache.
struct RecordIngest {
    /// Where a file column's values go: its kind and its index among the columns of that kind.
    enum Slot {
        case numeric(Int)
        case categorical(Int)
        /// A column the frame does not keep: its cells are only checked for NUL bytes (with
        /// the message a kept column of that kind would give).
        case skipped(CohortColumn.Kind)
    }

    /// What the loader knows of one numeric column.
    struct NumericRule {
        /// Range every value must lie in, if any.
        let validRange: ClosedRange<Double>?
        /// Whether the schema declares the column numeric (text is then an error, not a retype).
        let isDeclared: Bool
    }

    /// Identifies a group of problem cells while loading for validation.
    private struct ProblemKey: Hashable {
        let kind: CellProblem.Kind
        let column: Int
        let text: String
    }

    let fileName: String
    /// Column names after aliases, in file order.
    let names: [String]
    let slots: [Slot]
    /// Per numeric column.
    private let rules: [NumericRule]
    /// Per numeric column: the valid range's bounds (±∞ without a range), so the range check
    /// is two comparisons.
    private let lowerBounds: [Double]
    private let upperBounds: [Double]
    private let missingTokens: [[UInt8]]
    private let longestToken: Int
    /// Whether no missing token reads as a number, so a numeric cell can be parsed first and
    /// compared with the tokens only when it is not a number (the same result, sooner).
    private let tokensAreNotNumbers: Bool
    private let collectsProblems: Bool
    /// Whether some column is ``Slot/skipped(_:)``.
    private let hasSkippedColumns: Bool

    var storage: ColumnStorage
    var dictionaries: [LabelDictionary]
    /// Per numeric column: set when an undeclared column met text (reload it as categorical).
    private(set) var sawText: [Bool]
    /// The line of each row (only when collecting problems).
    private(set) var lineNumbers: [Int] = []
    private var problems: [ProblemKey: (location: SourceLocation, count: Int)] = [:]
    private var problemOrder: [ProblemKey] = []

    /// - Parameters:
    ///   - names: Column names, in file order.
    ///   - kinds: Each column's kind.
    ///   - rules: Each column's numeric rule (ignored for categorical columns).
    ///   - kept: Whether each column is parsed and stored (otherwise it is ``Slot/skipped(_:)``).
    init(fileName: String, names: [String], kinds: [CohortColumn.Kind], rules: [NumericRule], kept: [Bool],
         missingTokens: [String], collectsProblems: Bool, capacity: Int) {
        self.fileName = fileName
        self.names = names
        var slots: [Slot] = []
        var numericRules: [NumericRule] = []
        var categoricalCount = 0
        for ((kind, rule), isKept) in zip(zip(kinds, rules), kept) {
            if !isKept {
                slots.append(.skipped(kind))
                continue
            }
            switch kind {
            case .numeric:
                slots.append(.numeric(numericRules.count))
                numericRules.append(rule)
            case .categorical:
                slots.append(.categorical(categoricalCount))
                categoricalCount += 1
            }
        }
        self.slots = slots
        self.hasSkippedColumns = kept.contains(false)
        self.rules = numericRules
        self.lowerBounds = numericRules.map { $0.validRange?.lowerBound ?? -.infinity }
        self.upperBounds = numericRules.map { $0.validRange?.upperBound ?? .infinity }
        self.missingTokens = missingTokens.map { Array($0.utf8) }
        self.longestToken = self.missingTokens.map(\.count).max() ?? -1
        self.tokensAreNotNumbers = !missingTokens.contains { DecimalParser.parse($0) != nil }
        self.collectsProblems = collectsProblems
        self.storage = ColumnStorage(numericColumns: numericRules.count, categoricalColumns: categoricalCount,
                                     capacity: capacity)
        self.dictionaries = Array(repeating: LabelDictionary(), count: categoricalCount)
        self.sawText = Array(repeating: false, count: numericRules.count)
    }

    /// Appends one record's cells; checks numbers and ranges.
    ///
    /// - Throws: ``CohortDataError`` for a problem cell (unless collecting problems) or a NUL byte.
    @inline(__always)
    mutating func ingest(_ record: CSVRecord) throws {
        if storage.rowCount == storage.limit { storage.extend() }
        let row = storage.rowCount
        if collectsProblems {
            lineNumbers.append(record.line)
            try reportQuotesInUnquotedFields(record)
        }
        // Unselected columns need only the NUL check: one scan of the record, not one a cell.
        let checksSkipped = hasSkippedColumns && record.mayHoldNul()
        for index in 0..<slots.count {
            switch slots[index] {
            case .numeric(let slot):
                let bytes = trimmed(record.bytes(index))
                let column = storage.numbers[slot]
                if tokensAreNotNumbers, let value = DecimalParser.parse(bytes) {
                    column[row] = value
                    if value < lowerBounds[slot] || value > upperBounds[slot] { try outOfRange(record, index, slot: slot, bytes) }
                } else if isMissing(bytes) {
                    column[row] = .nan
                } else if !tokensAreNotNumbers, let value = DecimalParser.parse(bytes) {
                    column[row] = value
                    if value < lowerBounds[slot] || value > upperBounds[slot] { try outOfRange(record, index, slot: slot, bytes) }
                } else {
                    column[row] = .nan
                    try notANumber(record, index, slot: slot, bytes)
                }
            case .categorical(let slot):
                let raw = record.bytes(index)
                let quoted = record.isQuoted(index) && !raw.isEmpty
                let bytes = quoted ? raw : trimmed(raw)
                if bytes.isEmpty || (!quoted && isMissing(bytes)) {
                    storage.codes[slot][row] = -1
                } else if let code = dictionaries[slot].code(of: bytes) {
                    storage.codes[slot][row] = code
                } else {
                    throw CohortDataError.nulByte(location(record, index), text: String(decoding: bytes, as: UTF8.self))
                }
            case .skipped(let kind):
                guard checksSkipped else { continue }
                let raw = record.bytes(index)
                if raw.contains(0) {
                    // The text a kept column would quote: a label written between quotes is literal.
                    let bytes = kind == .categorical && record.isQuoted(index) ? raw : trimmed(raw)
                    throw CohortDataError.nulByte(location(record, index), text: String(decoding: bytes, as: UTF8.self))
                }
            }
        }
        storage.rowCount = row + 1
    }

    @inline(__always)
    private func isMissing(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.count > longestToken { return false }
        for token in missingTokens where bytesEqual(bytes, token) { return true }
        return false
    }

    private func location(_ record: CSVRecord, _ index: Int) -> SourceLocation {
        SourceLocation(file: fileName, line: record.line(index), column: index + 1, columnName: names[index])
    }

    /// A number outside its column's valid range.
    private mutating func outOfRange(_ record: CSVRecord, _ index: Int, slot: Int, _ bytes: UnsafeBufferPointer<UInt8>) throws {
        let range = rules[slot].validRange!
        try report(.outOfRange(location(record, index), text: String(decoding: bytes, as: UTF8.self), range: range),
                   kind: .outOfRange(range), column: index)
    }

    /// A numeric cell that is not a number: a NUL byte, an overflow, text in a declared
    /// column (a problem), or text in an undeclared one (which will be reloaded as categorical).
    private mutating func notANumber(_ record: CSVRecord, _ index: Int, slot: Int, _ bytes: UnsafeBufferPointer<UInt8>) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        if bytes.contains(0) { throw CohortDataError.nulByte(location(record, index), text: text) }
        if DecimalParser.overflows(bytes) {
            try report(.notFinite(location(record, index), text: text), kind: .notFinite, column: index)
        } else if rules[slot].isDeclared {
            try report(.notANumber(location(record, index), text: text), kind: .notANumber, column: index)
        } else {
            sawText[slot] = true
        }
    }

    /// Records each field of `record` that holds a `"` without being quoted (validation only:
    /// the reader keeps such a quote as an ordinary character).
    private mutating func reportQuotesInUnquotedFields(_ record: CSVRecord) throws {
        for index in 0..<slots.count where !record.isQuoted(index) {
            let bytes = record.bytes(index)
            guard bytes.contains(UInt8(ascii: "\"")) else { continue }
            try report(.quoteInUnquotedField(location(record, index), text: String(decoding: bytes, as: UTF8.self)),
                       kind: .quoteInUnquotedField, column: index)
        }
    }

    /// Throws `error`, or records it when collecting problems.
    private mutating func report(_ error: CohortDataError, kind: CellProblem.Kind, column: Int) throws {
        guard collectsProblems, let location = error.location else { throw error }
        let text: String
        switch error {
        case let .notANumber(_, value), let .notFinite(_, value), let .outOfRange(_, value, _),
             let .quoteInUnquotedField(_, value): text = value
        default: throw error
        }
        let key = ProblemKey(kind: kind, column: column, text: text)
        if let existing = problems[key] {
            problems[key] = (existing.location, existing.count + 1)
        } else {
            problems[key] = (location, 1)
            problemOrder.append(key)
        }
    }

    /// The problem cells collected, in order of first occurrence.
    func cellProblems() -> [CellProblem] {
        problemOrder.map { key in
            let entry = problems[key]!
            return CellProblem(kind: key.kind, location: entry.location, text: key.text, count: entry.count)
        }
    }

    /// Takes in what `other` ingested from the rest of the file (same columns), whose lines
    /// are counted from 1 at its first record: `lineOffset` turns them into file lines.
    /// Labels, line numbers, problems and retyping flags are merged; the typed columns stay
    /// in `other.storage`, to be concatenated when the frame is built.
    ///
    /// - Returns: Per categorical column, `other`'s arrival codes → this dictionary's codes.
    mutating func absorb(_ other: RecordIngest, lineOffset: Int) -> [[Int32]] {
        var codeMaps: [[Int32]] = []
        for index in dictionaries.indices {
            codeMaps.append(other.dictionaries[index].levels.map { dictionaries[index].intern($0) })
        }
        for index in sawText.indices where other.sawText[index] { sawText[index] = true }
        lineNumbers += other.lineNumbers.map { $0 + lineOffset }
        for key in other.problemOrder {
            let entry = other.problems[key]!
            if let existing = problems[key] {
                problems[key] = (existing.location, existing.count + entry.count)
            } else {
                var location = entry.location
                location.line += lineOffset
                problems[key] = (location, entry.count)
                problemOrder.append(key)
            }
        }
        return codeMaps
    }
}
