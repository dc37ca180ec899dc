import CohortData
import OutcomeReports

/// Output formats of `outcomes validate`.
public enum ValidationOutputFormat: String, Sendable, CaseIterable {
    /// One line per finding (`file:line:column (name): message`), then a summary line.
    case text
    /// A JSON object: file, rows, patients, counts per severity, and every finding.
    case json
}

/// The outcome of `outcomes validate`: the rendered report and the exit status.
public struct ValidationOutcome: Sendable, Equatable {
    /// What to print on standard output.
    public let output: String
    /// 0 when no finding is an error, 1 when some are, 2 when the file could not be read as CSV.
    public let exitStatus: Int32
}

/// Validation of one cohort file, as `outcomes validate` asks for it.
///
/// ```swift
/// let outcome = ValidationRequest(dataPath: "cohort.csv", format: .text).run()
/// print(outcome.output, terminator: "")
/// exit(outcome.exitStatus)
/// ```
///
/// Every finding has a severity, a rule, the line and column of its first occurrence, the
/// value and a count (see ``CohortData/CohortValidator`` for the rules). A file that cannot be
/// read as CSV (quoting, ragged rows, encoding, header, unreadable) gives exit status 2 and its
/// one-line error as the only finding.
public struct ValidationRequest: Sendable {
    /// The CSV file.
    public let dataPath: String
    /// Text or JSON.
    public let format: ValidationOutputFormat
    /// The validator (schema ranges, invariant columns, cut-points).
    public let validator: CohortValidator

    /// A request.
    public init(dataPath: String, format: ValidationOutputFormat = .text, validator: CohortValidator = CohortValidator()) {
        self.dataPath = dataPath
        self.format = format
        self.validator = validator
    }

    /// A validator with the default contract, `ranges` replacing instrument ranges (or adding a
    /// range to a column), and the cohort cut-points when given.
    ///
    /// - Parameters:
    ///   - ranges: Column → valid range; a column the schema does not declare becomes a
    ///     declared numeric column with that range.
    ///   - acuteBelow: Symptom weeks below which an episode is acute.
    ///   - chronicAbove: Symptom weeks above which an episode is chronic.
    /// - Precondition: `acuteBelow <= chronicAbove`, both finite.
    public static func validator(ranges: [String: ClosedRange<Double>], acuteBelow: Double = 6,
                                 chronicAbove: Double = 12) -> CohortValidator {
        var schema = CohortSchema.default
        for (name, range) in ranges.sorted(by: { $0.key < $1.key }) {
            if let index = schema.columns.firstIndex(where: { $0.name == name }) {
                schema.columns[index] = CohortColumn(name: name, kind: .numeric, validRange: range,
                                                     isRequired: schema.columns[index].isRequired)
            } else {
                schema.columns.append(CohortColumn(name: name, kind: .numeric, validRange: range))
            }
        }
        schema.cohortCutPoints = CohortCutPoints(acuteBelow: acuteBelow, chronicAbove: chronicAbove)
        return CohortValidator(schema: schema)
    }

    /// Validates and renders.
    public func run() -> ValidationOutcome {
        do {
            let report = try validator.validate(path: dataPath)
            return ValidationOutcome(output: render(report), exitStatus: report.hasErrors ? 1 : 0)
        } catch let error as CohortDataError {
            return ValidationOutcome(output: renderUnreadable(error), exitStatus: 2)
        } catch {
            return ValidationOutcome(output: renderUnreadable(.unreadableFile(path: dataPath, reason: "\(error)")), exitStatus: 2)
        }
    }

    private func render(_ report: ValidationReport) -> String {
        let errors = report.count(of: .error), warnings = report.count(of: .warning)
        switch format {
        case .text:
            var lines = report.findings.map { "\($0.severity.rawValue): [\($0.rule.rawValue)] \($0.message)" }
            lines.append("\(report.fileName): \(report.rowCount) rows, \(report.patientCount) patients; "
                         + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
            return lines.joined(separator: "\n") + "\n"
        case .json:
            let findings: [JSONValue] = report.findings.map { finding in
                .object([
                    ("severity", .string(finding.severity.rawValue)),
                    ("rule", .string(finding.rule.rawValue)),
                    ("line", finding.line.map { .integer($0) } ?? .null),
                    ("column", finding.column.map { .integer($0) } ?? .null),
                    ("column_name", finding.columnName.map { .string($0) } ?? .null),
                    ("value", finding.value.map { .string($0) } ?? .null),
                    ("count", .integer(finding.count)),
                    ("message", .string(finding.message)),
                ])
            }
            return JSONValue.object([
                ("file", .string(report.fileName)),
                ("readable", .bool(true)),
                ("rows", .integer(report.rowCount)),
                ("patients", .integer(report.patientCount)),
                ("errors", .integer(errors)),
                ("warnings", .integer(warnings)),
                ("findings", .array(findings)),
            ]).rendered(pretty: true)
        }
    }

    /// What `validate` adds when a file lacks a column every cohort file has: it is not a long
    /// cohort in the contract, which `fit`, `run`, `compare` and `describe` do not require.
    static let notACohortNote = "This is not a cohort file in the contract (one row per patient per visit, with "
        + "patient_id and week): outcomes validate checks cohort files; outcomes fit and run read any rectangular file."

    private func renderUnreadable(_ error: CohortDataError) -> String {
        let note: String? = if case .missingColumn = error { Self.notACohortNote } else { nil }
        switch format {
        case .text:
            return "error: [unreadable] \(error.description)\n" + (note.map { "note: \($0)\n" } ?? "")
        case .json:
            let location = error.location
            return JSONValue.object([
                ("file", .string(dataPath)),
                ("readable", .bool(false)),
                ("errors", .integer(1)),
                ("warnings", .integer(0)),
                ("findings", .array([.object([
                    ("severity", .string("error")),
                    ("rule", .string("unreadable")),
                    ("line", location.map { .integer($0.line) } ?? .null),
                    ("column", location?.column.map { .integer($0) } ?? .null),
                    ("column_name", location?.columnName.map { .string($0) } ?? .null),
                    ("value", .null),
                    ("count", .integer(1)),
                    ("message", .string(error.description + (note.map { " " + $0 } ?? ""))),
                ])])),
            ]).rendered(pretty: true)
        }
    }
}
