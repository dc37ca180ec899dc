/// How serious a validation finding is.
public enum ValidationSeverity: String, Sendable, Equatable, Hashable, CaseIterable, Comparable {
    /// The data are wrong; `outcomes validate` exits with status 1.
    case error
    /// Worth a look (for example deep tissue work in the acute cohort); not a failure.
    case warning
    /// Information, such as the count of missing values of a column.
    case info

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The rules ``CohortValidator`` checks; the raw value is the rule's name in reports.
public enum ValidationRule: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Text in a numeric column.
    case notANumber = "number"
    /// A number too large for a `Double`.
    case notFinite = "finite"
    /// A value outside its instrument's range.
    case outOfRange = "range"
    /// Two or more rows for the same patient and week.
    case duplicateVisit = "duplicate-visit"
    /// A column that describes the patient at baseline (age, sex, cohort, technique) changes
    /// between the patient's visits.
    case baselineInvariant = "baseline-invariant"
    /// A patient without a baseline (week 0) visit.
    case missingBaseline = "missing-baseline"
    /// A cohort label that contradicts the symptom duration under the cut-points.
    case cohortDuration = "cohort-duration"
    /// Deep tissue work given to an acute-cohort patient (usually not advised).
    case deepTissueAcute = "deep-tissue-acute"
    /// Missing values of a column (counted, never dropped silently).
    case missingValues = "missing-values"
    /// A header but no data rows.
    case noRows = "no-rows"
    /// A `"` inside an unquoted field: RFC 4180 forbids it, the reader keeps it (warning).
    case quoteInUnquotedField = "quote"
}

/// One finding of ``CohortValidator``: a problem, where it first occurs, and how often.
///
/// Findings group occurrences: cells of one column with the same problem and text; rows of
/// one patient breaking the same row rule. ``line`` and ``column`` locate the first
/// occurrence; ``count`` says how many there are.
public struct ValidationFinding: Sendable, Equatable, Hashable {
    /// Error, warning or information.
    public let severity: ValidationSeverity
    /// The rule.
    public let rule: ValidationRule
    /// The 1-based line of the first occurrence, when the finding concerns rows.
    public let line: Int?
    /// The 1-based column in the file, when the column is in the file.
    public let column: Int?
    /// The column's name.
    public let columnName: String?
    /// The offending value (or, for row rules, a short description of it).
    public let value: String?
    /// How many cells or rows the finding covers.
    public let count: Int
    /// What is wrong and how to fix it, one line.
    public let message: String

    /// A finding.
    public init(severity: ValidationSeverity, rule: ValidationRule, line: Int?, column: Int?, columnName: String?,
                value: String?, count: Int, message: String) {
        self.severity = severity
        self.rule = rule
        self.line = line
        self.column = column
        self.columnName = columnName
        self.value = value
        self.count = count
        self.message = message
    }
}

/// Everything ``CohortValidator`` found in one file.
public struct ValidationReport: Sendable, Equatable {
    /// The file as named to the validator.
    public let fileName: String
    /// Data rows read.
    public let rowCount: Int
    /// Distinct patients.
    public let patientCount: Int
    /// Findings: errors first, then warnings, then information; within each by line and column.
    public let findings: [ValidationFinding]

    /// A report.
    public init(fileName: String, rowCount: Int, patientCount: Int, findings: [ValidationFinding]) {
        self.fileName = fileName
        self.rowCount = rowCount
        self.patientCount = patientCount
        self.findings = findings
    }

    /// Number of findings of `severity`.
    public func count(of severity: ValidationSeverity) -> Int {
        findings.filter { $0.severity == severity }.count
    }

    /// Whether any finding is an error.
    public var hasErrors: Bool { findings.contains { $0.severity == .error } }
}
