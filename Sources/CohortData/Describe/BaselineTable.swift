import Dispatch
import OutcomeStats

/// Summary of one numeric variable in one group: n, mean (SD), median [IQR], missing.
public struct NumericSummary: Sendable, Equatable {
    /// Patients with a value.
    public let count: Int
    /// Patients without one.
    public let missing: Int
    /// Mean, `NaN` when `count == 0`.
    public let mean: Double
    /// Sample standard deviation (n − 1), `NaN` when `count < 2`.
    public let standardDeviation: Double
    /// Median (type-7 quantile), `NaN` when `count == 0`.
    public let median: Double
    /// First quartile (type 7, as R's `quantile`), `NaN` when `count == 0`.
    public let lowerQuartile: Double
    /// Third quartile (type 7), `NaN` when `count == 0`.
    public let upperQuartile: Double
}

/// Summary of one categorical variable in one group: a count per level, and missing.
public struct CategoricalSummary: Sendable, Equatable {
    /// Patients per level, in the order of ``BaselineVariable/levels``.
    public let counts: [Int]
    /// Patients without a value.
    public let missing: Int

    /// Patients with a value.
    public var nonMissing: Int { counts.reduce(0, +) }
}

/// One row block of a Table 1: a variable with its summary in every group.
public struct BaselineVariable: Sendable, Equatable {
    /// What the summaries hold.
    public enum Summaries: Sendable, Equatable {
        /// One numeric summary per group (``BaselineTable/groups`` order, then overall).
        case numeric([NumericSummary])
        /// One categorical summary per group (``BaselineTable/groups`` order, then overall).
        case categorical([CategoricalSummary])
    }

    /// The column name.
    public let name: String
    /// Levels of a categorical variable (empty for numeric ones).
    public let levels: [String]
    /// The summaries.
    public let summaries: Summaries
}

/// "Table 1": baseline characteristics of the patients of a long cohort file, by group.
///
/// ```swift
/// let frame = try CohortLoader().load(path: "cohort.csv")
/// let table = try BaselineTable(frame: frame)          // by cohort, at week 0
/// table.groups            // ["acute", "subacute", "chronic"]
/// table.patientCounts     // per group, then overall
/// ```
///
/// One row per patient: the patient's baseline visit — the row with the smallest `week`
/// (week 0 when the patient has one; the first such row if several). Every other column
/// except the patient and time columns is summarised at that visit: numeric ones by n,
/// mean (SD), median [Q1, Q3] (type-7 quantiles, as R's default) and missing; categorical
/// ones by count per level (percent of patients with a value) and missing. Means and standard
/// deviations are two-pass. Groups are the levels of the grouping column in clinical order
/// (acute, subacute, chronic first, then other levels in byte order); patients whose group is
/// missing count only in the overall column.
public struct BaselineTable: Sendable, Equatable {
    /// Group labels, in display order (the overall column follows them).
    public let groups: [String]
    /// Patients per group, then overall.
    public let patientCounts: [Int]
    /// Variables in the frame's column order.
    public let variables: [BaselineVariable]
    /// The grouping column.
    public let groupColumn: String

    /// Summarises `frame`.
    ///
    /// - Parameters:
    ///   - frame: A long cohort frame.
    ///   - patient: The patient identifier column.
    ///   - time: The visit time column (numeric).
    ///   - group: The grouping column (categorical).
    ///   - fileName: The data file, named in errors.
    /// - Throws: ``CohortDataError/missingColumn(file:name:suggestion:)`` when a column is
    ///   absent or of the wrong kind.
    /// - Complexity: O(*n*) over rows, plus one sort per numeric variable over patients.
    ///   Without a patient column (`patient: nil`) every row is one patient (a one-row-per-patient
    ///   file); without a time column (`time: nil`) a patient's first row is the baseline. A
    ///   numeric patient column (identifiers such as 308) is grouped by its values.
    public init(frame: Frame, patient: String? = "patient_id", time: String? = "week", group: String = "cohort",
                fileName: String = "data") throws {
        let groupColumn = try groupingColumn(frame, group, fileName: fileName)
        let baseline: [Int]
        if let patient {
            // Patients come in order of first appearance whatever their codes, so numeric
            // identifiers can share the grouping column's numeric-order codes.
            let patients = try groupingColumn(frame, patient, fileName: fileName)
            let times = try time.map { try numericColumn(frame, $0, fileName: fileName) } ?? [Double](repeating: 0, count: frame.rowCount)
            baseline = baselineRows(patientCodes: patients.codes, levelCount: patients.levels.count, times: times)
        } else {
            baseline = Array(0..<frame.rowCount)
        }

        let order = clinicalOrder(groupColumn.levels)
        var groupOfLevel = [Int](repeating: -1, count: groupColumn.levels.count)
        for (position, level) in order.enumerated() { groupOfLevel[level] = position }
        let groupOfRow = baseline.map { row -> Int in
            let code = groupColumn.codes[row]
            return code < 0 ? -1 : groupOfLevel[Int(code)]
        }
        let groupCount = order.count
        var counts = [Int](repeating: 0, count: groupCount + 1)
        for group in groupOfRow {
            if group >= 0 { counts[group] += 1 }
            counts[groupCount] += 1
        }

        // Variables are independent: summarise them on all cores.
        let names = frame.columnNames.filter { $0 != patient && $0 != time && $0 != group }
        let results = VariableSlots(count: names.count)
        DispatchQueue.concurrentPerform(iterations: names.count) { index in
            results.slots[index] = summarize(name: names[index], frame[names[index]]!, baseline: baseline,
                                             groupOfRow: groupOfRow, groupCount: groupCount)
        }
        let variables = results.slots.map { $0! }
        self.groups = order.map { groupColumn.levels[$0] }
        self.patientCounts = counts
        self.variables = variables
        self.groupColumn = group
    }
}

/// Results of the variables summarised in parallel, one slot per variable (each written by one thread).
/// Separate memory per slot, so threads never share a variable (an `Array` would be one).
private final class VariableSlots: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<BaselineVariable?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        _ = slots.baseAddress?.deinitialize(count: slots.count)
        slots.deallocate()
    }
}

/// The summaries of one variable at the baseline rows, per group and overall.
private func summarize(name: String, _ column: Column, baseline: [Int], groupOfRow: [Int], groupCount: Int) -> BaselineVariable {
    switch column {
    case .numeric(let values):
        let atBaseline = baseline.map { values[$0] }
        return BaselineVariable(name: name, levels: [],
                                summaries: .numeric(numericSummaries(atBaseline, groupOfRow: groupOfRow, groupCount: groupCount)))
    case .categorical(let labels):
        var tallies = [[Int]](repeating: [Int](repeating: 0, count: labels.levels.count), count: groupCount + 1)
        var missing = [Int](repeating: 0, count: groupCount + 1)
        for (patientIndex, row) in baseline.enumerated() {
            let code = labels.codes[row]
            let group = groupOfRow[patientIndex]
            if code < 0 {
                missing[groupCount] += 1
                if group >= 0 { missing[group] += 1 }
            } else {
                tallies[groupCount][Int(code)] += 1
                if group >= 0 { tallies[group][Int(code)] += 1 }
            }
        }
        return BaselineVariable(
            name: name, levels: labels.levels,
            summaries: .categorical((0...groupCount).map { CategoricalSummary(counts: tallies[$0], missing: missing[$0]) }))
    }
}

/// For each patient (in order of first appearance), the row of their earliest visit.
private func baselineRows(patientCodes: [Int32], levelCount: Int, times: [Double]) -> [Int] {
    var best = [Int](repeating: -1, count: levelCount)
    var order: [Int] = []
    for row in patientCodes.indices {
        let code = Int(patientCodes[row])
        guard code >= 0 else { continue }
        let current = best[code]
        if current < 0 {
            order.append(code)
            best[code] = row
        } else if !times[row].isNaN, times[current].isNaN || times[row] < times[current] {
            best[code] = row
        }
    }
    return order.map { best[$0] }
}

/// Level indices with acute, subacute, chronic first (when present), then the rest in byte order.
private func clinicalOrder(_ levels: [String]) -> [Int] {
    let clinical = ["acute", "subacute", "chronic"]
    let first = clinical.compactMap { levels.firstIndex(of: $0) }
    return first + levels.indices.filter { !first.contains($0) }
}

/// Numeric summaries per group and overall (each sample sorted once, natively).
private func numericSummaries(_ values: [Double], groupOfRow: [Int], groupCount: Int) -> [NumericSummary] {
    var samples = [[Double]](repeating: [], count: groupCount + 1)
    var missing = [Int](repeating: 0, count: groupCount + 1)
    samples[groupCount].reserveCapacity(values.count)
    for (index, value) in values.enumerated() {
        let group = groupOfRow[index]
        if value.isNaN {
            if group >= 0 { missing[group] += 1 }
            missing[groupCount] += 1
        } else {
            if group >= 0 { samples[group].append(value) }
            samples[groupCount].append(value)
        }
    }
    return (0...groupCount).map { summary(of: &samples[$0], missing: missing[$0]) }
}

/// The summary of a sample (reordered in place: quantiles come from selection, not a sort).
private func summary(of sample: inout [Double], missing: Int) -> NumericSummary {
    let n = sample.count
    guard n > 0 else {
        return NumericSummary(count: 0, missing: missing, mean: .nan, standardDeviation: .nan,
                              median: .nan, lowerQuartile: .nan, upperQuartile: .nan)
    }
    let mean = sample.reduce(0, +) / Double(n)
    let sd = n < 2 ? Double.nan : (sample.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
    return sample.withUnsafeMutableBufferPointer { buffer in
        /// Type-7 quantile: x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]), h = (n − 1)p, on order statistics.
        func quantile(_ p: Double) -> Double {
            let h = Double(n - 1) * p
            let low = Int(h.rounded(.down))
            let lowValue = selectOrderStatistic(buffer, low)
            guard low + 1 < n, h > Double(low) else { return lowValue }
            // After selection everything right of `low` is ≥ it: the next order statistic is their minimum.
            let highValue = buffer[(low + 1)...].min()!
            return lowValue + (h - Double(low)) * (highValue - lowValue)
        }
        return NumericSummary(count: n, missing: missing, mean: mean, standardDeviation: sd,
                              median: quantile(0.5), lowerQuartile: quantile(0.25), upperQuartile: quantile(0.75))
    }
}

/// The `k`-th smallest value (0-based), by quickselect with a three-way partition (fast with
/// many ties, as in rounded clinical scores). On return `values[k]` holds it, everything
/// before is ≤ and everything after ≥. Expected O(*n*).
func selectOrderStatistic(_ values: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
    var low = 0, high = values.count - 1
    while low < high {
        // Median of three as the pivot.
        let a = values[low], b = values[(low + high) / 2], c = values[high]
        let pivot = max(min(a, b), min(max(a, b), c))
        var less = low, index = low, greater = high
        while index <= greater {
            let value = values[index]
            if value < pivot {
                values.swapAt(less, index); less += 1; index += 1
            } else if value > pivot {
                values.swapAt(index, greater); greater -= 1
            } else {
                index += 1
            }
        }
        if k < less { high = less - 1 } else if k > greater { low = greater + 1 } else { return pivot }
    }
    return values[k]
}

/// The column `name` as categories: a categorical column as it is, a numeric one (codes such
/// as 308 or 1, 2, 3) with one level per distinct value, in numeric order.
func groupingColumn(_ frame: Frame, _ name: String, fileName: String) throws -> CategoricalColumn {
    guard case .numeric(let values)? = frame[name] else { return try categoricalColumn(frame, name, fileName: fileName) }
    let levels = Array(Set(values.filter { !$0.isNaN }.map { $0 + 0 })).sorted()
    let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1.bitPattern, Int32($0)) })
    return CategoricalColumn(levels: levels.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int64($0)) : String($0) },
                             codes: values.map { $0.isNaN ? -1 : index[($0 + 0).bitPattern]! })
}

/// The categorical column `name`, or a missing-column error naming the nearest column.
func categoricalColumn(_ frame: Frame, _ name: String, fileName: String) throws -> CategoricalColumn {
    guard case .categorical(let column)? = frame[name] else { throw missingColumn(frame, name, fileName: fileName) }
    return column
}

/// The numeric column `name`, or a missing-column error naming the nearest column.
func numericColumn(_ frame: Frame, _ name: String, fileName: String) throws -> [Double] {
    guard case .numeric(let values)? = frame[name] else { throw missingColumn(frame, name, fileName: fileName) }
    return values
}

/// A column that is absent (or of the other kind): the nearest other name is suggested.
func missingColumn(_ frame: Frame, _ name: String, fileName: String) -> CohortDataError {
    .missingColumn(file: fileName, name: name,
                   suggestion: nearestName(to: name, among: frame.columnNames.filter { $0 != name }))
}
