import Foundation
import Testing
@testable import OutcomeStats

/// Type I sums of squares add up to the total sum of squares about the mean.

@Test func sequentialSumsOfSquaresPartitionTheTotal() throws {
    let frame = try inferenceTestData()
    let fit = try LinearModel("y ~ x + a * b").fit(to: frame)
    let table = try AnovaTable(fit: fit, data: frame, type: .sequential)
    let y = try #require(frame.numericValues("y"))
    let mean = y.reduce(0, +) / Double(y.count)
    let total = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    #expect(abs(table.rows.reduce(0) { $0 + $1.sumOfSquares } - total) <= 1e-10 * total)
    #expect(table.rows.reduce(0) { $0 + $1.degreesOfFreedom } == y.count - 1)
}

/// Without interactions no term contains another, so types II and III test the same hypotheses;

/// the last term's type I test is the nested-model test without it.

@Test func anovaTypesAgreeWhereTheyMust() throws {
    let frame = try inferenceTestData()
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
    #expect { try NestedModelTest(smaller: fit, larger: smaller) } throws: { error in
        guard case StatsError.domain(let message) = error else { return false }
        return message.contains("has no more estimable coefficients than")
    }
}

/// Type III with sum-to-zero contrasts does not depend on the reference level the model used.

@Test func typeThreeIgnoresTheReferenceLevel() throws {
    let frame = try inferenceTestData()
    let first = try LinearModel("y ~ x + a * b").fit(to: frame)
    let second = try LinearModel("y ~ x + a * b", contrasts: ["a": .treatment(reference: "r")]).fit(to: frame)
    let f1 = try AnovaTable(fit: first, data: frame, type: .partial).rows.compactMap(\.statistic)
    let f2 = try AnovaTable(fit: second, data: frame, type: .partial).rows.compactMap(\.statistic)
    #expect(f1.count == f2.count)
    for (u, v) in zip(f1, f2) { #expect(abs(u - v) <= 1e-9 * abs(u)) }
    #expect { try AnovaTable(fit: first, data: frame.rows(Array(0..<30)), type: .marginal) } throws: { error in
        guard case StatsError.domain(let message) = error else { return false }
        return message.contains("30 complete rows but the fit used 60")
    }
}

/// contains the confidence interval.

/// With one factor only, a marginal mean is the level's sample mean, and its contrasts are

/// differences of sample means.
