import OutcomeStats

/// One streaming pass of ``CohortLoader`` over a file: header → column builders → frame.
struct LoadPass {
    /// Where a file column's values go.
    private enum Slot {
        case numeric(Int)
        case categorical(Int)
    }

    /// Identifies a group of problem cells while loading for validation.
    private struct ProblemKey: Hashable {
        let kind: CellProblem.Kind
        let column: Int
        let text: String
    }

    private let schema: CohortSchema
    private let fileName: String
    /// Undeclared columns already known to hold text (typed categorical from the start).
    private let textColumns: Set<String>
    /// Whether problem cells are collected (validation) instead of thrown at.
    private let collectsProblems: Bool

    /// Column names after aliases, in file order.
    private(set) var names: [String] = []
    private var slots: [Slot] = []
    private var numeric: [NumericColumnBuilder] = []
    private var categorical: [CategoricalColumnBuilder] = []
    /// The line of each row (only when collecting problems).
    private(set) var lineNumbers: [Int] = []
    private var problems: [ProblemKey: (location: SourceLocation, count: Int)] = [:]
    private var problemOrder: [ProblemKey] = []

    init(schema: CohortSchema, fileName: String, textColumns: Set<String>, collectsProblems: Bool) {
        self.schema = schema
        self.fileName = fileName
        self.textColumns = textColumns
        self.collectsProblems = collectsProblems
    }

    /// Streams the file. The builders are locals while records arrive, so the hot loop
    /// mutates plain arrays (no class or exclusivity overhead).
    mutating func run(reader: CSVReader, source: inout some ByteSource) throws {
        // A rough row estimate (visits are about 60 bytes) so columns rarely reallocate;
        // capacity that is never written costs address space, not memory.
        let estimatedRows = min((source.sizeHint ?? 1 << 16) / 40 + 16, 1 << 26)
        let missingTokens = schema.missingTokens.map { Array($0.utf8) }
        let fileName = self.fileName
        let collectsProblems = self.collectsProblems
        var names: [String] = []
        var slots: [Slot] = []
        var numeric: [NumericColumnBuilder] = []
        var categorical: [CategoricalColumnBuilder] = []
        var lineNumbers: [Int] = []
        var problems = self.problems
        var problemOrder = self.problemOrder

        func setUp(header: [String]) throws {
            names = try mappedNames(header)
            for name in names {
                let declared = schema.column(named: name)
                let kind = declared?.kind ?? (textColumns.contains(name) ? .categorical : .numeric)
                switch kind {
                case .numeric:
                    slots.append(.numeric(numeric.count))
                    numeric.append(NumericColumnBuilder(
                        validRange: declared?.validRange, isDeclared: declared != nil, capacity: estimatedRows))
                case .categorical:
                    slots.append(.categorical(categorical.count))
                    categorical.append(CategoricalColumnBuilder(capacity: estimatedRows))
                }
            }
        }
        func report(_ error: CohortDataError, kind: CellProblem.Kind, column: Int) throws {
            guard collectsProblems, let location = error.location else { throw error }
            let text: String
            switch error {
            case let .notANumber(_, value), let .notFinite(_, value), let .outOfRange(_, value, _): text = value
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

        _ = try reader.forEachRecord(from: &source, fileName: fileName, header: setUp) { record in
            if collectsProblems { lineNumbers.append(record.line) }
            try Self.ingest(record, slots: slots, names: names, fileName: fileName, missingTokens: missingTokens,
                            numeric: &numeric, categorical: &categorical, report: report)
        }
        self.names = names
        self.slots = slots
        self.numeric = numeric
        self.categorical = categorical
        self.lineNumbers = lineNumbers
        self.problems = problems
        self.problemOrder = problemOrder
    }

    /// Appends one record's cells to the builders, checking numbers and ranges.
    ///
    /// Numeric cells are trimmed of spaces and tabs, then a missing token or a number. A
    /// categorical cell that was quoted and is not empty is a literal label, kept verbatim
    /// (so `"NA"` in quotes is the label NA, and `" a"` keeps its space); an unquoted one is
    /// trimmed and may be a missing token.
    @inline(__always)
    private static func ingest(
        _ record: CSVRecord, slots: [Slot], names: [String], fileName: String, missingTokens: [[UInt8]],
        numeric: inout [NumericColumnBuilder], categorical: inout [CategoricalColumnBuilder],
        report: (CohortDataError, CellProblem.Kind, Int) throws -> Void
    ) throws {
        @inline(__always) func isMissing(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            if bytes.count > 2 { return false }  // every default token is short; longer ones checked below
            for token in missingTokens where bytesEqual(bytes, token) { return true }
            return false
        }
        func location(_ index: Int) -> SourceLocation {
            SourceLocation(file: fileName, line: record.lines[index], column: index + 1, columnName: names[index])
        }
        let longTokens = missingTokens.contains { $0.count > 2 }
        for index in 0..<slots.count {
            switch slots[index] {
            case .numeric(let slot):
                let bytes = trimmed(record.bytes(index))
                if isMissing(bytes) || (longTokens && missingTokens.contains { bytesEqual(bytes, $0) }) {
                    numeric[slot].values.append(.nan)
                    continue
                }
                if numeric[slot].sawText { continue }
                guard let value = DecimalParser.parse(bytes) else {
                    let text = String(decoding: bytes, as: UTF8.self)
                    if bytes.contains(0) { throw CohortDataError.nulByte(location(index), text: text) }
                    if DecimalParser.overflows(bytes) {
                        try report(.notFinite(location(index), text: text), .notFinite, index)
                    } else if numeric[slot].isDeclared {
                        try report(.notANumber(location(index), text: text), .notANumber, index)
                    } else {
                        numeric[slot].sawText = true
                        continue
                    }
                    numeric[slot].values.append(.nan)
                    continue
                }
                if let range = numeric[slot].validRange, !range.contains(value) {
                    try report(.outOfRange(location(index), text: String(decoding: bytes, as: UTF8.self), range: range),
                               .outOfRange(range), index)
                }
                numeric[slot].values.append(value)
            case .categorical(let slot):
                let raw = record.bytes(index)
                let bytes = record.isQuoted(index) && !raw.isEmpty ? raw : trimmed(raw)
                if !record.isQuoted(index) && (isMissing(bytes) || (longTokens && missingTokens.contains { bytesEqual(bytes, $0) })) {
                    categorical[slot].appendMissing()
                } else if bytes.isEmpty {
                    categorical[slot].appendMissing()
                } else if !categorical[slot].append(bytes) {
                    throw CohortDataError.nulByte(location(index), text: String(decoding: bytes, as: UTF8.self))
                }
            }
        }
    }

    /// Header names through aliases; a repeat (after aliasing) or a missing required column is an error.
    private func mappedNames(_ header: [String]) throws -> [String] {
        var firstColumn: [String: Int] = [:]
        var names: [String] = []
        for (index, original) in header.enumerated() {
            let name = schema.aliases[original] ?? original
            if let first = firstColumn[name] {
                throw CohortDataError.duplicateHeaderName(
                    SourceLocation(file: fileName, line: 1, column: index + 1, columnName: original),
                    name: name, firstColumn: first)
            }
            firstColumn[name] = index + 1
            names.append(name)
        }
        for column in schema.columns where column.isRequired && firstColumn[column.name] == nil {
            let undeclared = header.filter { schema.column(named: schema.aliases[$0] ?? $0) == nil }
            throw CohortDataError.missingColumn(
                file: fileName, name: column.name, suggestion: nearestName(to: column.name, among: undeclared))
        }
        return names
    }

    /// Undeclared columns that met text in this pass and must be reloaded as categorical.
    func undeclaredColumnsWithText() -> Set<String> {
        var result: Set<String> = []
        for (name, slot) in zip(names, slots) {
            if case .numeric(let index) = slot, numeric[index].sawText { result.insert(name) }
        }
        return result
    }

    /// The problem cells collected, in order of first occurrence.
    func cellProblems() -> [CellProblem] {
        problemOrder.map { key in
            let entry = problems[key]!
            return CellProblem(kind: key.kind, location: entry.location, text: key.text, count: entry.count)
        }
    }

    /// The frame, with `cohort` derived from `symptom_weeks` when the file lacks it.
    ///
    /// Consumes the builders' storage, so the typed columns are not copied.
    mutating func frame() throws -> Frame {
        var columns: [(String, Column)] = []
        let deriveCohort = !names.contains("cohort")
        for (name, slot) in zip(names, slots) {
            switch slot {
            case .numeric(let index):
                let values = numeric[index].values
                numeric[index].values = []
                if deriveCohort, name == "symptom_weeks" {
                    columns.append(("cohort", .categorical(
                        CohortDerivation(cutPoints: schema.cohortCutPoints).cohortColumn(symptomWeeks: values))))
                }
                columns.append((name, .numeric(values)))
            case .categorical(let index):
                columns.append((name, .categorical(categorical[index].column())))
                categorical[index] = CategoricalColumnBuilder(capacity: 0)
            }
        }
        return try Frame(columns: columns)
    }
}

/// The name among `candidates` closest to `name` — equal ignoring case and `_`/`-`/spaces,
/// or within an edit distance of 2 — or `nil`.
func nearestName(to name: String, among candidates: [String]) -> String? {
    func normalized(_ text: String) -> String {
        String(text.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }
    if let match = candidates.first(where: { normalized($0) == normalized(name) }) { return match }
    var best: (name: String, distance: Int)? = nil
    for candidate in candidates {
        let distance = editDistance(Array(name.lowercased().utf8), Array(candidate.lowercased().utf8))
        if distance <= 2, distance < (best?.distance ?? .max) { best = (candidate, distance) }
    }
    return best?.name
}

/// Levenshtein distance between two byte strings.
func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
