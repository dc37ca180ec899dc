/// Which sums of squares an ANOVA table reports.
public enum AnovaType: String, Sendable, CaseIterable {
    /// Sequential: each term adjusted for the terms before it in the formula (R's `anova(lm)`).
    case sequential = "I"
    /// Each term adjusted for every other term that does not contain it (car's `Anova(type = 2)`).
    case marginal = "II"
    /// Each term adjusted for every other term, with sum-to-zero contrasts (car's
    /// `Anova(type = 3)` on a model fitted with `contr.sum`); see the article "ANOVA types".
    case partial = "III"
}

/// One row of an ANOVA table: a term (or `(Intercept)` in type III, or `Residuals`).
public struct AnovaRow: Sendable, Equatable {
    /// The term label (`technique`, `cohort:week`), `(Intercept)` or `Residuals`.
    public let term: String
    /// Degrees of freedom of the term (number of its estimable columns).
    public let degreesOfFreedom: Int
    /// Sum of squares.
    public let sumOfSquares: Double
    /// Mean square, sum of squares / df.
    public let meanSquare: Double
    /// F = mean square / residual mean square; `nil` on the Residuals row.
    public let statistic: Double?
    /// P(F(df, residual df) > statistic); `nil` on the Residuals row.
    public let pValue: Double?
}

/// An ANOVA table of a linear model, with F tests against the full model's residual mean
/// square (classical covariance), as R's `anova(lm)` (type I) and car's `Anova` (types II and
/// III) compute them.
///
/// - Type I: SS of term k is the reduction in RSS from adding it after terms 1…k−1, read off
///   the effects Qᵀy of the full QR factorization.
///
/// The design is factored once (X = QR); every submodel is then solved on the p-row problem
/// (R, Qᵀy) — see ``ReducedLeastSquares`` — so a table costs one pass over the data.
/// - Type II: SS(term) = RSS(model without the term and every term containing it) −
///   RSS(model without the terms containing it) — car's type II, which respects marginality.
/// - Type III: F of each term (and the intercept) is the Wald test that all its coefficients
///   are zero, with every categorical variable coded by sum-to-zero contrasts; SS = F · df · σ̂².
///   With `contr.sum` the hypothesis of a main effect is "equal level means averaged over the
///   other factors", the hypothesis SAS's type III tests, whatever reference levels the model
///   was given.
///
/// ```swift
/// let table = try AnovaTable(fit: fit, data: frame, type: .marginal)
/// table.rows.map { ($0.term, $0.statistic) }
/// ```
public struct AnovaTable: Sendable, Equatable {
    /// The type of the sums of squares.
    public let type: AnovaType
    /// One row per term with an estimable column, then `Residuals`.
    public let rows: [AnovaRow]

    /// The ANOVA table of `fit`, rebuilding its design from `data` (the frame it was fitted to).
    ///
    /// - Parameters:
    ///   - fit: a fitted linear model.
    ///   - data: the frame the model was fitted to.
    ///   - type: sequential (I), marginal (II) or partial (III) sums of squares.
    /// - Throws: ``StatsError`` when `data` does not reproduce the fit's observations, the
    ///   model has no residual degrees of freedom, or (type III) it has aliased coefficients.
    public init(fit: LinearModelFit, data: Frame, type: AnovaType) throws {
        let coding = type == .partial ? try fit.design.withSumContrasts : try fit.design
        let design = try coding.rows(for: data, requireResponse: true)
        guard design.rowCount == fit.observationCount else {
            throw StatsError.domain("ANOVA data have \(design.rowCount) complete rows but the fit used \(fit.observationCount); pass the frame the model was fitted to")
        }
        let y = design.response!
        let n = design.rowCount
        let allColumns = Array(0..<coding.columnCount)
        let reduced = try ReducedLeastSquares(x: design.values, rows: n, columns: coding.columnCount, y: y)
        var cache: [[Int]: SubsetLeastSquares] = [:]
        func submodel(_ columns: [Int]) throws -> SubsetLeastSquares {
            if let known = cache[columns] { return known }
            let result = try reduced.fit(columns: columns)
            cache[columns] = result
            return result
        }
        let full = try submodel(allColumns)
        let residualDF = full.residualDegreesOfFreedom
        guard residualDF > 0 else {
            throw StatsError.domain("an ANOVA table needs residual degrees of freedom; the fit has none")
        }
        let residualMeanSquare = full.residualSumOfSquares / Double(residualDF)
        func row(_ term: String, df: Int, ss: Double) -> AnovaRow {
            let f = (ss / Double(df)) / residualMeanSquare
            return AnovaRow(term: term, degreesOfFreedom: df, sumOfSquares: ss, meanSquare: ss / Double(df), statistic: f,
                            pValue: FisherF(numerator: Double(df), denominator: Double(residualDF)).survival(f))
        }
        let terms = coding.formula.terms
        var rows: [AnovaRow] = []
        switch type {
        case .sequential:
            for (index, term) in terms.enumerated() {
                let positions = full.kept.indices.filter { coding.columnTerms[full.kept[$0]] == index }
                guard !positions.isEmpty else { continue }
                let ss = positions.reduce(0.0) { $0 + full.effects[$1] * full.effects[$1] }
                rows.append(row(term.label, df: positions.count, ss: ss))
            }
        case .marginal:
            for (index, term) in terms.enumerated() {
                let variables = Set(term.variables)
                let relatives = Set(terms.indices.filter { $0 != index && variables.isSubset(of: Set(terms[$0].variables)) })
                let withoutRelatives = allColumns.filter { coding.columnTerms[$0].map { !relatives.contains($0) } ?? true }
                let withoutBoth = withoutRelatives.filter { coding.columnTerms[$0] != index }
                let larger = try submodel(withoutRelatives)
                let smaller = try submodel(withoutBoth)
                let df = larger.kept.count - smaller.kept.count
                guard df > 0 else { continue }
                rows.append(row(term.label, df: df, ss: smaller.residualSumOfSquares - larger.residualSumOfSquares))
            }
        case .partial:
            // As car: with aliased coefficients the type III hypotheses are not the ones the
            // table would name (which cell means enter a "main effect" is then arbitrary).
            guard full.kept.count == coding.columnCount else {
                throw StatsError.domain("type III tests need a full-rank model, and '\(coding.formula)' has aliased coefficients (an empty cell?); use type II")
            }
            let r = full.kept.count
            let estimates = full.estimates
            let covariance = full.inverseGram.map { $0 * residualMeanSquare }
            let owners: [Int?] = (coding.formula.hasIntercept ? [nil] : []) + terms.indices.map { $0 }
            for owner in owners {
                let positions = full.kept.indices.filter { coding.columnTerms[full.kept[$0]] == owner }
                guard !positions.isEmpty else { continue }
                let l = positions.map { k in (0..<r).map { $0 == k ? 1.0 : 0.0 } }
                let test = waldStatistic(l: l, c: Array(repeating: 0, count: l.count), estimates: estimates,
                                         covariance: covariance)
                guard test.rank > 0 else { continue }
                let ss = test.f * Double(test.rank) * residualMeanSquare
                rows.append(row(owner.map { terms[$0].label } ?? "(Intercept)", df: test.rank, ss: ss))
            }
        }
        rows.append(AnovaRow(term: "Residuals", degreesOfFreedom: residualDF, sumOfSquares: full.residualSumOfSquares,
                             meanSquare: residualMeanSquare, statistic: nil, pValue: nil))
        self.type = type
        self.rows = rows
    }
}
