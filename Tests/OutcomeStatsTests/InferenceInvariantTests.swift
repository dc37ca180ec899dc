import Foundation
import Testing
@testable import OutcomeStats

/// A small unbalanced two-factor data set with a covariate, generated deterministically.
private func data() throws -> Frame {
    var y: [Double] = [], x: [Double] = [], a: [String?] = [], b: [String?] = []
    for i in 0..<60 {
        let level = ["p", "q", "r"][i % 3]
        let other = i % 5 < 2 ? "s" : "t"
        let xi = Double(i % 7) + 0.25 * Double(i % 4)
        let effect = ["p": 0.0, "q": 1.5, "r": -0.7][level]! + (other == "t" ? 0.8 : 0)
        y.append(2 + effect + 0.3 * xi + sin(Double(i) * 1.7))
        x.append(xi); a.append(level); b.append(other)
    }
    return try Frame(columns: [("y", .numeric(y)), ("x", .numeric(x)),
                               ("a", .categorical(CategoricalColumn(a))), ("b", .categorical(CategoricalColumn(b)))])
}

@Test func waldTestOfOneCoefficientIsTSquared() throws {
    let fit = try LinearModel("y ~ x + a * b").fit(to: data())
    for c in fit.coefficients {
        let test = try fit.waldTest(LinearHypothesis(zero: [c.term]))
        #expect(abs(test.statistic - c.statistic! * c.statistic!) <= 1e-10 * test.statistic)
        #expect(abs(test.pValue - c.pValue!) <= 1e-12)
        #expect(test.numeratorDegreesOfFreedom == 1)
    }
}

@Test func waldTestRejectsUnknownAndAliasedCoefficients() throws {
    let fit = try LinearModel("y ~ x + a").fit(to: data())
    #expect(throws: StatsError.domain("hypothesis 'aq = xx' names unknown coefficient 'xx'. Did you mean 'x'?")) {
        try fit.waldTest(LinearHypothesis(parsing: "aq = xx"))
    }
}

/// Type I sums of squares add up to the total sum of squares about the mean.
@Test func sequentialSumsOfSquaresPartitionTheTotal() throws {
    let frame = try data()
    let fit = try LinearModel("y ~ x + a * b").fit(to: frame)
    let table = try AnovaTable(fit: fit, data: frame, type: .sequential)
    guard case .numeric(let y) = frame["y"]! else { return }
    let mean = y.reduce(0, +) / Double(y.count)
    let total = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    #expect(abs(table.rows.reduce(0) { $0 + $1.sumOfSquares } - total) <= 1e-10 * total)
    #expect(table.rows.reduce(0) { $0 + $1.degreesOfFreedom } == y.count - 1)
}

/// Without interactions no term contains another, so types II and III test the same hypotheses;
/// the last term's type I test is the nested-model test without it.
@Test func anovaTypesAgreeWhereTheyMust() throws {
    let frame = try data()
    let fit = try LinearModel("y ~ x + a + b").fit(to: frame)
    let two = try AnovaTable(fit: fit, data: frame, type: .marginal)
    let three = try AnovaTable(fit: fit, data: frame, type: .partial)
    for row in two.rows where row.term != "Residuals" {
        let other = try #require(three.rows.first { $0.term == row.term })
        #expect(abs(row.statistic! - other.statistic!) <= 1e-10 * row.statistic!)
    }
    let one = try AnovaTable(fit: fit, data: frame, type: .sequential)
    let smaller = try LinearModel("y ~ x + a").fit(to: frame)
    let nested = try NestedModelTest(smaller: smaller, larger: fit)
    let last = try #require(one.rows.first { $0.term == "b" })
    #expect(abs(nested.statistic - last.statistic!) <= 1e-10 * nested.statistic)
    #expect(throws: StatsError.self) { try NestedModelTest(smaller: fit, larger: smaller) }
}

/// Type III with sum-to-zero contrasts does not depend on the reference level the model used.
@Test func typeThreeIgnoresTheReferenceLevel() throws {
    let frame = try data()
    let first = try LinearModel("y ~ x + a * b").fit(to: frame)
    let second = try LinearModel("y ~ x + a * b", contrasts: ["a": .treatment(reference: "r")]).fit(to: frame)
    let f1 = try AnovaTable(fit: first, data: frame, type: .partial).rows.compactMap(\.statistic)
    let f2 = try AnovaTable(fit: second, data: frame, type: .partial).rows.compactMap(\.statistic)
    for (u, v) in zip(f1, f2) { #expect(abs(u - v) <= 1e-9 * abs(u)) }
    #expect(throws: StatsError.self) { try AnovaTable(fit: first, data: frame.rows(Array(0..<30)), type: .marginal) }
}

/// At the fitted rows the predictions are the fitted values, and a prediction interval
/// contains the confidence interval.
@Test func predictionsAtTheDataAreTheFittedValues() throws {
    let frame = try data()
    let fit = try LinearModel("y ~ x + a * b").fit(to: frame)
    let predictions = try fit.predict(for: frame, level: 0.9)
    for (p, fitted) in zip(predictions, fit.fittedValues) {
        let p = try #require(p)
        #expect(abs(p.fitted - fitted) <= 1e-12 * max(1, abs(fitted)))
        #expect(p.predictionLow < p.confidenceLow && p.confidenceHigh < p.predictionHigh)
    }
}

/// With one factor only, a marginal mean is the level's sample mean, and its contrasts are
/// differences of sample means.
@Test func oneFactorMarginalMeansAreGroupMeans() throws {
    let frame = try data()
    let fit = try LinearModel("y ~ a").fit(to: frame)
    let emm = try MarginalMeans(fit: fit, factor: "a", adjustment: .none)
    guard case .numeric(let y) = frame["y"]!, case .categorical(let a) = frame["a"]! else { return }
    for (index, level) in a.levels.enumerated() {
        let values = y.indices.filter { a.codes[$0] == Int32(index) }.map { y[$0] }
        let mean = values.reduce(0, +) / Double(values.count)
        let m = try #require(emm.means.first { $0.level == level })
        #expect(abs(m.estimate - mean) <= 1e-12)
        #expect(abs(m.standardError - fit.residualStandardError / Double(values.count).squareRoot()) <= 1e-12)
    }
    #expect(emm.contrasts.map(\.contrast) == ["p - q", "p - r", "q - r"])
    #expect(throws: StatsError.self) { try MarginalMeans(fit: fit, factor: "aa") }
    #expect(throws: StatsError.self) { try MarginalMeans(fit: fit, factor: "a", by: "a") }
}
