import Testing
@testable import OutcomeStats

struct RandomTermCase: Sendable, CustomStringConvertible {
    let text: String
    let fixed: [String]
    let random: [String]
    var description: String { text }
}

/// Expected expansions are lme4's (`lme4::findbars` after `expandDoubleVerts`, and `/` as
/// `a + a:b` in the grouping).
@Test(arguments: [
    RandomTermCase(text: "y ~ week + (1 | g)", fixed: ["week"], random: ["(1 | g)"]),
    RandomTermCase(text: "y ~ week * cohort + (1 + week | patient_id)", fixed: ["week", "cohort", "week:cohort"],
                   random: ["(1 + week | patient_id)"]),
    RandomTermCase(text: "y ~ week + (week | g)", fixed: ["week"], random: ["(1 + week | g)"]),
    RandomTermCase(text: "y ~ week + (0 + week | g)", fixed: ["week"], random: ["(0 + week | g)"]),
    RandomTermCase(text: "y ~ week + (1 + week || g)", fixed: ["week"], random: ["(1 | g)", "(0 + week | g)"]),
    RandomTermCase(text: "y ~ week + (1 | site/patient_id)", fixed: ["week"], random: ["(1 | site)", "(1 | patient_id:site)"]),
    RandomTermCase(text: "y ~ week + (1 | a) + (1 | b)", fixed: ["week"], random: ["(1 | a)", "(1 | b)"]),
    RandomTermCase(text: "y ~ (1 | a:b) + x", fixed: ["x"], random: ["(1 | a:b)"]),
    RandomTermCase(text: "y ~ 1 + ((1 | g))", fixed: [], random: ["(1 | g)"]),
])
func randomTermsExpandAsLme4(_ testCase: RandomTermCase) throws {
    let formula = try Formula(testCase.text)
    #expect(formula.terms.map(\.label) == testCase.fixed)
    #expect(formula.randomTerms.map(\.description) == testCase.random)
    #expect(formula.hasIntercept)
    #expect(formula.isMixed)
}

@Test func randomVariablesAreKeptApartFromFixedOnes() throws {
    let formula = try Formula("pain ~ cohort + (1 + week | site/patient_id)")
    #expect(formula.variables == ["cohort"])
    #expect(formula.randomVariables == ["site", "patient_id", "week"])
    #expect(formula.allVariables == ["pain", "cohort", "site", "patient_id", "week"])
    #expect(formula.randomTerms[1].grouping == ["patient_id", "site"])
    #expect(formula.randomTerms[1].effectNames == ["(Intercept)", "week"])
}

@Test func fixedFormulasHaveNoRandomTerms() throws {
    let formula = try Formula("y ~ a * b")
    #expect(!formula.isMixed)
    #expect(formula.randomVariables.isEmpty)
}

@Test(arguments: ["y ~ x - (1 | g)", "y ~ x:(1 | g)", "y ~ x + (1 | g + h)", "y ~ x + (0 | g)", "y ~ x + (1 | )"])
func malformedRandomTermsAreSyntaxErrors(_ text: String) {
    #expect {
        try Formula(text)
    } throws: { error in
        guard case StatsError.formulaSyntax = error else { return false }
        return true
    }
}

@Test func linearModelRefusesRandomTerms() throws {
    let frame = try Frame(columns: [("y", .numeric([1, 2, 3])), ("g", .numeric([1, 1, 2]))])
    #expect { try LinearModel("y ~ 1 + (1 | g)").fit(to: frame) } throws: { error in
        guard case StatsError.mixedModel(let message) = error else { return false }
        return message.contains("has random-effect terms: fit it as a mixed model")
    }
}
