import Foundation
import Testing
@testable import OutcomeStats

@Test func oneFactorMarginalMeansAreGroupMeans() throws {
    let frame = try inferenceTestData()
    let fit = try LinearModel("y ~ a").fit(to: frame)
    let emm = try MarginalMeans(fit: fit, factor: "a", adjustment: .none)
    let y = try #require(frame.numericValues("y"))
    let a = try #require(frame.categoricalValues("a"))
    for (index, level) in a.levels.enumerated() {
        let values = y.indices.filter { a.codes[$0] == Int32(index) }.map { y[$0] }
        let mean = values.reduce(0, +) / Double(values.count)
        let m = try #require(emm.means.first { $0.level == level })
        #expect(abs(m.estimate - mean) <= 1e-12)
        #expect(abs(m.standardError - fit.residualStandardError / Double(values.count).squareRoot()) <= 1e-12)
    }
    #expect(emm.contrasts.map(\.contrast) == ["p - q", "p - r", "q - r"])
    #expect { try MarginalMeans(fit: fit, factor: "aa") } throws: { error in
        guard case StatsError.domain(let message) = error else { return false }
        return message.hasPrefix("'aa' is not a categorical variable")
    }
    #expect(throws: StatsError.domain("'by' must differ from the factor 'a'")) { try MarginalMeans(fit: fit, factor: "a", by: "a") }
}

@Test func holmMatchesPAdjust() {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
    let adjusted = holmAdjusted([0.01, 0.04, 0.03, 0.005])
    #expect(adjusted.count == 4)
    for (value, expected) in zip(adjusted, [0.03, 0.06, 0.06, 0.02]) { #expect(abs(value - expected) <= 1e-15) }
    #expect(holmAdjusted([0.5, 0.9]) == [1, 1])
    // R: p.adjust(c(0.01, 0.04), "holm", n = 5) = 0.05 0.16
    let larger = holmAdjusted([0.01, 0.04], familySize: 5)
    #expect(abs(larger[0] - 0.05) <= 1e-15 && abs(larger[1] - 0.16) <= 1e-15)
}
