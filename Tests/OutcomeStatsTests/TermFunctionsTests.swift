import Foundation
import Testing
@testable import OutcomeStats

private func frame() throws -> Frame {
    try Frame(columns: [
        ("y", .numeric([1, 2, 3, 4, 5, 6])),
        ("x", .numeric([0.5, 1, 1.5, 2, 2.5, 3])),
        ("z", .numeric([2, 1, 4, 3, 6, 5])),
        ("g", .categorical(CategoricalColumn(["b", "a", "c", "a", "b", "c"]))),
    ])
}

/// Column names are R's `colnames(model.matrix(f, d))` for the same data (R 4, printed by
/// hand-run `model.matrix`; R deparses the expression, so spacing and numbers follow R's rules).
@Test(arguments: [
    ("y ~ I(x^2)", ["(Intercept)", "I(x^2)"]),
    ("y ~ log(x + 1)", ["(Intercept)", "log(x + 1)"]),
    ("y ~ I(x*z)", ["(Intercept)", "I(x * z)"]),
    ("y ~ I(x/2)", ["(Intercept)", "I(x/2)"]),
    ("y ~ I(-x)", ["(Intercept)", "I(-x)"]),
    ("y ~ poly(x,3,raw=TRUE)", ["(Intercept)", "poly(x, 3, raw = TRUE)1", "poly(x, 3, raw = TRUE)2", "poly(x, 3, raw = TRUE)3"]),
    ("y ~ I(x^2):g", ["(Intercept)", "I(x^2):ga", "I(x^2):gb", "I(x^2):gc"]),
    ("y ~ sqrt(x) * g", ["(Intercept)", "sqrt(x)", "gb", "gc", "sqrt(x):gb", "sqrt(x):gc"]),
    ("y ~ I(1e-4 * x)", ["(Intercept)", "I(1e-04 * x)"]),
    ("y ~ I(100000 * x)", ["(Intercept)", "I(1e+05 * x)"]),
    ("y ~ I(0.5*x)", ["(Intercept)", "I(0.5 * x)"]),
    ("y ~ I((x + 1)^2)", ["(Intercept)", "I((x + 1)^2)"]),
    ("y ~ exp(-x)", ["(Intercept)", "exp(-x)"]),
    ("y ~ I(x^-1)", ["(Intercept)", "I(x^-1)"]),
    ("y ~ poly(x, degree = 2, raw = T)", ["(Intercept)", "poly(x, degree = 2, raw = T)1", "poly(x, degree = 2, raw = T)2"]),
    ("y ~ log10(z) + log2(x)", ["(Intercept)", "log10(z)", "log2(x)"]),
])
func functionColumnsAreNamedAsR(_ text: String, _ names: [String]) throws {
    #expect(try ModelMatrix(formula: Formula(text), frame: frame()).columnNames == names)
}

/// Values of R's model.matrix(y ~ I(x^3) + poly(z, 2, raw = TRUE) + log(x)) printed to 17 digits.
@Test func functionColumnsHaveRsValues() throws {
    let m = try ModelMatrix(formula: Formula("y ~ I(x^3) + poly(z, 2, raw = TRUE) + log(x)"), frame: frame())
    #expect(Array(m.column(1)) == [0.125, 1, 3.375, 8, 15.625, 27])
    #expect(Array(m.column(2)) == [2, 1, 4, 3, 6, 5])
    #expect(Array(m.column(3)) == [4, 1, 16, 9, 36, 25])
    #expect(Array(m.column(4)) == [-0.69314718055994529, 0, 0.40546510810816438, 0.69314718055994529,
                                   0.91629073187415511, 1.09861228866810978])
    #expect(try Formula("y ~ I(x^3) + log(x)").variables == ["x"])
}

/// x^k formed in extended precision is the correctly rounded power for these x (checked against
/// exact rational arithmetic in Python: `float(Fraction(x)**k)`), where repeated double products
/// are not always.
@Test(arguments: [(-6.860120914, 10, 230843528.99180478), (1.1, 7, 1.9487171000000012), (-3.14159, 9, -29808.87272619032)])
func powersAreCorrectlyRounded(_ x: Double, _ k: Int, _ expected: Double) throws {
    let f = try Frame(columns: [("y", .numeric([0])), ("x", .numeric([x]))])
    let m = try ModelMatrix(formula: Formula("y ~ I(x^\(k)) - 1"), frame: f)
    #expect(m.values[0] == expected)
    let p = try ModelMatrix(formula: Formula("y ~ poly(x, \(k), raw = TRUE) - 1"), frame: f)
    #expect(p.values[k - 1] == expected)
}

@Test func undefinedValuesAreErrorsNamingTheRow() throws {
    let f = try Frame(columns: [("y", .numeric([1, 2])), ("x", .numeric([1, -1]))])
    #expect {
        try ModelMatrix(formula: Formula("y ~ log(x)"), frame: f)
    } throws: { error in
        "\(error)".contains("'log(x)'") && "\(error)".contains("row 2")
    }
}

@Test(arguments: [
    ("y ~ logg(x)", "did you mean 'log'"),
    ("y ~ poly(x, 2)", "raw = TRUE"),
    ("y ~ poly(x, 0, raw = TRUE)", "whole degree"),
    ("y ~ log(x, 2)", "one unnamed argument"),
    ("y ~ I(x^2", "expected ',' or ')'"),
])
func functionSyntaxErrorsExplainTheFix(_ text: String, _ fragment: String) {
    #expect {
        try Formula(text)
    } throws: { error in
        "\(error)".contains(fragment)
    }
}

@Test func categoricalInsideAFunctionIsAnError() throws {
    #expect(throws: StatsError.wrongColumnKind(column: "g", expected: "numeric to be used in 'I(g^2)'")) {
        try ModelMatrix(formula: Formula("y ~ I(g^2)"), frame: frame())
    }
}

// MARK: - Hostile and odd input (issue 16)

/// Numeric literals are checked before they are converted: a degree or a number that is not a
/// finite normal double is an error naming it, never the trap "Double value cannot be converted
/// to Int" (these four used to trap in `TermExpression.deparse` or `polynomial`).
@Test(arguments: [
    ("y ~ poly(x, 1e19, raw = TRUE)", "whole degree from 1 to 20"),
    ("y ~ poly(x, degree = 1e300, raw = TRUE)", "whole degree from 1 to 20"),
    ("y ~ poly(x, -1e19, raw = TRUE)", "whole degree from 1 to 20"),
    ("y ~ poly(x, 2.5, raw = TRUE)", "whole degree from 1 to 20"),
    ("y ~ I(1e400)", "the number '1e400' is beyond the largest double"),
    ("y ~ I(x*1e309)", "the number '1e309' is beyond the largest double"),
    ("y ~ I(x^1e400)", "the number '1e400' is beyond the largest double"),
    ("y ~ I(1e-320)", "the number '1e-320' is below the smallest normal double"),
])
func outOfRangeLiteralsAreErrorsNamingThem(_ text: String, _ fragment: String) {
    #expect {
        try Formula(text)
    } throws: { error in
        guard case StatsError.formulaSyntax = error else { return false }
        return "\(error)".contains(fragment)
    }
}

/// Large but finite literals are fine, and deparse as R does.
@Test func largeFiniteLiteralsDeparseAsR() throws {
    #expect(try Formula("y ~ I(x * 1e300)").terms.map(\.label) == ["I(x * 1e+300)"])
    #expect(try Formula("y ~ I(x^1e19)").terms.map(\.label) == ["I(x^1e+19)"])
    #expect(TermExpression.number(.infinity).label == "Inf")
    #expect(TermExpression.number(-.infinity).label == "-Inf")
    #expect(TermExpression.number(.nan).label == "NaN")
}

/// `poly()` must be a term of its own: R's poly(poly(x, 2), 2) is a bivariate polynomial of
/// five columns, and poly() inside I() or log() is a matrix; neither is what the design codes.
@Test(arguments: ["y ~ poly(poly(x, 2, raw = TRUE), 2, raw = TRUE)", "y ~ I(poly(x, 2, raw = TRUE))",
                  "y ~ log(poly(x, 2, raw = TRUE))", "y ~ I(1 + poly(x, 2, raw = TRUE))"])
func polyInsideAnExpressionIsAnError(_ text: String) {
    #expect {
        try Formula(text)
    } throws: { error in
        "\(error)".contains("poly() must be a term of its own")
    }
}

/// A computed value below the smallest normal double is an error naming the term and the row
/// (`I(1e-320)` used to reach a precondition in the summary's quantiles, or a null intercept).
@Test func subnormalTermValuesAreErrorsNamingTheRow() throws {
    #expect {
        try ModelMatrix(formula: Formula("y ~ I(x * 1e-300 * 1e-20)"), frame: frame())
    } throws: { error in
        "\(error)".contains("'I(x * 1e-300 * 1e-20)'") && "\(error)".contains("row 1") && "\(error)".contains("smallest normal")
    }
    #expect {
        try ModelMatrix(formula: Formula("y ~ poly(x, 20, raw = TRUE)"), frame: Frame(columns: [
            ("y", .numeric([1, 2, 3])), ("x", .numeric([1, 2, 1e20])),
        ]))
    } throws: { error in
        "\(error)".contains("power 16") && "\(error)".contains("row 3")
    }
}
