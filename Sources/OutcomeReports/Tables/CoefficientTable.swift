import OutcomeStats

/// One row of a coefficient table: a model term and its inference, as already computed.
///
/// A `nil` number is shown as `NA`. An *aliased* term (dropped for rank deficiency, as R
/// reports it) has every number `nil`; ``aliased(_:)`` builds one.
public struct CoefficientRow: Sendable, Equatable, Hashable {
    /// The term's name as the model spells it, e.g. `technique[T.deep_tissue]`.
    public let term: String
    /// The point estimate.
    public let estimate: Double?
    /// Its standard error.
    public let standardError: Double?
    /// The test statistic (t or z) for the null value zero.
    public let statistic: Double?
    /// The two-sided p-value of ``statistic``.
    public let pValue: Double?
    /// The lower confidence limit.
    public let confidenceLow: Double?
    /// The upper confidence limit.
    public let confidenceHigh: Double?

    /// A row.
    ///
    /// - Parameters:
    ///   - term: the term name.
    ///   - estimate: the point estimate, `nil` when aliased.
    ///   - standardError: the standard error.
    ///   - statistic: the t or z statistic.
    ///   - pValue: the two-sided p-value.
    ///   - confidenceLow: the lower confidence limit.
    ///   - confidenceHigh: the upper confidence limit.
    public init(term: String, estimate: Double?, standardError: Double?, statistic: Double?,
                pValue: Double?, confidenceLow: Double?, confidenceHigh: Double?) {
        self.init(term: term, estimate: estimate, standardError: standardError, statistic: statistic, pValue: pValue,
                  confidenceLow: confidenceLow, confidenceHigh: confidenceHigh, isReference: false)
    }

    /// Whether the row stands for the reference level of a categorical variable (printed
    /// "ref", as in a journal's regression table) rather than an estimated coefficient.
    public let isReference: Bool

    private init(term: String, estimate: Double?, standardError: Double?, statistic: Double?,
                 pValue: Double?, confidenceLow: Double?, confidenceHigh: Double?, isReference: Bool) {
        self.isReference = isReference
        self.term = term
        self.estimate = estimate
        self.standardError = standardError
        self.statistic = statistic
        self.pValue = pValue
        self.confidenceLow = confidenceLow
        self.confidenceHigh = confidenceHigh
    }

    /// A row for a term aliased out of a rank-deficient design: every number `nil`.
    ///
    /// - Parameter term: the term name.
    /// - Returns: the row.
    public static func aliased(_ term: String) -> CoefficientRow {
        CoefficientRow(term: term, estimate: nil, standardError: nil, statistic: nil,
                       pValue: nil, confidenceLow: nil, confidenceHigh: nil)
    }

    /// Whether the term was aliased (its estimate is `nil`).
    public var isAliased: Bool { estimate == nil && !isReference }

    /// A row marking `term` (for example `techniqueusual_care`) as the reference level.
    public static func reference(_ term: String) -> CoefficientRow {
        CoefficientRow(term: term, estimate: nil, standardError: nil, statistic: nil, pValue: nil,
                       confidenceLow: nil, confidenceHigh: nil, isReference: true)
    }
}

/// The coefficient table of a fitted model, as input values; ``table(title:format:)`` turns
/// it into a ``Table`` with the house number policy.
///
/// Columns: Term, Estimate, Std. error, the statistic (`t` by default, `z` for GLMs), p and
/// the confidence interval (`95 % CI`, shown as `[low, high]`).
///
/// ```swift
/// let coefficients = CoefficientTable(rows: [
///     CoefficientRow(term: "(Intercept)", estimate: 6.1, standardError: 0.21, statistic: 29.05,
///                    pValue: 1e-40, confidenceLow: 5.69, confidenceHigh: 6.51),
///     .aliased("cohort[T.subacute]"),
/// ])
/// let markdown = MarkdownRenderer().render(coefficients.table(title: "Coefficients"))
/// ```
public struct CoefficientTable: Sendable, Equatable, Hashable {
    /// The rows, in model order.
    public let rows: [CoefficientRow]
    /// The header of the statistic column: `t` or `z`.
    public let statisticName: String
    /// The confidence level of the interval, e.g. `0.95`.
    public let confidenceLevel: Double

    /// A coefficient table.
    ///
    /// - Parameters:
    ///   - rows: the rows, in model order.
    ///   - statisticName: `t` (default) or `z`.
    ///   - confidenceLevel: the level of the interval, in (0, 1); default 0.95.
    public init(rows: [CoefficientRow], statisticName: String = "t", confidenceLevel: Double = 0.95) {
        precondition(confidenceLevel > 0 && confidenceLevel < 1,
                     "confidenceLevel must be in (0, 1), got \(confidenceLevel)")
        self.rows = rows
        self.statisticName = statisticName
        self.confidenceLevel = confidenceLevel
    }

    /// The interval column's header, e.g. `95 % CI` (the level printed with up to four
    /// significant digits, trailing zeros dropped: `99.9 % CI`).
    public var intervalHeader: String {
        var percent = NumberFormat.fixed(confidenceLevel * 100, decimals: 2)
        while percent.hasSuffix("0") { percent.removeLast() }
        if percent.hasSuffix(".") { percent.removeLast() }
        return percent + " % CI"
    }

    /// The table, every number formatted by `format`.
    ///
    /// Estimates, standard errors, statistics and limits use ``NumberFormat/estimate(_:)``,
    /// p-values ``NumberFormat/pValue(_:)``; `nil` prints `NA`. When any row is aliased, a
    /// footnote says so, as R's `summary()` does.
    ///
    /// - Parameters:
    ///   - title: the caption, or `nil`.
    ///   - format: the number policy; default ``NumberFormat/standard``.
    /// - Returns: the table.
    public func table(title: String? = nil, format: NumberFormat = .standard) -> Table {
        let columns = [
            TableColumn("Term"),
            TableColumn("Estimate", alignment: .right),
            TableColumn("Std. error", alignment: .right),
            TableColumn(statisticName, alignment: .right),
            TableColumn("p", alignment: .right),
            TableColumn(intervalHeader, alignment: .right),
        ]
        func number(_ value: Double?) -> String { value.map(format.estimate) ?? "NA" }
        let body = rows.map { row -> [String] in
            if row.isReference { return [row.term, "ref", "", "", "", ""] }
            if row.isAliased { return [row.term, "aliased", "", "", "", ""] }
            let interval = row.confidenceLow == nil && row.confidenceHigh == nil
                ? "NA"
                : "[" + number(row.confidenceLow) + ", " + number(row.confidenceHigh) + "]"
            return [row.term, number(row.estimate), number(row.standardError), number(row.statistic),
                    row.pValue.map(format.pValue) ?? "NA", interval]
        }
        let aliasedCount = rows.filter(\.isAliased).count
        var footnotes: [String] = []
        if rows.contains(where: \.isReference) {
            footnotes.append("ref: reference level of a categorical variable (treatment contrasts); the other levels' estimates are differences from it.")
        }
        if aliasedCount > 0 {
            footnotes.append(aliasedCount == 1
                ? "1 coefficient not defined because of singularities (aliased): its column is a linear combination of earlier ones."
                : "\(aliasedCount) coefficients not defined because of singularities (aliased): their columns are linear combinations of earlier ones.")
        }
        return Table(title: title, columns: columns, rows: body, footnotes: footnotes)
    }
}

extension CoefficientTable {
    /// The coefficient table of any fit (``OutcomeStats/StatisticalFit``): one row per
    /// coefficient, aliased ones as `NA`; the statistic is `z` when no coefficient has a t
    /// reference (a GLM's Wald tests), `t` otherwise.
    ///
    /// ```swift
    /// let table = CoefficientTable(of: fit).table(title: "Coefficients")
    /// ```
    public init(of fit: some StatisticalFit) {
        let estimableDegrees = zip(fit.coefficients, fit.coefficientDegreesOfFreedom).filter { !$0.0.isAliased }.map(\.1)
        let isNormal = !estimableDegrees.isEmpty && estimableDegrees.allSatisfy { $0 == nil }
        self.init(rows: fit.coefficients.map {
            CoefficientRow(term: $0.term, estimate: $0.estimate, standardError: $0.standardError, statistic: $0.statistic,
                           pValue: $0.pValue, confidenceLow: $0.confidenceLow, confidenceHigh: $0.confidenceHigh)
        }, statisticName: isNormal ? "z" : "t", confidenceLevel: fit.confidenceLevel)
    }
}
