/// Summary of one continuous characteristic in one group of a ``BaselineTable``.
public struct ContinuousSummary: Sendable, Equatable, Hashable {
    /// Non-missing observations.
    public let count: Int
    /// Mean.
    public let mean: Double
    /// Standard deviation.
    public let standardDeviation: Double
    /// Median.
    public let median: Double
    /// First quartile.
    public let lowerQuartile: Double
    /// Third quartile.
    public let upperQuartile: Double
    /// Missing observations.
    public let missing: Int

    /// A summary; the numbers are computed by the caller (OutcomeStats), not here.
    public init(count: Int, mean: Double, standardDeviation: Double, median: Double,
                lowerQuartile: Double, upperQuartile: Double, missing: Int) {
        self.count = count
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.median = median
        self.lowerQuartile = lowerQuartile
        self.upperQuartile = upperQuartile
        self.missing = missing
    }
}

/// One characteristic (row block) of a ``BaselineTable``.
public enum BaselineCharacteristic: Sendable, Equatable, Hashable {
    /// A continuous variable: name and one summary per group.
    case continuous(name: String, summaries: [ContinuousSummary])
    /// A categorical variable: name, its levels, counts per group and level (`counts[group][level]`)
    /// and missing counts per group.
    case categorical(name: String, levels: [String], counts: [[Int]], missing: [Int])
}

/// "Table 1" of a paper: baseline characteristics by group (cohort), continuous variables as
/// mean (SD) and median [IQR], categorical ones as n (%) per level, missing counts shown.
///
/// Percentages are of the non-missing observations in the group.
///
/// ```swift
/// let table = BaselineTable(groups: ["acute", "chronic"], groupSizes: [120, 130], characteristics: rows)
///     .table(title: "Baseline characteristics by cohort")
/// ```
public struct BaselineTable: Sendable, Equatable, Hashable {
    /// Group names (columns).
    public let groups: [String]
    /// Patients per group (shown in the header as n = …).
    public let groupSizes: [Int]
    /// The characteristics, top to bottom.
    public let characteristics: [BaselineCharacteristic]

    /// A baseline table.
    public init(groups: [String], groupSizes: [Int], characteristics: [BaselineCharacteristic]) {
        precondition(groups.count == groupSizes.count, "one size per group")
        self.groups = groups
        self.groupSizes = groupSizes
        self.characteristics = characteristics
    }

    /// The table, numbers formatted by `format` (means and SDs to its significant digits,
    /// percentages to one decimal).
    public func table(title: String? = nil, format: NumberFormat = .standard) -> Table {
        var columns = [TableColumn("Characteristic")]
        for (group, size) in zip(groups, groupSizes) {
            columns.append(TableColumn("\(group) (n = \(size))", alignment: .right))
        }
        var rows: [[String]] = []
        var anyMissing = false
        for characteristic in characteristics {
            switch characteristic {
            case let .continuous(name, summaries):
                precondition(summaries.count == groups.count, "one summary per group for \(name)")
                rows.append([name + ", mean (SD)"] + summaries.map {
                    $0.count == 0 ? "—" : "\(format.estimate($0.mean)) (\(format.estimate($0.standardDeviation)))"
                })
                rows.append(["  median [IQR]"] + summaries.map {
                    $0.count == 0 ? "—" : "\(format.estimate($0.median)) [\(format.estimate($0.lowerQuartile)), \(format.estimate($0.upperQuartile))]"
                })
                if summaries.contains(where: { $0.missing > 0 }) {
                    anyMissing = true
                    rows.append(["  missing"] + summaries.map { String($0.missing) })
                }
            case let .categorical(name, levels, counts, missing):
                precondition(counts.count == groups.count && missing.count == groups.count, "one count list per group for \(name)")
                rows.append([name + ", n (%)"] + Array(repeating: "", count: groups.count))
                for (index, level) in levels.enumerated() {
                    rows.append(["  " + level] + counts.map { groupCounts in
                        let total = groupCounts.reduce(0, +)
                        let n = groupCounts[index]
                        return total == 0 ? "0" : "\(n) (\(NumberFormat.fixed(100 * Double(n) / Double(total), decimals: 1)))"
                    })
                }
                if missing.contains(where: { $0 > 0 }) {
                    anyMissing = true
                    rows.append(["  missing"] + missing.map(String.init))
                }
            }
        }
        var footnotes = ["Continuous: mean (SD) and median [interquartile range]; categorical: n (% of non-missing)."]
        if anyMissing { footnotes.append("missing: observations without a value, left out of the summaries above them.") }
        return Table(title: title, columns: columns, rows: rows, footnotes: footnotes)
    }
}
