/// The contract a cohort file is loaded against: column kinds, instrument ranges, names,
/// missing-value tokens and cohort cut-points.
///
/// The ``default`` schema is the file contract of the design:
///
/// | column | kind | valid range |
/// |---|---|---|
/// | `patient_id` (required) | categorical | |
/// | `site`, `cohort`, `sex`, `technique` | categorical | |
/// | `symptom_weeks`, `age`, `bmi`, `sessions_per_week` | numeric | |
/// | `week` (required) | numeric | |
/// | `pain_nrs` | numeric | 0–10 |
/// | `sleep_psqi` | numeric | 0–21 |
/// | `rom_flexion_deg` | numeric | 0–120 |
/// | `mood_phq9` | numeric | 0–27 |
/// | `rmdq` (optional) | numeric | 0–24 |
/// | `odi` (optional) | numeric | 0–100 |
///
/// Columns the schema does not declare are kept: numeric when every non-missing cell parses as
/// a number (an all-missing column is numeric), otherwise categorical.
///
/// Every value is a `var`, so a spec can adjust one part:
///
/// ```swift
/// var schema = CohortSchema.default
/// schema.aliases = ["pid": "patient_id", "nrs": "pain_nrs"]
/// schema.cohortCutPoints = CohortCutPoints(acuteBelow: 4, chronicAbove: 12)
/// ```
public struct CohortSchema: Sendable, Equatable {
    /// Declared columns. Order does not matter: the frame keeps the file's column order.
    public var columns: [CohortColumn]
    /// File header name → contract name, applied before columns are matched.
    public var aliases: [String: String]
    /// Cell texts (after trimming spaces and tabs) that mean "missing"; `""`, `NA` and `.` by default.
    public var missingTokens: [String]
    /// Cut-points used to derive `cohort` from `symptom_weeks` when the file has no `cohort` column.
    public var cohortCutPoints: CohortCutPoints

    /// A schema.
    ///
    /// - Parameters:
    ///   - columns: Declared columns; names must be distinct.
    ///   - aliases: File header name → contract name.
    ///   - missingTokens: Texts meaning "missing".
    ///   - cohortCutPoints: Cut-points for deriving `cohort`.
    /// - Precondition: column names are distinct.
    public init(
        columns: [CohortColumn],
        aliases: [String: String] = [:],
        missingTokens: [String] = ["", "NA", "."],
        cohortCutPoints: CohortCutPoints = .standard
    ) {
        precondition(Set(columns.map(\.name)).count == columns.count, "schema column names must be distinct")
        self.columns = columns
        self.aliases = aliases
        self.missingTokens = missingTokens
        self.cohortCutPoints = cohortCutPoints
    }

    /// The default contract (see the table above).
    public static let `default` = CohortSchema(columns: [
        CohortColumn(name: "patient_id", kind: .categorical, isRequired: true),
        CohortColumn(name: "site", kind: .categorical),
        CohortColumn(name: "cohort", kind: .categorical),
        CohortColumn(name: "symptom_weeks", kind: .numeric),
        CohortColumn(name: "age", kind: .numeric),
        CohortColumn(name: "sex", kind: .categorical),
        CohortColumn(name: "bmi", kind: .numeric),
        CohortColumn(name: "technique", kind: .categorical),
        CohortColumn(name: "sessions_per_week", kind: .numeric),
        CohortColumn(name: "week", kind: .numeric, isRequired: true),
        CohortColumn(name: "pain_nrs", kind: .numeric, validRange: 0...10),
        CohortColumn(name: "sleep_psqi", kind: .numeric, validRange: 0...21),
        CohortColumn(name: "rom_flexion_deg", kind: .numeric, validRange: 0...120),
        CohortColumn(name: "mood_phq9", kind: .numeric, validRange: 0...27),
        CohortColumn(name: "rmdq", kind: .numeric, validRange: 0...24),
        CohortColumn(name: "odi", kind: .numeric, validRange: 0...100),
    ])

    /// The contract as models read it: every column of ``default`` keeps its type and range, but
    /// none is required, so any rectangular file loads (lme4's `sleepstudy`, a one-row-per-patient
    /// endpoint file). A feature that needs the patient or visit column (a derived `_change` or
    /// `_responder`, `cluster:patient_id`) says so when it is asked for. `outcomes validate`
    /// keeps ``default``, the full cohort contract.
    public static var analysis: CohortSchema {
        var schema = CohortSchema.default
        schema.columns = schema.columns.map { column in
            var relaxed = column
            relaxed.isRequired = false
            return relaxed
        }
        return schema
    }

    /// This schema with `names` declared categorical: a site or arm coded by numbers
    /// (`--categorical site`) is read as labels, whatever its cells look like.
    public func declaring(categorical names: [String]) -> CohortSchema {
        var schema = self
        for name in names {
            if let index = schema.columns.firstIndex(where: { $0.name == name }) {
                schema.columns[index] = CohortColumn(name: name, kind: .categorical, isRequired: schema.columns[index].isRequired)
            } else {
                schema.columns.append(CohortColumn(name: name, kind: .categorical))
            }
        }
        return schema
    }

    /// The declared column called `name`, or `nil`.
    public func column(named name: String) -> CohortColumn? {
        columns.first { $0.name == name }
    }
}
