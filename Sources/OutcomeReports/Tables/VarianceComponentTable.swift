/// One row of a variance-components table: an effect varying between groups (or the residual).
public struct VarianceComponentRow: Sendable, Equatable, Hashable {
    /// The grouping factor, or `Residual`.
    public let group: String
    /// The varying effect (`(Intercept)`, `week`), `nil` for the residual.
    public let effect: String?
    /// The variance.
    public let variance: Double
    /// The standard deviation.
    public let standardDeviation: Double
    /// Correlations with the group's earlier effects, in order.
    public let correlations: [Double]

    /// A row.
    ///
    /// - Parameters:
    ///   - group: the grouping factor or `Residual`.
    ///   - effect: the effect, `nil` for the residual.
    ///   - variance: the variance.
    ///   - standardDeviation: its square root.
    ///   - correlations: correlations with the earlier effects of the same group.
    public init(group: String, effect: String?, variance: Double, standardDeviation: Double, correlations: [Double]) {
        self.group = group
        self.effect = effect
        self.variance = variance
        self.standardDeviation = standardDeviation
        self.correlations = correlations
    }
}

/// The random-effects (variance components) table of a mixed model, as lme4 prints it:
/// Group, Effect, Variance, Std. dev. and, when a group has several effects, their correlations.
///
/// ```swift
/// let table = VarianceComponentTable(rows: [
///     VarianceComponentRow(group: "patient_id", effect: "(Intercept)", variance: 1.2, standardDeviation: 1.095, correlations: []),
///     VarianceComponentRow(group: "Residual", effect: nil, variance: 0.8, standardDeviation: 0.894, correlations: []),
/// ])
/// print(MarkdownRenderer().render(table.table()))
/// ```
public struct VarianceComponentTable: Sendable, Equatable, Hashable {
    /// The rows, in model order, the residual last.
    public let rows: [VarianceComponentRow]

    /// A table of `rows`.
    public init(rows: [VarianceComponentRow]) { self.rows = rows }

    /// The table, numbers formatted by `format` (correlations with two decimals).
    ///
    /// - Parameters:
    ///   - title: the caption, or `nil`.
    ///   - format: the number policy.
    /// - Returns: the table.
    public func table(title: String? = nil, format: NumberFormat = .standard) -> Table {
        let correlationCount = rows.map(\.correlations.count).max() ?? 0
        var columns = [TableColumn("Group"), TableColumn("Effect"), TableColumn("Variance", alignment: .right),
                       TableColumn("Std. dev.", alignment: .right)]
        for j in 0..<correlationCount { columns.append(TableColumn(j == 0 ? "Corr." : "", alignment: .right)) }
        var previousGroup: String?
        let body = rows.map { row -> [String] in
            let group = row.group == previousGroup ? "" : row.group
            previousGroup = row.group
            var cells = [group, row.effect ?? "", format.estimate(row.variance), format.estimate(row.standardDeviation)]
            for j in 0..<correlationCount {
                cells.append(j < row.correlations.count ? NumberFormat.fixed(row.correlations[j], decimals: 2) : "")
            }
            return cells
        }
        return Table(title: title, columns: columns, rows: body)
    }
}
