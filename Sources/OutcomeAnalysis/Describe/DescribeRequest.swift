import CohortData
import OutcomeReports
import OutcomeStats

/// "Table 1" of a cohort file, as `outcomes describe` asks for it.
///
/// ```swift
/// print(try DescribeRequest(dataPath: "cohort.csv").run(), terminator: "")
/// ```
///
/// Loads the file (streaming, in bounded memory), takes each patient's baseline visit and
/// renders ``CohortData/BaselineTable`` as a Markdown table: one column per cohort and one
/// overall; numeric rows `mean (SD)`, `median [Q1, Q3]` and `missing`; categorical rows a
/// count per level with its percent of the patients with a value, and `missing`. Numbers have
/// one decimal (counts none), formatted identically on every machine.
public struct DescribeRequest: Sendable {
    /// The CSV file.
    public let dataPath: String
    /// The grouping column.
    public let group: String
    /// Spec-style column mapping (contract name → file header name).
    public let columnMapping: [String: String]

    /// The patient column named with `--patient`, or `nil` for `patient_id` when the file has
    /// one (each row is one patient when it has not).
    public var patient: String?
    /// The visit column named with `--visit`, or `nil` for `week` when the file has one (a
    /// patient's first row is the baseline when it has not).
    public var visit: String?

    /// A request for the Table 1 of `dataPath`, by `group`.
    public init(dataPath: String, group: String = "cohort", columnMapping: [String: String] = [:]) {
        self.dataPath = dataPath
        self.group = group
        self.columnMapping = columnMapping
    }

    /// Loads the data and renders the table.
    ///
    /// - Returns: Markdown, ending in a newline.
    /// - Throws: ``AnalysisError/data(_:)`` naming the file, line and column at fault.
    public func run() throws -> String {
        do {
            let frame = try DataCache(columnMapping: columnMapping).frame(at: dataPath)
            let patientColumn = patient ?? (frame.contains("patient_id") ? "patient_id" : nil)
            let visitColumn = visit ?? (frame.contains("week") ? "week" : nil)
            let table = try CohortData.BaselineTable(frame: frame, patient: patientColumn, time: patientColumn == nil ? nil : visitColumn,
                                                     group: group, fileName: dataPath)
            let rows = patientColumn == nil
                ? "One row per patient: the file has no 'patient_id' column (name one with --patient), so each row is a patient."
                : visitColumn == nil
                ? "One row per patient: each patient's first row (the file has no 'week' column; name one with --visit)."
                : "One row per patient: the earliest \(visitColumn!) (\(visitColumn!) 0 when present)."
            return MarkdownRenderer().render(Self.table(table, dataLabel: dataPath, rows: rows, labels: frame.variableLabels))
        } catch let error as CohortDataError {
            throw AnalysisError.data(error)
        }
    }

    /// The report table of `baseline`.
    ///
    /// - Parameter labels: variable labels by name: a labelled variable is shown as
    ///   "label (name)".
    static func table(_ baseline: CohortData.BaselineTable, dataLabel: String,
                      rows rowRule: String = "One row per patient: the earliest visit (week 0 when present).",
                      labels: [String: String] = [:]) -> Table {
        let counts = baseline.patientCounts
        var columns = [TableColumn("Characteristic")]
        for (group, count) in zip(baseline.groups + ["Overall"], counts) {
            columns.append(TableColumn("\(group) (n = \(count))", alignment: .right))
        }
        var rows: [[String]] = []
        for variable in baseline.variables {
            let name = labels[variable.name].map { "\($0) (\(variable.name))" } ?? variable.name
            switch variable.summaries {
            case .numeric(let summaries):
                rows.append(["\(name), mean (SD)"] + summaries.map {
                    $0.count == 0 ? "–" : "\(decimal($0.mean)) (\(decimal($0.standardDeviation)))"
                })
                rows.append(["\(name), median [IQR]"] + summaries.map {
                    $0.count == 0 ? "–" : "\(decimal($0.median)) [\(decimal($0.lowerQuartile)), \(decimal($0.upperQuartile))]"
                })
                rows.append(["\(name), missing"] + summaries.map { String($0.missing) })
            case .categorical(let summaries):
                rows.append(["\(name), n (%)"] + summaries.map { _ in "" })
                for (level, name) in variable.levels.enumerated() {
                    rows.append(["  \(name)"] + summaries.map { summary in
                        let n = summary.counts[level]
                        let total = summary.nonMissing
                        return total == 0 ? "0" : "\(n) (\(decimal(100 * Double(n) / Double(total))) %)"
                    })
                }
                rows.append(["\(name), missing"] + summaries.map { String($0.missing) })
            }
        }
        return Table(
            title: "Baseline characteristics by \(baseline.groupColumn) (\(dataLabel))",
            columns: columns, rows: rows,
            footnotes: [rowRule + " SD: standard deviation (n − 1); "
                        + "IQR: first and third quartiles (type 7, as R's quantile). Percentages are of patients with a value; "
                        + "missing values are counted, never dropped silently."])
    }
}

/// `value` with one decimal, rounded half away from zero, never `-0.0`; `NaN` as `–`.
func decimal(_ value: Double) -> String {
    guard value.isFinite else { return "–" }
    let scaled = (value * 10).rounded(.toNearestOrAwayFromZero)
    if scaled == 0 { return "0.0" }
    let magnitude = Int64(abs(scaled))
    return (scaled < 0 ? "-" : "") + "\(magnitude / 10).\(magnitude % 10)"
}
