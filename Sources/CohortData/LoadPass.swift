import OutcomeStats

/// One streaming pass of ``CohortLoader`` over a file: header → column builders → frame.
struct LoadPass {
    /// Where a file column's values go.
    private enum Slot {
        case numeric(Int)
        case categorical(Int)
    }

    private let schema: CohortSchema
    private let fileName: String
    /// Undeclared columns already known to hold text (typed categorical from the start).
    private let textColumns: Set<String>

    /// Column names after aliases, in file order.
    private(set) var names: [String] = []
    private var slots: [Slot] = []
    private var numeric: [NumericColumnBuilder] = []
    private var categorical: [CategoricalColumnBuilder] = []

    init(schema: CohortSchema, fileName: String, textColumns: Set<String>) {
        self.schema = schema
        self.fileName = fileName
        self.textColumns = textColumns
    }

    /// Streams the file. The builders are locals while records arrive, so the hot loop
    /// mutates plain arrays (no class or exclusivity overhead).
    mutating func run(reader: CSVReader, buffer: inout [UInt8]) throws {
        // A rough row estimate (visits are about 60 bytes) so columns rarely reallocate.
        let estimatedRows = min(buffer.count / 40 + 16, 1 << 24)
        let missingTokens = schema.missingTokens.map { Array($0.utf8) }
        let fileName = self.fileName
        var names: [String] = []
        var slots: [Slot] = []
        var numeric: [NumericColumnBuilder] = []
        var categorical: [CategoricalColumnBuilder] = []

        func setUp(header: [String]) throws {
            names = try mappedNames(header)
            for name in names {
                let kind = schema.column(named: name)?.kind ?? (textColumns.contains(name) ? .categorical : .numeric)
                switch kind {
                case .numeric:
                    slots.append(.numeric(numeric.count))
                    numeric.append(NumericColumnBuilder(
                        validRange: schema.column(named: name)?.validRange,
                        isDeclared: schema.column(named: name) != nil, capacity: estimatedRows))
                case .categorical:
                    slots.append(.categorical(categorical.count))
                    categorical.append(CategoricalColumnBuilder(capacity: estimatedRows))
                }
            }
        }

        _ = try reader.forEachRecord(in: &buffer, fileName: fileName, header: setUp) { record in
            // One exclusive access to the captured arrays per record, not per cell.
            try Self.ingest(record, slots: slots, names: names, fileName: fileName, missingTokens: missingTokens,
                            numeric: &numeric, categorical: &categorical)
        }
        self.names = names
        self.slots = slots
        self.numeric = numeric
        self.categorical = categorical
    }

    /// Appends one record's cells to the builders, checking numbers and ranges.
    private static func ingest(
        _ record: CSVRecord, slots: [Slot], names: [String], fileName: String, missingTokens: [[UInt8]],
        numeric: inout [NumericColumnBuilder], categorical: inout [CategoricalColumnBuilder]
    ) throws {
        func isMissing(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            for token in missingTokens where bytesEqual(bytes, token) { return true }
            return false
        }
        func location(_ index: Int) -> SourceLocation {
            SourceLocation(file: fileName, line: record.lines[index], column: index + 1, columnName: names[index])
        }
        for index in 0..<slots.count {
            let bytes = trimmed(record.bytes(index))
            switch slots[index] {
            case .numeric(let slot):
                if isMissing(bytes) {
                    numeric[slot].values.append(.nan)
                    continue
                }
                if numeric[slot].sawText { continue }
                guard let value = DecimalParser.parse(bytes) else {
                    if numeric[slot].isDeclared {
                        throw CohortDataError.notANumber(location(index), text: String(decoding: bytes, as: UTF8.self))
                    }
                    numeric[slot].sawText = true
                    continue
                }
                if let range = numeric[slot].validRange, !range.contains(value) {
                    throw CohortDataError.outOfRange(
                        location(index), text: String(decoding: bytes, as: UTF8.self), range: range)
                }
                numeric[slot].values.append(value)
            case .categorical(let slot):
                if isMissing(bytes) { categorical[slot].appendMissing() } else { categorical[slot].append(bytes) }
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

    /// The frame, with `cohort` derived from `symptom_weeks` when the file lacks it.
    func frame() throws -> Frame {
        var columns: [(String, Column)] = []
        let deriveCohort = !names.contains("cohort")
        for (name, slot) in zip(names, slots) {
            switch slot {
            case .numeric(let index):
                let values = numeric[index].values
                if deriveCohort, name == "symptom_weeks" {
                    let cutPoints = schema.cohortCutPoints
                    columns.append(("cohort", .categorical(CategoricalColumn(values.map(cutPoints.cohort(forSymptomWeeks:))))))
                }
                columns.append((name, .numeric(values)))
            case .categorical(let index):
                columns.append((name, .categorical(categorical[index].column())))
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
