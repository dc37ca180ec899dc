import OutcomeStats

/// Loads a cohort CSV file into a ``OutcomeStats/Frame``, validating it against a ``CohortSchema``.
///
/// ```swift
/// let frame = try CohortLoader().load(path: "Datasets/cohort.csv")
/// frame["pain_nrs"]      // .numeric([...]), NaN where missing
/// ```
///
/// What loading does, in order:
///
/// 1. Streams the file as RFC 4180 CSV (see ``CSVReader``) straight into typed columns
///    (numbers as `[Double]`, labels dictionary-encoded with a last-value cache), so memory stays
///    near the size of those columns; files of 8 MiB and more are parsed in two halves on two
///    threads (``parallelMinimumBytes``). The first record is the header.
/// 2. Renames header names through ``CohortSchema/aliases`` and rejects a file that lacks a
///    required column, suggesting a near match.
/// 3. Trims spaces and tabs around every cell, so `" 6.5 "` is the number 6.5 and `" acute"`
///    the label `acute`. A cell that is then empty, `NA` or `.` (``CohortSchema/missingTokens``)
///    is missing: `NaN` in a numeric column, code `-1` in a categorical one. Missing values are
///    kept, never dropped; ``OutcomeStats/Column/missingCount`` counts them. A label written
///    between quotes is literal: `"NA"` is the label NA and `" a"` keeps its space (this is
///    what lets ``CSVWriter`` output read back identically).
/// 4. Parses numeric cells as decimal numbers (correctly rounded: exact power-of-ten fast path, `strtod`-equivalent otherwise; no
///    `nan`, `inf`, hex or thousands separators; `1e400` is too large). Text in a declared
///    numeric column is an error naming the cell; a value outside the column's
///    ``CohortColumn/validRange`` is an error naming the cell. ``loadForValidation(path:)``
///    collects every such cell instead (for `outcomes validate`).
/// 5. Types undeclared columns from their contents: numeric when every non-missing cell is a
///    number (also when every cell is missing), otherwise categorical.
/// 6. When the file has `symptom_weeks` but no `cohort`, derives `cohort` with
///    ``CohortSchema/cohortCutPoints`` and inserts it just before `symptom_weeks`.
///
/// Columns keep the file's order; categorical levels are sorted by their UTF-8 bytes, as
/// ``OutcomeStats/CategoricalColumn/init(_:)`` sorts them.
///
/// A load can keep only some columns (``ColumnSelection``): the other columns' cells are
/// tokenized and checked as CSV (quoting, field count, UTF-8, NUL bytes) but not parsed or
/// stored, and the frame equals the full frame restricted to the selected columns.
public struct CohortLoader: Sendable {
    /// The contract files are checked against.
    public let schema: CohortSchema
    /// The CSV dialect.
    public let reader: CSVReader
    /// Files at least this large (8 MiB by default) are parsed in two halves on two threads.
    ///
    /// The split is speculative: it is kept only when the first half ends exactly at a record
    /// boundary, so the result (frame, line numbers, first error) never differs from a single
    /// pass; `Int.max` turns it off.
    public var parallelMinimumBytes = 8 << 20

    /// A loader.
    ///
    /// - Parameters:
    ///   - schema: Column kinds, ranges, aliases, missing tokens and cut-points.
    ///   - delimiter: The field delimiter; comma by default.
    public init(schema: CohortSchema = .default, delimiter: Unicode.Scalar = ",") {
        self.schema = schema
        self.reader = CSVReader(delimiter: delimiter)
    }

    /// A loader reading with `reader` (its delimiter and chunk size).
    ///
    /// - Parameters:
    ///   - schema: Column kinds, ranges, aliases, missing tokens and cut-points.
    ///   - reader: The CSV dialect.
    public init(schema: CohortSchema = .default, reader: CSVReader) {
        self.schema = schema
        self.reader = reader
    }

    /// Loads the file at `path`, streaming it in chunks; error messages name the path as given.
    ///
    /// Memory stays near the size of the typed columns (8 bytes a number, 4 a label), not the
    /// size of the file.
    ///
    /// ```swift
    /// let frame = try CohortLoader().load(path: "visits.csv", columns: .only(["pain_nrs", "week"]))
    /// ```
    ///
    /// - Parameters:
    ///   - path: A file path.
    ///   - columns: The columns to keep (see ``ColumnSelection``); all by default.
    /// - Returns: The validated frame. SPSS, Stata and SAS files (chosen by extension or magic
    ///   bytes, ``StatisticalFileFormat``) are read through ReadStat (``StatisticalFileLoader``).
    /// - Throws: ``CohortDataError``, one line starting `file:line:column:`.
    public func load(path: String, columns: ColumnSelection = .all) throws -> Frame {
        if let format = StatisticalFileFormat(path: path) {
            return try StatisticalFileLoader(schema: schema).load(path: path, format: format, columns: columns)
        }
        return try run(fileName: path, collectsProblems: false, columns: columns) { try FileByteSource(path: path) }.frame
    }

    /// Loads a file's contents.
    ///
    /// - Parameters:
    ///   - data: The bytes of the file.
    ///   - fileName: The name used in error messages.
    ///   - columns: The columns to keep (see ``ColumnSelection``); all by default.
    /// - Returns: The validated frame.
    /// - Throws: ``CohortDataError``, one line starting `file:line:column:`.
    /// - Complexity: O(*n*) in the bytes; a second pass only when an undeclared column turns
    ///   out to hold text after its first cells looked numeric.
    public func load(data: [UInt8], fileName: String, columns: ColumnSelection = .all) throws -> Frame {
        try run(fileName: fileName, collectsProblems: false, columns: columns) { MemoryByteSource(data) }.frame
    }

    /// Loads the file at `path` for validation: problem cells (text in a numeric column, a
    /// number too large, a value out of range) are collected instead of stopping the load.
    ///
    /// ```swift
    /// let loaded = try CohortLoader().loadForValidation(path: "cohort.csv")
    /// for problem in loaded.cellProblems { print(problem.error) }
    /// ```
    ///
    /// - Parameter path: A file path.
    /// - Returns: The frame, the line of every row, and every problem cell.
    /// - Throws: ``CohortDataError`` when the file cannot be read as CSV at all (unreadable,
    ///   malformed quoting, ragged rows, invalid UTF-8, header problems, a NUL byte).
    public func loadForValidation(path: String) throws -> LoadedCohort {
        try run(fileName: path, collectsProblems: true) { try FileByteSource(path: path) }
    }

    /// ``loadForValidation(path:)`` for bytes in memory.
    public func loadForValidation(data: [UInt8], fileName: String) throws -> LoadedCohort {
        try run(fileName: fileName, collectsProblems: true) { MemoryByteSource(data) }
    }

    /// Runs passes until every undeclared column has a settled kind; `source` opens the file
    /// afresh for each pass.
    private func run<Source: ByteSource>(
        fileName: String, collectsProblems: Bool, columns: ColumnSelection = .all, source makeSource: () throws -> Source
    ) throws -> LoadedCohort {
        var textColumns: Set<String> = []
        while true {
            var source = try makeSource()
            var pass = LoadPass(schema: schema, fileName: fileName, textColumns: textColumns,
                                collectsProblems: collectsProblems, columns: columns)
            try pass.run(reader: reader, source: &source, parallelMinimumBytes: parallelMinimumBytes)
            defer { pass.deallocate() }
            let newlyText = pass.undeclaredColumnsWithText()
            if newlyText.isEmpty {
                return LoadedCohort(frame: try pass.frame(), lineNumbers: pass.lineNumbers,
                                    cellProblems: pass.cellProblems(), fileName: fileName, fileColumns: pass.names)
            }
            textColumns.formUnion(newlyText)
        }
    }
}
