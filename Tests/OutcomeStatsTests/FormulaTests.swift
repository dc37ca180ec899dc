import Testing
@testable import OutcomeStats

struct FormulaCase: Sendable, CustomStringConvertible {
    let text: String
    let terms: [String]
    let intercept: Bool
    var description: String { text }
}

/// Expected term lists are what R's `attr(terms(formula), "term.labels")` prints.
@Test(arguments: [
    FormulaCase(text: "y ~ a + b", terms: ["a", "b"], intercept: true),
    FormulaCase(text: "y ~ a * b", terms: ["a", "b", "a:b"], intercept: true),
    FormulaCase(text: "y ~ a:b + a", terms: ["a", "a:b"], intercept: true),
    FormulaCase(text: "y ~ a * b * c - a:b:c", terms: ["a", "b", "c", "a:b", "a:c", "b:c"], intercept: true),
    FormulaCase(text: "y ~ a + b - 1", terms: ["a", "b"], intercept: false),
    FormulaCase(text: "y ~ 0 + a", terms: ["a"], intercept: false),
    FormulaCase(text: "y ~ (a + b):c", terms: ["a:c", "b:c"], intercept: true),
    FormulaCase(text: "y ~ b:a + a", terms: ["a", "b:a"], intercept: true),
    FormulaCase(text: "y ~ week * cohort + sessions_per_week", terms: ["week", "cohort", "sessions_per_week", "week:cohort"], intercept: true),
])
func formulaTermsFollowR(_ testCase: FormulaCase) throws {
    let formula = try Formula(testCase.text)
    #expect(formula.terms.map(\.label) == testCase.terms)
    #expect(formula.hasIntercept == testCase.intercept)
    #expect(formula.response == "y")
}

@Test(arguments: [
    ("y ~", 4), ("~ a", 1), ("y ~ a +", 8), ("y ~ a $ b", 7), ("y ~ (a + b", 11), ("y ~ a + (1 | )", 14), ("y ~ a * (1 | g)", 5), ("y ~ (| g)", 6), ("y ~ 2 + a", 5),
])
func formulaSyntaxErrorsNameTheCharacter(_ text: String, _ position: Int) {
    #expect {
        try Formula(text)
    } throws: { error in
        guard case StatsError.formulaSyntax(_, let at, _) = error else { return false }
        return at == position
    }
}
