import Foundation
import Testing
@testable import OutcomeStats

@Test func waldTestOfOneCoefficientIsTSquared() throws {
    let fit = try LinearModel("y ~ x + a * b").fit(to: inferenceTestData())
    for c in fit.coefficients {
        let test = try fit.waldTest(LinearHypothesis(zero: [c.term]))
        #expect(abs(test.statistic - c.statistic! * c.statistic!) <= 1e-10 * test.statistic)
        #expect(abs(test.pValue - c.pValue!) <= 1e-12)
        #expect(test.numeratorDegreesOfFreedom == 1)
    }
}

@Test func waldTestRejectsUnknownAndAliasedCoefficients() throws {
    let fit = try LinearModel("y ~ x + a").fit(to: inferenceTestData())
    #expect(throws: StatsError.domain("hypothesis 'aq = xx' names unknown coefficient 'xx'. Did you mean 'x'?")) {
        try fit.waldTest(LinearHypothesis(parsing: "aq = xx"))
    }
}
