import Dispatch
import OutcomeStats

/// One streaming pass of ``CohortLoader`` over a file: header → column builders → frame.
struct LoadPass {
    private let schema: CohortSchema
    private let fileName: String
    /// Undeclared columns already known to hold text (typed categorical from the start).
    private let textColumns: Set<String>
    /// Whether problem cells are collected (validation) instead of thrown at.
    private let collectsProblems: Bool
    /// The columns the frame keeps.
    private let columns: ColumnSelection

    /// The state of the pass once the header is known.
    private var ingest: RecordIngest?
    /// The columns of the second half of a file read in parallel, and its label codes mapped
    /// into ``ingest``'s dictionaries (per categorical column).
    private var tail: ColumnStorage?
    private var tailCodeMaps: [[Int32]] = []

    /// Column names after aliases, in file order.
    var names: [String] { ingest?.names ?? [] }
    /// The line of each row (only when collecting problems).
    var lineNumbers: [Int] { ingest?.lineNumbers ?? [] }

    init(schema: CohortSchema, fileName: String, textColumns: Set<String>, collectsProblems: Bool,
         columns: ColumnSelection = .all) {
        self.schema = schema
        self.fileName = fileName
        self.textColumns = textColumns
        self.collectsProblems = collectsProblems
        self.columns = columns
    }

    /// Streams the file into the typed columns (see ``RecordIngest`` for how cells are read).
    ///
    /// A file of at least `parallelMinimumBytes` that can be read out of order is parsed in two
    /// halves at once (see ``runInParallel(reader:source:size:)``); otherwise in one pass.
    mutating func run(reader: CSVReader, source: inout some ByteSource, parallelMinimumBytes: Int = .max) throws {
        if let size = source.sizeHint, size >= parallelMinimumBytes,
           try runInParallel(reader: reader, source: source, size: size) {
            return
        }
        let capacity = Self.estimatedRows(bytes: source.sizeHint)
        var ingest: RecordIngest? = nil
        func setUp(header: [String]) throws {
            ingest = try makeIngest(header: header, capacity: capacity)
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

    /// A rough row estimate (visits are about 60 bytes) so columns rarely grow; capacity that
    /// is never written costs address space, not memory.
    private static func estimatedRows(bytes: Int?) -> Int {
        min((bytes ?? 1 << 16) / 40 + 16, 1 << 26)
    }

    /// The ingest state for a file with `header`.
    private func makeIngest(header: [String], capacity: Int) throws -> RecordIngest {
        let names = try mappedNames(header)
        // `symptom_weeks` is read when `cohort` is wanted but must be derived from it.
        let derivesCohort = columns.contains("cohort") && !names.contains("cohort")
        var kinds: [CohortColumn.Kind] = []
        var rules: [RecordIngest.NumericRule] = []
        var kept: [Bool] = []
        for name in names {
            let declared = schema.column(named: name)
            kinds.append(declared?.kind ?? (textColumns.contains(name) ? .categorical : .numeric))
            rules.append(RecordIngest.NumericRule(validRange: declared?.validRange, isDeclared: declared != nil))
            kept.append(columns.contains(name) || (derivesCohort && name == "symptom_weeks"))
        }
        return RecordIngest(fileName: fileName, names: names, kinds: kinds, rules: rules, kept: kept,
                            missingTokens: schema.missingTokens, collectsProblems: collectsProblems, capacity: capacity)
    }

    /// Parses the two halves of the file on two threads, speculatively.
    ///
    /// The header is read first; the split is the first line feed after the middle of the
    /// file. The first half is parsed as the start of a file and must end exactly at the split
    /// with every record complete — then the split is a record boundary (not a line feed inside
    /// a quoted field) and the second half, parsed as records from the split on, is exactly what
    /// one pass would have read. Its line numbers are then shifted by the first half's lines,
    /// its labels merged into the first half's dictionaries. The first error in file order wins.
    ///
    /// - Returns: `false` when the split turned out not to be a record boundary (or the file
    ///   cannot be split): the caller then reads the file in one pass.
    private mutating func runInParallel<Source: ByteSource>(reader: CSVReader, source: Source, size: Int) throws -> Bool {
        guard var headerSource = try source.slice(0..<size) else { return false }
        var headerParser = CSVChunkParser(delimiter: reader.delimiter, fileName: fileName)
        headerParser.stopsAfterHeader = true
        let headerEnd = try reader.stream(&headerSource, parser: &headerParser, finalAtEnd: true, { _ in }, { _ in })
        guard let header = headerParser.header else { return false }

        // The split: just after the first line feed past the middle.
        let middle = max(headerEnd, size / 2)
        guard var probe = try source.slice(middle..<min(size, middle + (1 << 16))) else { return false }
        var window = [UInt8](repeating: 0, count: 1 << 16)
        let read = try window.withUnsafeMutableBytes { try probe.read(into: $0) }
        guard let lineFeed = window[0..<read].firstIndex(of: UInt8(ascii: "\n")) else { return false }
        let split = middle + lineFeed + 1
        guard split > headerEnd, split < size,
              let first = try source.slice(headerEnd..<split), let second = try source.slice(split..<size) else { return false }

        let halves = [
            Half(source: first, parser: CSVChunkParser(delimiter: reader.delimiter, fileName: fileName, header: header,
                                                       line: headerParser.line),
                 ingest: try makeIngest(header: header, capacity: Self.estimatedRows(bytes: split - headerEnd)), isLast: false),
            Half(source: second, parser: CSVChunkParser(delimiter: reader.delimiter, fileName: fileName, header: header, line: 1),
                 ingest: try makeIngest(header: header, capacity: Self.estimatedRows(bytes: size - split)), isLast: true),
        ]
        DispatchQueue.concurrentPerform(iterations: 2) { index in halves[index].run(reader: reader) }

        let (a, b) = (halves[0], halves[1])
        if let error = a.error {
            a.ingest.storage.deallocate(); b.ingest.storage.deallocate()
            throw error
        }
        guard a.end == split - headerEnd else {
            // A quoted field spans the split: read the whole file in one pass instead.
            a.ingest.storage.deallocate(); b.ingest.storage.deallocate()
            return false
        }
        let lineOffset = a.parser.line - 1
        if let error = b.error {
            a.ingest.storage.deallocate(); b.ingest.storage.deallocate()
            throw (error as? CohortDataError)?.shiftingLines(by: lineOffset) ?? error
        }
        var ingest = a.ingest
        tailCodeMaps = ingest.absorb(b.ingest, lineOffset: lineOffset)
        tail = b.ingest.storage
        self.ingest = ingest
        return true
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
    func deallocate() {
        ingest?.storage.deallocate()
        tail?.deallocate()
    }

    /// The problem cells collected, in order of first occurrence.
    func cellProblems() -> [CellProblem] { ingest?.cellProblems() ?? [] }

    /// The frame, with `cohort` derived from `symptom_weeks` when the file lacks it, restricted
    /// to the selected columns.
    ///
    /// When the file was read in two halves, the columns are handed over two at a time, one per
    /// thread (copying a million-row column is mostly first-touch page faults, which two cores
    /// take in half the time); each frees
    /// its buffers as soon as it is copied, so peak memory stays near one copy of the typed
    /// columns plus two columns.
    mutating func frame() throws -> Frame {
        guard var ingest else { return Frame() }
        defer { self.ingest = ingest }
        let assembly = FrameAssembly(pass: self, ingest: ingest, tail: tail, tailCodeMaps: tailCodeMaps,
                                     cutPoints: schema.cohortCutPoints)
        if tail != nil {
            DispatchQueue.concurrentPerform(iterations: ingest.names.count) { assembly.handOver($0) }
        } else {
            for column in ingest.names.indices { assembly.handOver(column) }
        }
        ingest.storage.forgetBuffers()
        tail?.forgetBuffers()
        return try Frame(columns: assembly.columns)
    }

    /// Whether the frame keeps column `name`.
    fileprivate func keeps(_ name: String) -> Bool { columns.contains(name) }
}

/// The typed columns of a finished pass being turned into frame columns, one file column per
/// call of ``handOver(_:)`` (each call touches only its own column, so calls may run at once).
private final class FrameAssembly: @unchecked Sendable {
    private let names: [String]
    private let slots: [RecordIngest.Slot]
    private let dictionaries: [LabelDictionary]
    private let storage: ColumnStorage
    private let tail: ColumnStorage?
    private let tailCodeMaps: [[Int32]]
    private let kept: [Bool]
    private let derivesCohort: Bool
    private let cutPoints: CohortCutPoints
    /// The frame columns of each file column (none, one, or `cohort` and `symptom_weeks`);
    /// each call of ``handOver(_:)`` writes only its own element.
    private let results: UnsafeMutableBufferPointer<[(String, Column)]>

    init(pass: LoadPass, ingest: RecordIngest, tail: ColumnStorage?, tailCodeMaps: [[Int32]], cutPoints: CohortCutPoints) {
        names = ingest.names
        slots = ingest.slots
        dictionaries = ingest.dictionaries
        storage = ingest.storage
        self.tail = tail
        self.tailCodeMaps = tailCodeMaps
        kept = ingest.names.map { pass.keeps($0) }
        derivesCohort = !ingest.names.contains("cohort") && pass.keeps("cohort")
        self.cutPoints = cutPoints
        results = .allocate(capacity: ingest.names.count)
        results.initialize(repeating: [])
    }

    deinit {
        results.deinitialize()
        results.deallocate()
    }

    /// The frame columns, in file order.
    var columns: [(String, Column)] { results.flatMap { $0 } }

    func handOver(_ column: Int) {
        let name = names[column]
        var result: [(String, Column)] = []
        switch slots[column] {
        case .skipped:
            break
        case .numeric(let index):
            let values = storage.handOverNumbers(index, tail: tail)
            if derivesCohort, name == "symptom_weeks" {
                result.append(("cohort", .categorical(CohortDerivation(cutPoints: cutPoints).cohortColumn(symptomWeeks: values))))
            }
            if kept[column] { result.append((name, .numeric(values))) }
        case .categorical(let index):
            let (levels, newCode) = dictionaries[index].sortedLevels()
            let codes = storage.handOverCodes(index, mapping: newCode, tail: tail,
                                              tailMap: tail == nil ? [] : tailCodeMaps[index])
            result.append((name, .categorical(CategoricalColumn(levels: levels, codes: codes))))
        }
        results[column] = result
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

/// One half of a file read in parallel, with its result (each half is touched by one thread).
private final class Half: @unchecked Sendable {
    var source: any ByteSource
    var parser: CSVChunkParser
    var ingest: RecordIngest
    let isLast: Bool
    /// Offset (in the half) of the first byte not consumed.
    var end = 0
    var error: Error?

    init(source: any ByteSource, parser: CSVChunkParser, ingest: RecordIngest, isLast: Bool) {
        self.source = source
        self.parser = parser
        self.ingest = ingest
        self.isLast = isLast
    }

    func run(reader: CSVReader) {
        var ingest = self.ingest
        defer { self.ingest = ingest }
        do {
            end = try reader.stream(&source, parser: &parser, finalAtEnd: isLast, { _ in }) { record in
                try ingest.ingest(record)
            }
        } catch {
            self.error = error
        }
    }
}
