import OutcomeStats

/// Checks a cohort file against the schema and the domain's rules, reporting every finding
/// instead of stopping at the first.
///
/// ```swift
/// let report = try CohortValidator().validate(path: "cohort.csv")
/// for finding in report.findings { print(finding.message) }
/// ```
///
/// | rule | severity | what |
/// |---|---|---|
/// | `number`, `finite` | error | text, or a number too large, in a numeric column |
/// | `range` | error | a value outside its instrument's range (``CohortSchema`` ranges, configurable) |
/// | `duplicate-visit` | error | two rows for one (patient, week) |
/// | `baseline-invariant` | error | age, sex, cohort or technique changing within a patient |
/// | `cohort-duration` | error | a cohort label contradicting `symptom_weeks` under the cut-points |
/// | `missing-baseline` | warning | a patient without a week-0 visit |
/// | `deep-tissue-acute` | warning | deep tissue work in the acute cohort (usually not advised) |
/// | `missing-values` | info | the number of missing values of each column that has any |
/// | `no-rows` | error | a header without data rows |
///
/// A file that cannot be read as CSV at all (quoting, ragged rows, encoding, header) is not
/// validated: ``validate(path:)`` throws its ``CohortDataError``.
public struct CohortValidator: Sendable {
    /// Column kinds, ranges, aliases, missing tokens and cohort cut-points.
    public var schema: CohortSchema
    /// Columns that describe a patient at baseline and must not change between visits.
    public var invariantColumns: [String]
    /// The patient identifier column.
    public var patientColumn: String
    /// The visit time column.
    public var timeColumn: String
    /// The time of the baseline visit.
    public var baselineWeek: Double
    /// The technique label of deep tissue work.
    public var deepTissueLabel: String
    /// The CSV dialect.
    public var reader: CSVReader

    /// A validator with the default contract and rules.
    public init(schema: CohortSchema = .default, invariantColumns: [String] = ["age", "sex", "cohort", "technique"],
                patientColumn: String = "patient_id", timeColumn: String = "week", baselineWeek: Double = 0,
                deepTissueLabel: String = "deep_tissue", reader: CSVReader = CSVReader()) {
        self.schema = schema
        self.invariantColumns = invariantColumns
        self.patientColumn = patientColumn
        self.timeColumn = timeColumn
        self.baselineWeek = baselineWeek
        self.deepTissueLabel = deepTissueLabel
        self.reader = reader
    }

    /// Validates the file at `path`.
    ///
    /// - Throws: ``CohortDataError`` when the file cannot be read as CSV.
    public func validate(path: String) throws -> ValidationReport {
        validate(try CohortLoader(schema: schema, reader: reader).loadForValidation(path: path))
    }

    /// Validates a file's bytes.
    ///
    /// - Throws: ``CohortDataError`` when the bytes cannot be read as CSV.
    public func validate(data: [UInt8], fileName: String) throws -> ValidationReport {
        validate(try CohortLoader(schema: schema, reader: reader).loadForValidation(data: data, fileName: fileName))
    }

    /// Validates a cohort loaded with ``CohortLoader/loadForValidation(path:)``.
    public func validate(_ loaded: LoadedCohort) -> ValidationReport {
        let checks = RowChecks(loaded: loaded, validator: self)
        var findings = loaded.cellProblems.map { checks.finding(for: $0) }
        findings += checks.rowFindings()
        findings += checks.missingValueFindings()
        if loaded.frame.rowCount == 0 {
            findings.append(ValidationFinding(
                severity: .error, rule: .noRows, line: 1, column: nil, columnName: nil, value: nil, count: 0,
                message: "\(escapingControlCharacters(loaded.fileName)):1: the file has a header but no data rows; "
                    + "a cohort file has one row per patient per visit"))
        }
        findings.sort { a, b in
            if a.severity != b.severity { return a.severity < b.severity }
            if (a.line ?? .max) != (b.line ?? .max) { return (a.line ?? .max) < (b.line ?? .max) }
            if (a.column ?? .max) != (b.column ?? .max) { return (a.column ?? .max) < (b.column ?? .max) }
            return a.rule.rawValue < b.rule.rawValue
        }
        return ValidationReport(fileName: loaded.fileName, rowCount: loaded.frame.rowCount,
                                patientCount: checks.patientCount, findings: findings)
    }
}
