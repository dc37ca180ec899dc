import OutcomeStats

/// One streaming pass of ``CohortLoader`` over a file: header → column builders → frame.
struct LoadPass {
    private let schema: CohortSchema
    private let fileName: String
    /// Undeclared columns already known to hold text (typed categorical from the start).
    private let textColumns: Set<String>
    /// Whether problem cells are collected (validation) instead of thrown at.
    private let collectsProblems: Bool

    /// The state of the pass once the header is known.
    private var ingest: RecordIngest?

    /// Column names after aliases, in file order.
    var names: [String] { ingest?.names ?? [] }
    /// The line of each row (only when collecting problems).
    var lineNumbers: [Int] { ingest?.lineNumbers ?? [] }

    init(schema: CohortSchema, fileName: String, textColumns: Set<String>, collectsProblems: Bool) {
        self.schema = schema
        self.fileName = fileName
        self.textColumns = textColumns
        self.collectsProblems = collectsProblems
    }

    /// Streams the file into the typed columns (see ``RecordIngest`` for how cells are read).
    mutating func run(reader: CSVReader, source: inout some ByteSource) throws {
        // A rough row estimate (visits are about 60 bytes) so columns rarely grow; capacity
        // that is never written costs address space, not memory.
        let estimatedRows = min((source.sizeHint ?? 1 << 16) / 40 + 16, 1 << 26)
        var ingest: RecordIngest? = nil
        func setUp(header: [String]) throws {
            let names = try mappedNames(header)
            var kinds: [CohortColumn.Kind] = []
            var rules: [RecordIngest.NumericRule] = []
            for name in names {
                let declared = schema.column(named: name)
                let kind = declared?.kind ?? (textColumns.contains(name) ? .categorical : .numeric)
                kinds.append(kind)
                rules.append(RecordIngest.NumericRule(validRange: declared?.validRange, isDeclared: declared != nil))
            }
            ingest = RecordIngest(fileName: fileName, names: names, kinds: kinds, rules: rules,
                                  missingTokens: schema.missingTokens, collectsProblems: collectsProblems,
                                  capacity: estimatedRows)
        }
        do {
            // One dynamic exclusivity check per record (the captured `ingest`), none per cell.
            _ = try reader.forEachRecord(from: &source, fileName: fileName, header: setUp) { record in
                try ingest!.ingest(record)
            }
        } catch {
            ingest?.storage.deallocate()
            throw error
        }
        self.ingest = ingest
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
        guard let ingest else { return [] }
        var result: Set<String> = []
        for (column, name) in ingest.names.enumerated() {
            if case .numeric(let index) = ingest.slots[column], ingest.sawText[index] { result.insert(name) }
        }
        return result
    }

    /// Frees the column storage (after ``frame()``, or when the pass is abandoned).
    func deallocate() { ingest?.storage.deallocate() }

    /// The problem cells collected, in order of first occurrence.
    func cellProblems() -> [CellProblem] { ingest?.cellProblems() ?? [] }

    /// The frame, with `cohort` derived from `symptom_weeks` when the file lacks it.
    ///
    /// Hands each column over and frees its buffer before the next, so peak memory stays
    /// near one copy of the typed columns.
    mutating func frame() throws -> Frame {
        guard var ingest else { return Frame() }
        defer { self.ingest = ingest }
        var columns: [(String, Column)] = []
        let deriveCohort = !ingest.names.contains("cohort")
        for (name, slot) in zip(ingest.names, ingest.slots) {
            switch slot {
            case .numeric(let index):
                let values = ingest.storage.takeNumbers(index)
                if deriveCohort, name == "symptom_weeks" {
                    columns.append(("cohort", .categorical(
                        CohortDerivation(cutPoints: schema.cohortCutPoints).cohortColumn(symptomWeeks: values))))
                }
                columns.append((name, .numeric(values)))
            case .categorical(let index):
                let (levels, newCode) = ingest.dictionaries[index].sortedLevels()
                columns.append((name, .categorical(CategoricalColumn(
                    levels: levels, codes: ingest.storage.takeCodes(index, mapping: newCode)))))
            }
        }
        return try Frame(columns: columns)
    }
}

/// The name among `candidates` closest to `name` — equal ignoring case and `_`/`-`/spaces,
/// or within an edit distance of 2 (or a third of the name's length, when larger) — or `nil`.
func nearestName(to name: String, among candidates: [String]) -> String? {
    func normalized(_ text: String) -> String {
        String(text.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }
    if let match = candidates.first(where: { normalized($0) == normalized(name) }) { return match }
    var best: (name: String, distance: Int)? = nil
    for candidate in candidates {
        let distance = editDistance(Array(name.lowercased().utf8), Array(candidate.lowercased().utf8))
        if distance <= max(2, name.count / 3), distance < (best?.distance ?? .max) { best = (candidate, distance) }
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
