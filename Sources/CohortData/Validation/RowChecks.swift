import PlainText
import OutcomeStats

/// The row rules of ``CohortValidator`` over one loaded file.
struct RowChecks {
    let loaded: LoadedCohort
    let validator: CohortValidator
    private let frame: Frame
    private let patients: CategoricalColumn?

    init(loaded: LoadedCohort, validator: CohortValidator) {
        self.loaded = loaded
        self.validator = validator
        self.frame = loaded.frame
        if case .categorical(let column)? = loaded.frame[validator.patientColumn] { patients = column } else { patients = nil }
    }

    var patientCount: Int { patients?.levels.count ?? 0 }

    /// The 1-based file column of `name`, when the file has it.
    private func column(_ name: String) -> Int? {
        loaded.fileColumns.firstIndex(of: name).map { $0 + 1 }
    }

    private func line(_ row: Int) -> Int { loaded.lineNumbers[row] }

    private func location(_ row: Int, _ name: String?) -> String {
        SourceLocation(file: loaded.fileName, line: line(row), column: name.flatMap(column), columnName: name).description
    }

    /// The finding of a problem cell the loader collected.
    func finding(for problem: CellProblem) -> ValidationFinding {
        let rule: ValidationRule
        switch problem.kind {
        case .notANumber: rule = .notANumber
        case .notFinite: rule = .notFinite
        case .outOfRange: rule = .outOfRange
        case .quoteInUnquotedField: rule = .quoteInUnquotedField
        }
        let times = problem.count == 1 ? "" : " (\(problem.count) cells)"
        return ValidationFinding(
            severity: rule == .quoteInUnquotedField ? .warning : .error, rule: rule, line: problem.location.line, column: problem.location.column,
            columnName: problem.location.columnName, value: problem.text, count: problem.count,
            message: problem.error.description + times)
    }

    /// Findings of the rules that compare rows: duplicates, invariants, baseline, cohort, deep tissue.
    func rowFindings() -> [ValidationFinding] {
        guard let patients else { return [] }
        guard case .numeric(let weeks)? = frame[validator.timeColumn] else { return [] }
        var findings: [ValidationFinding] = []
        let rowsByPatient = groupRows(patients.codes, levelCount: patients.levels.count)

        // Duplicate (patient, week).
        for (code, rows) in rowsByPatient.enumerated() {
            var firstRowOfWeek: [UInt64: Int] = [:]
            var duplicates: [UInt64: (first: Int, rows: [Int])] = [:]
            for row in rows where !weeks[row].isNaN {
                let key = (weeks[row] + 0).bitPattern
                if let first = firstRowOfWeek[key] {
                    duplicates[key, default: (first, [])].rows.append(row)
                } else {
                    firstRowOfWeek[key] = row
                }
            }
            for (key, entry) in duplicates.sorted(by: { $0.value.rows[0] < $1.value.rows[0] }) {
                let week = FixedNumberFormat.shortest(Double(bitPattern: key))
                let second = entry.rows[0]
                findings.append(ValidationFinding(
                    severity: .error, rule: .duplicateVisit, line: line(second), column: column(validator.timeColumn),
                    columnName: validator.timeColumn, value: week, count: entry.rows.count + 1,
                    message: "\(location(second, validator.timeColumn)): patient \(escapingControlCharacters(patients.levels[code])) has "
                        + "\(entry.rows.count + 1) rows for week \(week) (first on line \(line(entry.first))); "
                        + "keep one row per patient and week"))
            }
        }

        // Baseline-invariant columns.
        for name in validator.invariantColumns {
            guard let values = frame[name], loaded.fileColumns.contains(name) else { continue }
            for (code, rows) in rowsByPatient.enumerated() {
                guard let first = rows.first(where: { !values.isMissing($0) }) else { continue }
                let changed = rows.filter { !values.isMissing($0) && !sameValue(values, $0, first) }
                guard let firstChange = changed.first else { continue }
                let from = text(values, first), to = text(values, firstChange)
                findings.append(ValidationFinding(
                    severity: .error, rule: .baselineInvariant, line: line(firstChange), column: column(name), columnName: name,
                    value: to, count: changed.count,
                    message: "\(location(firstChange, name)): \(name) of patient \(escapingControlCharacters(patients.levels[code])) changes "
                        + "from '\(escapingControlCharacters(from, limit: 40))' (line \(line(first))) to '\(escapingControlCharacters(to, limit: 40))'"
                        + (changed.count > 1 ? " in \(changed.count) rows" : "")
                        + "; \(name) describes the patient at baseline and must be the same on every visit"))
            }
        }

        // Patients without a baseline visit.
        for (code, rows) in rowsByPatient.enumerated() where !rows.isEmpty {
            guard !rows.contains(where: { weeks[$0] == validator.baselineWeek }) else { continue }
            let first = rows[0]
            let week = FixedNumberFormat.shortest(validator.baselineWeek)
            findings.append(ValidationFinding(
                severity: .warning, rule: .missingBaseline, line: line(first), column: column(validator.timeColumn),
                columnName: validator.timeColumn, value: escapingControlCharacters(patients.levels[code]), count: rows.count,
                message: "\(location(first, validator.timeColumn)): patient \(escapingControlCharacters(patients.levels[code])) has "
                    + "\(rows.count) visit\(rows.count == 1 ? "" : "s") but none at week \(week); change from baseline "
                    + "cannot be derived for this patient"))
        }

        // Cohort label against symptom duration (only when the file has both).
        if loaded.fileColumns.contains("cohort"), case .categorical(let cohort)? = frame["cohort"],
           case .numeric(let duration)? = frame["symptom_weeks"] {
            let cutPoints = validator.schema.cohortCutPoints
            for (code, rows) in rowsByPatient.enumerated() {
                let bad = rows.filter { row in
                    guard let label = cohort.label(at: row), let derived = cutPoints.cohort(forSymptomWeeks: duration[row]) else { return false }
                    return ["acute", "subacute", "chronic"].contains(label) && label != derived
                }
                guard let first = bad.first else { continue }
                let label = cohort.label(at: first)!, derived = cutPoints.cohort(forSymptomWeeks: duration[first])!
                let weeksText = FixedNumberFormat.shortest(duration[first])
                findings.append(ValidationFinding(
                    severity: .error, rule: .cohortDuration, line: line(first), column: column("cohort"), columnName: "cohort",
                    value: label, count: bad.count,
                    message: "\(location(first, "cohort")): patient \(escapingControlCharacters(patients.levels[code])) is labelled '\(label)' "
                        + "but symptom_weeks \(weeksText) makes the episode \(derived) (acute < \(FixedNumberFormat.shortest(cutPoints.acuteBelow)), "
                        + "chronic > \(FixedNumberFormat.shortest(cutPoints.chronicAbove)) weeks); correct one of them or configure the cut-points"))
            }
        }

        // Deep tissue work in the acute cohort.
        if case .categorical(let cohort)? = frame["cohort"], case .categorical(let technique)? = frame["technique"],
           let acute = cohort.levels.firstIndex(of: "acute"), let deep = technique.levels.firstIndex(of: validator.deepTissueLabel) {
            for (code, rows) in rowsByPatient.enumerated() {
                let flagged = rows.filter { cohort.codes[$0] == Int32(acute) && technique.codes[$0] == Int32(deep) }
                guard let first = flagged.first else { continue }
                findings.append(ValidationFinding(
                    severity: .warning, rule: .deepTissueAcute, line: line(first), column: column("technique"), columnName: "technique",
                    value: validator.deepTissueLabel, count: flagged.count,
                    message: "\(location(first, "technique")): acute patient \(escapingControlCharacters(patients.levels[code])) receives "
                        + "\(validator.deepTissueLabel) on \(flagged.count) visit\(flagged.count == 1 ? "" : "s"); deep tissue work is "
                        + "usually not advised for acute strain with inflamed muscles"))
            }
        }
        return findings
    }

    /// One information finding per column with missing values.
    func missingValueFindings() -> [ValidationFinding] {
        frame.columnNames.compactMap { name in
            let missing = frame[name]!.missingCount
            guard missing > 0, let fileColumn = column(name) else { return nil }
            let percent = FixedNumberFormat.string(100 * Double(missing) / Double(max(frame.rowCount, 1)), decimals: 1)
            return ValidationFinding(
                severity: .info, rule: .missingValues, line: nil, column: fileColumn, columnName: name, value: nil,
                count: missing,
                message: "\(escapingControlCharacters(loaded.fileName)) (\(escapingControlCharacters(name))): \(missing) missing "
                    + "value\(missing == 1 ? "" : "s") (\(percent) % of \(frame.rowCount) rows); models drop those rows and report how many")
        }
    }
}

/// Row indices per categorical code, in row order.
func groupRows(_ codes: [Int32], levelCount: Int) -> [[Int]] {
    var groups = [[Int]](repeating: [], count: levelCount)
    for (row, code) in codes.enumerated() where code >= 0 { groups[Int(code)].append(row) }
    return groups
}

/// Whether rows `a` and `b` of `column` hold the same value.
private func sameValue(_ column: Column, _ a: Int, _ b: Int) -> Bool {
    switch column {
    case .numeric(let values): values[a] == values[b]
    case .categorical(let labels): labels.codes[a] == labels.codes[b]
    }
}

/// The value at `row` as text.
private func text(_ column: Column, _ row: Int) -> String {
    switch column {
    case .numeric(let values): FixedNumberFormat.shortest(values[row])
    case .categorical(let labels): labels.label(at: row) ?? ""
    }
}
