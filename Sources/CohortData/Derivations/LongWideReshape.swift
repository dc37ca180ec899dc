import PlainText
import OutcomeStats

/// Reshapes a cohort between long format (one row per patient per visit) and wide format
/// (one row per patient, one column per outcome per visit).
///
/// ```swift
/// let reshape = LongWideReshape(values: ["pain_nrs"])
/// let wide = try reshape.wide(visits)      // patient_id, …, pain_nrs_w0, pain_nrs_w2, …
/// let long = try reshape.long(wide)        // back to one row per patient and week
/// ```
///
/// Wide columns are named `<outcome>_w<week>` (weeks in ascending order, written shortest, so
/// week 2 gives `pain_nrs_w2`). Columns that are neither the patient, the time nor a value
/// column are carried per patient from the patient's first row. Going back to long gives one
/// row per patient and week, patients in order of first appearance, weeks ascending; a
/// (patient, week) without any row in the long frame comes back as a row of missing values.
/// So `long(wide(x))` equals `x` when every patient has every week, rows are sorted by
/// patient then week, and carried columns are constant within patients.
public struct LongWideReshape: Sendable, Equatable {
    /// The patient identifier column.
    public let patient: String
    /// The visit time column (numeric).
    public let time: String
    /// The numeric columns that vary by visit.
    public let values: [String]

    /// A reshape of `values` by `patient` over `time`.
    public init(patient: String = "patient_id", time: String = "week", values: [String]) {
        self.patient = patient
        self.time = time
        self.values = values
    }

    /// The name of the wide column of `value` at `week`.
    public func wideName(_ value: String, week: Double) -> String {
        "\(value)_w\(FixedNumberFormat.shortest(week))"
    }

    /// One row per patient.
    ///
    /// - Throws: ``CohortDataError/missingColumn(file:name:suggestion:)`` for absent columns;
    ///   ``CohortDataError/duplicateVisit(patient:week:)`` when a patient has two rows for a week.
    public func wide(_ frame: Frame) throws -> Frame {
        let patients = try categoricalColumn(frame, patient, fileName: "data")
        let times = try numericColumn(frame, time, fileName: "data")
        let valueColumns = try values.map { try numericColumn(frame, $0, fileName: "data") }
        let weeks = Array(Set(times.filter { !$0.isNaN }.map { $0 + 0 })).sorted()
        var weekIndex: [Double: Int] = [:]
        for (index, week) in weeks.enumerated() { weekIndex[week] = index }

        var patientOrder: [Int] = []
        var positionOf = [Int](repeating: -1, count: patients.levels.count)
        var firstRow = [Int](repeating: -1, count: patients.levels.count)
        var cells = [[Double]](repeating: [], count: values.count * weeks.count)
        var filled: [Set<Int>] = Array(repeating: [], count: patients.levels.count)
        for row in patients.codes.indices {
            let code = Int(patients.codes[row])
            guard code >= 0 else { continue }
            if firstRow[code] < 0 {
                firstRow[code] = row
                positionOf[code] = patientOrder.count
                patientOrder.append(code)
                for index in cells.indices { cells[index].append(.nan) }
            }
            guard !times[row].isNaN, let week = weekIndex[times[row] + 0] else { continue }
            guard filled[code].insert(week).inserted else {
                throw CohortDataError.duplicateVisit(patient: patients.levels[code], week: FixedNumberFormat.shortest(times[row]))
            }
            let position = positionOf[code]
            for (valueIndex, column) in valueColumns.enumerated() {
                cells[valueIndex * weeks.count + week][position] = column[row]
            }
        }
        let firstRows = patientOrder.map { firstRow[$0] }
        var result = Frame()
        for name in frame.columnNames where name != time && !values.contains(name) {
            try result.append(name, frame[name]!.rows(firstRows))
        }
        for (valueIndex, value) in values.enumerated() {
            for (week, weekValue) in weeks.enumerated() {
                try result.append(wideName(value, week: weekValue), .numeric(cells[valueIndex * weeks.count + week]))
            }
        }
        return result
    }

    /// One row per patient and week, from a frame made by ``wide(_:)``.
    ///
    /// - Parameter weeks: The weeks to expect; read from the column names when `nil`.
    /// - Throws: ``CohortDataError/missingColumn(file:name:suggestion:)`` when no wide column
    ///   of a value is present.
    public func long(_ frame: Frame) throws -> Frame {
        var weeks: Set<Double> = []
        for value in values {
            let prefix = value + "_w"
            for name in frame.columnNames where name.hasPrefix(prefix) {
                if let week = DecimalParser.parse(String(name.dropFirst(prefix.count))) { weeks.insert(week) }
            }
        }
        let sortedWeeks = weeks.sorted()
        guard !sortedWeeks.isEmpty else { throw missingColumn(frame, wideName(values.first ?? "value", week: 0), fileName: "data") }
        let patientCount = frame.rowCount
        var rowsOfPatients: [Int] = []
        for row in 0..<patientCount { rowsOfPatients += Array(repeating: row, count: sortedWeeks.count) }
        let carried = frame.columnNames.filter { name in !values.contains { name.hasPrefix($0 + "_w") } }
        var result = Frame()
        for name in carried { try result.append(name, frame[name]!.rows(rowsOfPatients)) }
        try result.append(time, .numeric((0..<patientCount).flatMap { _ in sortedWeeks }))
        for value in values {
            var column: [Double] = []
            column.reserveCapacity(patientCount * sortedWeeks.count)
            let wideColumns = sortedWeeks.map { week -> [Double]? in
                if case .numeric(let values)? = frame[wideName(value, week: week)] { return values }
                return nil
            }
            for row in 0..<patientCount {
                for wideColumn in wideColumns { column.append(wideColumn?[row] ?? .nan) }
            }
            try result.append(value, .numeric(column))
        }
        return result
    }
}
