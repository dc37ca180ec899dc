import Foundation
import Testing
@testable import OutcomeStats

private func column(_ n: Int, _ f: (Int) -> Double) -> [Double] { (0..<n).map(f) }

/// Of two collinear columns the later is aliased (R's choice), whatever their scale.
@Test func laterOfTwoCollinearColumnsIsAliased() throws {
    let n = 20
    let x1 = column(n) { Double($0) * 0.37 + 1 }
    let x2 = column(n) { sin(Double($0)) }
    let x3 = zip(x1, x2).map { 3e6 * $0 - 2e6 * $1 }     // a combination of the two before it
    let y = column(n) { cos(Double($0)) + Double($0) }
    let ls = try RefinedLeastSquares(matrix: x1 + x2 + x3, rows: n, columns: 3, response: y, rankTolerance: 1e-10)
    #expect(ls.keptColumns == [0, 1])
    let reversed = try RefinedLeastSquares(matrix: x3 + x1 + x2, rows: n, columns: 3, response: y, rankTolerance: 1e-10)
    #expect(reversed.keptColumns == [0, 1])
}

/// Aliased terms come out as `nil` (JSON null, "NA" in text) in the fit, with the rank reduced.
@Test func aliasedTermsAreReportedNotDropped() throws {
    let frame = try Frame(columns: [
        ("y", .numeric([3, 1, 4, 1, 5, 9, 2, 6])),
        ("x", .numeric([1, 2, 3, 4, 5, 6, 7, 8])),
        ("x2", .numeric([2, 4, 6, 8, 10, 12, 14, 16])),
        ("g", .categorical(CategoricalColumn(["a", "a", "b", "b", "a", "a", "b", "b"]))),
    ])
    let fit = try LinearModel("y ~ x + g + x2").fit(to: frame)
    #expect(fit.coefficients.map(\.term) == ["(Intercept)", "x", "gb", "x2"])
    #expect(fit.coefficients.map(\.isAliased) == [false, false, false, true])
    #expect(fit.rank == 3 && fit.residualDegreesOfFreedom == 5)
    #expect(fit.estimableTerms == ["(Intercept)", "x", "gb"])
}

/// Invariants: residuals orthogonal to X; scaling a column by c scales its coefficient by 1/c
/// (exactly for a power of two, since scaling is then exact).
@Test func residualsAreOrthogonalAndScalingIsExact() throws {
    let n = 50
    let x1 = column(n) { Double($0) / 7 }
    let x2 = column(n) { Double(($0 * 37) % 11) }
    let y = column(n) { 2 + 0.5 * Double($0) / 7 - Double(($0 * 37) % 11) / 3 + sin(Double($0)) }
    let ones = [Double](repeating: 1, count: n)
    let ls = try RefinedLeastSquares(matrix: ones + x1 + x2, rows: n, columns: 3, response: y, rankTolerance: 1e-10)
    for x in [ones, x1, x2] {
        let dot = zip(x, ls.residuals).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(dot) < 1e-12)
    }
    let scaled = try RefinedLeastSquares(matrix: ones + x1.map { $0 * 1024 } + x2, rows: n, columns: 3, response: y, rankTolerance: 1e-10)
    #expect(scaled.coefficients[1] * 1024 == ls.coefficients[1])
    #expect(scaled.coefficients[0] == ls.coefficients[0])
    let thrice = try RefinedLeastSquares(matrix: ones + x1.map { $0 * 3 } + x2, rows: n, columns: 3, response: y, rankTolerance: 1e-10)
    #expect(abs(thrice.coefficients[1] * 3 - ls.coefficients[1]) <= 1e-14 * abs(ls.coefficients[1]))
}

/// Unit weights equal no weights; integer weights equal repeating rows (same estimates and
/// residual sum of squares); zero weights equal leaving the rows out (as R's lm).
@Test func weightsBehaveAsReplication() throws {
    let y: [Double] = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]
    let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    let w: [Double] = [1, 2, 1, 3, 1, 1, 2, 1, 1, 2]
    let base = try Frame(columns: [("y", .numeric(y)), ("x", .numeric(x)), ("w", .numeric(w)),
                                   ("one", .numeric(.init(repeating: 1, count: 10)))])
    let plain = try LinearModel("y ~ x").fit(to: base)
    let unit = try LinearModel("y ~ x", weights: "one").fit(to: base)
    #expect(plain.coefficients.count == unit.coefficients.count)
    #expect(zip(plain.coefficients, unit.coefficients).allSatisfy { abs($0.estimate! - $1.estimate!) < 1e-14 && abs($0.standardError! - $1.standardError!) < 1e-14 })

    let weighted = try LinearModel("y ~ x", weights: "w").fit(to: base)
    var ry: [Double] = [], rx: [Double] = []
    for i in 0..<10 { for _ in 0..<Int(w[i]) { ry.append(y[i]); rx.append(x[i]) } }
    let repeated = try LinearModel("y ~ x").fit(to: try Frame(columns: [("y", .numeric(ry)), ("x", .numeric(rx))]))
    #expect(weighted.coefficients.count == repeated.coefficients.count)
    for (a, b) in zip(weighted.coefficients, repeated.coefficients) { #expect(abs(a.estimate! - b.estimate!) < 1e-13) }
    let weightedRSS = zip(weighted.residuals, w).reduce(0) { $0 + $1.1 * $1.0 * $1.0 }
    let repeatedRSS = repeated.residuals.reduce(0) { $0 + $1 * $1 }
    #expect(abs(weightedRSS - repeatedRSS) < 1e-12)

    var w0 = w
    w0[3] = 0
    w0[8] = 0
    let zeroed = try LinearModel("y ~ x", weights: "w").fit(to: try base.setting("w", .numeric(w0)))
    let keep = [0, 1, 2, 4, 5, 6, 7, 9]
    let dropped = try LinearModel("y ~ x", weights: "w").fit(to: base.rows(keep))
    #expect(zeroed.zeroWeightRowCount == 2 && zeroed.observationCount == 8 && zeroed.residualDegreesOfFreedom == 6)
    #expect(zeroed.coefficients.count == dropped.coefficients.count)
    for (a, b) in zip(zeroed.coefficients, dropped.coefficients) {
        #expect(abs(a.estimate! - b.estimate!) < 1e-13 && abs(a.standardError! - b.standardError!) < 1e-13)
    }
}

@Test func negativeWeightsAreErrors() throws {
    let f = try Frame(columns: [("y", .numeric([1, 2, 3])), ("x", .numeric([1, 2, 4])), ("w", .numeric([1, -1, 1]))])
    #expect { try LinearModel("y ~ x", weights: "w").fit(to: f) } throws: { "\($0)".contains("row 2") }
}

/// The double-double arithmetic: sums and products exact to about 106 bits.
@Test func doubleDoubleIsExactWhereDoubleIsNot() {
    let values = [1e16, 1, -1e16, 1]
    #expect(ExtendedArithmetic.doubleDouble.sumAndCentredSquares(values).sum == 2)
    let (p, e) = twoProduct(1 + 0x1p-30, 1 + 0x1p-30)
    #expect(p == 1 + 0x1p-29 && e == 0x1p-60)
}

private extension Frame {
    func setting(_ name: String, _ column: Column) throws -> Frame {
        var copy = self
        try copy.set(name, column)
        return copy
    }
}

/// Degenerate designs are handled, never crash: a zero column (aliased), no residual degrees
/// of freedom, more columns than rows, robust estimators with leverage 1.
@Test func degenerateDesignsDoNotCrash() throws {
    let f = try Frame(columns: [("y", .numeric([1, 2, 4])), ("x", .numeric([1, 2, 3])), ("z", .numeric([0, 0, 0])),
                                ("w", .numeric([5, 1, 2])), ("v", .numeric([1, 7, 2]))])
    let zero = try LinearModel("y ~ 0 + z").fit(to: f)
    #expect(zero.rank == 0 && zero.coefficients.map(\.isAliased) == [true] && zero.fTest == nil)
    let exact = try LinearModel("y ~ x + w").fit(to: f)
    #expect(exact.residualDegreesOfFreedom == 0 && exact.residualStandardError.isNaN && exact.fTest == nil)
    _ = try exact.with(covariance: .hc3)
    #expect(throws: StatsError.tooFewObservations(observations: 3, parameters: 4)) {
        try LinearModel("y ~ x + w + v").fit(to: f)
    }
}
