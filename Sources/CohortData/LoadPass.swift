import OutcomeStats

/// One streaming pass of ``CohortLoader`` over a file: header → column builders → frame.
final class LoadPass {
    private let schema: CohortSchema
    private let fileName: String
    /// Undeclared columns already known to hold text (typed categorical from the start).
    private let textColumns: Set<String>
    private let missingTokens: [[UInt8]]

    private var names: [String] = []
    private var builders: [ColumnBuilder] = []
    private var estimatedRows = 0

    init(schema: CohortSchema, fileName: String, textColumns: Set<String>) {
        self.schema = schema
        self.fileName = fileName
        self.textColumns = textColumns
        self.missingTokens = schema.missingTokens.map { Array($0.utf8) }
    }

    func run(reader: CSVReader, buffer: inout [UInt8]) throws {
        // A rough row estimate (about 60 bytes a visit) so columns rarely reallocate.
        estimatedRows = min(buffer.count / 40 + 16, 1 << 24)
        _ = try reader.forEachRecord(in: &buffer, fileName: fileName, header: setUp) { record in
            try self.append(record)
        }
    }

    /// Maps header names through aliases, checks required columns, makes one builder a column.
    private func setUp(header: [String]) throws {
        var firstColumn: [String: Int] = [:]
        for (index, original) in header.enumerated() {
            let name = schema.aliases[original] ?? original
            if let first = firstColumn[name] {
                throw CohortDataError.duplicateHeaderName(
                    SourceLocation(file: fileName, line: 1, column: index + 1, columnName: original),
                    name: name, firstColumn: first)
            }
            firstColumn[name] = index + 1
            names.append(name)
            switch schema.column(named: name) {
            case let declared?:
                switch declared.kind {
                case .numeric:
                    builders.append(.numeric(NumericColumnBuilder(
                        validRange: declared.validRange, isDeclared: true, capacity: estimatedRows)))
                case .categorical:
                    builders.append(.categorical(CategoricalColumnBuilder(capacity: estimatedRows)))
                }
            case nil:
                if textColumns.contains(name) {
                    builders.append(.categorical(CategoricalColumnBuilder(capacity: estimatedRows)))
                } else {
                    builders.append(.numeric(NumericColumnBuilder(
                        validRange: nil, isDeclared: false, capacity: estimatedRows)))
                }
            }
        }
        for column in schema.columns where column.isRequired && firstColumn[column.name] == nil {
            let unused = header.filter { schema.column(named: schema.aliases[$0] ?? $0) == nil }
            throw CohortDataError.missingColumn(
                file: fileName, name: column.name, suggestion: nearestName(to: column.name, among: unused))
        }
    }

    @inline(__always)
    private func isMissing(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for token in missingTokens where token.count == bytes.count {
            if token.isEmpty || bytes.elementsEqual(token) { return true }
        }
        return false
    }

    private func append(_ record: CSVRecord) throws {
        for index in 0..<builders.count {
            let bytes = trimmed(record.bytes(index))
            switch builders[index] {
            case .numeric(let builder):
                if isMissing(bytes) {
                    builder.values.append(.nan)
                    continue
                }
                if builder.sawText { continue }
                guard let value = DecimalParser.parse(bytes) else {
                    if builder.isDeclared {
                        throw CohortDataError.notANumber(location(record, index), text: text(bytes))
                    }
                    builder.sawText = true
                    continue
                }
                if let range = builder.validRange, !range.contains(value) {
                    throw CohortDataError.outOfRange(location(record, index), text: text(bytes), range: range)
                }
                builder.values.append(value)
            case .categorical(let builder):
                if isMissing(bytes) { builder.appendMissing() } else { builder.append(bytes) }
            }
        }
    }

    private func location(_ record: CSVRecord, _ index: Int) -> SourceLocation {
        SourceLocation(file: fileName, line: record.lines[index], column: index + 1, columnName: names[index])
    }

    private func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Undeclared columns that met text in this pass and must be reloaded as categorical.
    func undeclaredColumnsWithText() -> Set<String> {
        var result: Set<String> = []
        for (name, builder) in zip(names, builders) {
            if case .numeric(let numeric) = builder, numeric.sawText { result.insert(name) }
        }
        return result
    }

    /// The frame, with `cohort` derived from `symptom_weeks` when the file lacks it.
    func frame() throws -> Frame {
        var columns: [(String, Column)] = []
        let deriveCohort = !names.contains("cohort")
        for (name, builder) in zip(names, builders) {
            let column = builder.column()
            if deriveCohort, name == "symptom_weeks", case .numeric(let weeks) = column {
                let cutPoints = schema.cohortCutPoints
                columns.append(("cohort", .categorical(CategoricalColumn(weeks.map(cutPoints.cohort(forSymptomWeeks:))))))
            }
            columns.append((name, column))
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
