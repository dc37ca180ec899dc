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

// MARK: - Hostile and odd input (issue 16)

/// The position and message of a formula syntax error, or `nil` for another outcome.
private func syntaxError(_ text: String) -> (position: Int, message: String)? {
    do {
        _ = try Formula(text)
        return nil
    } catch StatsError.formulaSyntax(_, let position, let message) {
        return (position, message)
    } catch {
        return nil
    }
}

private func repeated(_ piece: String, _ count: Int) -> String { String(repeating: piece, count: count) }

/// Deep nesting is an error naming the first position beyond ``Formula/maximumNesting``, found
/// in time linear in the input: never a stack overflow (7,000 parentheses, 9,300 `I(` or `abs(`
/// and 47,000 unary minus signs used to crash with SIGSEGV).
@Test(arguments: [
    ("parentheses", "y ~ " + repeated("(", 7_000) + "x" + repeated(")", 7_000), 4 + 201),
    ("I()", "y ~ " + repeated("I(", 9_300) + "x" + repeated(")", 9_300), 4 + 2 * 200 + 1),
    ("abs()", "y ~ " + repeated("abs(", 9_300) + "x" + repeated(")", 9_300), 4 + 4 * 200 + 1),
    ("unary minus", "y ~ I(" + repeated("-", 47_000) + "x)", 6 + 200),
    ("power chain", "y ~ I(x" + repeated("^x", 5_000) + ")", 7 + 2 * 199 + 1),
    ("long sum in a call", "y ~ I(x" + repeated(" + x", 50_000) + ")", 7 + 4 * 199 + 2),
    ("parentheses in a call", "y ~ I(" + repeated("(", 20_000) + "x" + repeated(")", 20_000) + ")", 6 + 200),
    ("random term", "y ~ " + repeated("(", 5_000) + "1 | g" + repeated(")", 5_000), 4 + 201),
])
func deepNestingIsAnErrorNamingThePosition(_ name: String, _ text: String, _ position: Int) throws {
    let start = ContinuousClock.now
    let error = try #require(syntaxError(text), "\(name) was accepted")
    #expect(error.position == position, "\(name)")
    #expect(error.message.contains("more than \(Formula.maximumNesting) levels"))
    #expect(ContinuousClock.now - start < .seconds(5))
}

/// Nesting up to the limit is accepted: the limit is not lower than it says.
@Test func nestingAtTheLimitIsAccepted() throws {
    let depth = Formula.maximumNesting
    let formula = try Formula("y ~ " + repeated("(", depth) + "x" + repeated(")", depth))
    #expect(formula.terms.map(\.label) == ["x"])
    let call = try Formula("y ~ " + repeated("abs(", depth) + "x" + repeated(")", depth))
    #expect(call.terms.count == 1)
}

/// A cross that would expand beyond ``Formula/maximumTerms`` is refused before it is formed.
@Test func hugeCrossesAreRefusedBeforeExpansion() throws {
    let variables = (1...30).map { "x\($0)" }
    let start = ContinuousClock.now
    let error = try #require(syntaxError("y ~ " + variables.joined(separator: " * ")))
    #expect(error.message.contains("more than \(Formula.maximumTerms) terms"))
    #expect(ContinuousClock.now - start < .seconds(5))
    // 12 variables crossed are 4,095 terms: within the budget.
    #expect(try Formula("y ~ " + variables.prefix(12).joined(separator: " * ")).terms.count == 4_095)
    // Many distinct terms added one by one are refused at the first beyond the budget.
    let many = (1...5_000).map { "z\($0)" }.joined(separator: " + ")
    #expect(syntaxError("y ~ " + many)?.message.contains("more than \(Formula.maximumTerms) terms") == true)
}

/// R refuses `0:x`, `x:0` and `0*x` (`0*cohort` used to repeat coefficient names).
@Test(arguments: [("y ~ 0:technique", 6), ("y ~ week:0", 9), ("y ~ 0*cohort", 6), ("y ~ (0 + a):b", 12), ("y ~ a * 0", 7)])
func zeroCannotBeInteracted(_ text: String, _ position: Int) throws {
    let error = try #require(syntaxError(text))
    #expect(error.position == position)
    #expect(error.message.contains("'0' cannot be"))
}

/// As R's `lm`: the response on the right-hand side is dropped with a warning, with every term
/// that contains it; a function of the response (`log(week)`) is another variable and stays.
@Test func responseOnTheRightIsDroppedWithAWarning() throws {
    let formula = try Formula("week ~ week")
    #expect(formula.terms.isEmpty)
    #expect(formula.hasIntercept)
    #expect(formula.warnings == ["the response 'week' appeared on the right-hand side and was dropped (term 'week'); R's lm drops it too"])
    #expect(formula.variables.isEmpty)

    let crossed = try Formula("y ~ x * y + z")
    #expect(crossed.terms.map(\.label) == ["x", "z"])
    #expect(crossed.warnings.count == 1)
    #expect(crossed.warnings[0].contains("'y', 'x:y'"))

    let function = try Formula("y ~ log(y) + x")
    #expect(function.terms.map(\.label) == ["log(y)", "x"])
    #expect(function.warnings.isEmpty)
    #expect(function.variables == ["y", "x"])

    #expect(try Formula("y ~ a + b").warnings.isEmpty)
    #expect(syntaxError("y ~ 0 + y")?.message.contains("no terms and no intercept") == true)
}

/// The response can neither group a random-effect term nor vary in one.
@Test(arguments: [("pain_nrs ~ week + (1 | pain_nrs)", "cannot group"), ("y ~ x + (1 + y | g)", "cannot be a varying effect")])
func responseInARandomTermIsAnError(_ text: String, _ fragment: String) throws {
    let error = try #require(syntaxError(text))
    #expect(error.message.contains(fragment))
}

/// A formula that begins with `-` is refused with a message that says how to write one.
@Test func leadingMinusIsRefusedWithTheFix() throws {
    let error = try #require(syntaxError("-h ~ x"))
    #expect(error.position == 1)
    #expect(error.message.contains("starts with its response"))
}

/// A long formula is quoted as an excerpt around the fault, so the message stays short.
@Test func longFormulasAreQuotedAsAnExcerpt() throws {
    let text = "y ~ " + repeated("(", 7_000) + "x" + repeated(")", 7_000)
    do {
        _ = try Formula(text)
        Issue.record("accepted")
    } catch {
        let description = "\(error)"
        #expect(description.count < 400)
        #expect(description.contains("(14005 characters)"))
        #expect(description.contains("character 205"))
    }
}

/// A long name, number or response inside the message is an excerpt too (the formula fuzzer
/// found `y ~ \`x\` * \`g…\`(` with a 3,000-character function name quoted whole).
@Test(arguments: [
    "y ~ x * `g" + String(repeating: "é", count: 3_000) + "`(x)",
    "y ~ x + " + String(repeating: "9", count: 3_000),
    "y ~ poly(x, 2, raw = TRUE, " + String(repeating: "q", count: 3_000) + " = 1)",
    "y ~ I(1e" + String(repeating: "9", count: 3_000) + ")",
    "y ~ x + (1 | " + String(repeating: "g", count: 3_000) + " +)",
])
func longTokensInMessagesAreExcerpts(_ text: String) throws {
    do {
        _ = try Formula(text)
        Issue.record("accepted")
    } catch {
        #expect("\(error)".unicodeScalars.count < 800, "\("\(error)".prefix(200))")
    }
}
