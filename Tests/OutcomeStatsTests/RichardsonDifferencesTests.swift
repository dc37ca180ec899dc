import Foundation
import RealModule
import Testing
@testable import OutcomeStats

/// g(x, y) = (e^x sin y, x²y³): first derivatives against their closed forms to 1e-9 relative,
/// second derivatives to 1e-9, or 1e-6 at a coordinate of zero (where the fixed 1e-4 step,
/// halved three times, leaves rounding of ε/h² ≈ 1e-7 before extrapolation), as numDeriv.
@Test(arguments: [[0.3, 1.1], [1.5, -0.7], [0.0, 2.0]])
func richardsonDifferencesMatchClosedForms(_ point: [Double]) throws {
    let d = try RichardsonDifferences(at: point) { v in [exp(v[0]) * sin(v[1]), v[0] * v[0] * v[1] * v[1] * v[1]] }
    let (x, y) = (point[0], point[1])
    let first = 1e-9
    let second = point.contains(0) ? 1e-6 : 1e-9
    #expect(d.first[0][0].isApproximatelyEqual(to: exp(x) * sin(y), absoluteTolerance: first, relativeTolerance: first)
        && d.first[1][0].isApproximatelyEqual(to: exp(x) * cos(y), absoluteTolerance: first, relativeTolerance: first))
    #expect(d.first[0][1].isApproximatelyEqual(to: 2 * x * y * y * y, absoluteTolerance: first, relativeTolerance: first)
        && d.first[1][1].isApproximatelyEqual(to: 3 * x * x * y * y, absoluteTolerance: first, relativeTolerance: first))
    #expect(d.second[0][0][0].isApproximatelyEqual(to: exp(x) * sin(y), absoluteTolerance: second, relativeTolerance: second)
        && d.second[1][1][0].isApproximatelyEqual(to: -exp(x) * sin(y), absoluteTolerance: second, relativeTolerance: second))
    #expect(d.second[0][1][0].isApproximatelyEqual(to: exp(x) * cos(y), absoluteTolerance: second, relativeTolerance: second)
        && d.second[1][0][0].isApproximatelyEqual(to: exp(x) * cos(y), absoluteTolerance: second, relativeTolerance: second))
    #expect(d.second[0][1][1].isApproximatelyEqual(to: 6 * x * y * y, absoluteTolerance: second, relativeTolerance: second)
        && d.second[1][1][1].isApproximatelyEqual(to: 6 * x * x * y, absoluteTolerance: second, relativeTolerance: second))
}

/// The likelihood-ratio test refuses models that do not nest by parameter count.
@Test func likelihoodRatioTestNeedsMoreParametersInTheFullModel() throws {
    let frame = try repeatedMeasuresFrame(groups: 20, seed: 2)
    #expect {
        try LikelihoodRatioTest(reduced: MixedModel("y ~ week + (1 | id)"), full: MixedModel("y ~ week + (1 | id)"), frame: frame)
    } throws: { error in
        guard case StatsError.mixedModel(let message) = error else { return false }
        return message.contains("the full model must have more parameters than the reduced one")
    }
    let test = try LikelihoodRatioTest(reduced: MixedModel("y ~ week + (1 | id)"), full: MixedModel("y ~ week + (1 + week | id)"), frame: frame)
    #expect(test.degreesOfFreedom == 2)
    #expect(test.reduced.estimation == .ml && test.full.estimation == .ml)
    #expect(test.statistic >= 0 && test.pValue >= 0 && test.pValue <= 1)
}

/// Several grouping factors with more random effects than the dense solver takes: a clear error.
@Test func denseSolverLimitIsAClearError() throws {
    let n = 7000
    let y = (0..<n).map { Double($0 % 13) }
    let a = (0..<n).map { Optional("a\($0 / 2)") }
    let b = (0..<n).map { Optional("b\($0 % 7)") }
    let frame = try Frame(columns: [("y", .numeric(y)), ("a", .categorical(CategoricalColumn(a))), ("b", .categorical(CategoricalColumn(b)))])
    #expect {
        try MixedModel("y ~ 1 + (1 | a) + (1 | b)").fit(to: frame)
    } throws: { error in
        guard case StatsError.mixedModel(let message) = error else { return false }
        return message.contains("3000")
    }
}
