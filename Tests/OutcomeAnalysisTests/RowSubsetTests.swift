import Testing
@testable import OutcomeAnalysis
import OutcomeStats

private let frame = try! Frame(columns: [
    ("week", .numeric([0, 2, 4, .nan, 6])),
    ("cohort", .categorical(CategoricalColumn(["acute", "chronic", "acute", "chronic", nil]))),
])

@Test(arguments: [
    ("cohort == \"chronic\"", [1, 3]),
    ("cohort != acute", [1, 3]),
    ("week >= 2", [1, 2, 4]),
    ("week > 2 & cohort == 'acute'", [2]),
    ("week < 1 | cohort == chronic", [0, 1, 3]),
    ("(week < 1 or week > 5) and week != 6", [0]),
    ("cohort in [acute, chronic]", [0, 1, 2, 3]),
    ("week == 4 && cohort == acute", [2]),
    ("week=4", [2]),
])
func subsetsSelectRowsLikeR(_ text: String, _ rows: [Int]) throws {
    #expect(try RowSubset(text).matchingRows(in: frame) == rows)
}

@Test(arguments: [
    ("cohort =< acute", "character 9"), ("week >", "character 7"), ("(week > 1", "expected ')'"),
    ("cohort == \"acute", "unterminated"), ("week 2", "expected a comparison"),
])
func subsetSyntaxErrorsNameTheCharacter(_ text: String, _ expected: String) {
    #expect { try RowSubset(text) } throws: { "\($0)".contains(expected) }
}

@Test func subsetColumnErrors() throws {
    #expect { try RowSubset("weeks > 1").matchingRows(in: frame) } throws: { "\($0)".contains("Did you mean 'week'") }
    #expect { try RowSubset("week > two").matchingRows(in: frame) } throws: { "\($0)".contains("not a number") }
    #expect { try RowSubset("cohort > a").matchingRows(in: frame) } throws: { "\($0)".contains("only support == and !=") }
}

// MARK: - Hostile input (issue 16)

/// 50,000 `&` terms are one list evaluated in a loop (they used to crash `evaluate` by
/// recursion), within seconds.
@Test func longChainsAreEvaluatedWithoutRecursion() throws {
    let start = ContinuousClock.now
    let and = try RowSubset((1...50_000).map { _ in "week >= 2" }.joined(separator: " & "))
    #expect(try and.matchingRows(in: frame) == [1, 2, 4])
    let or = try RowSubset((1...50_000).map { "week == \($0 % 7)" }.joined(separator: " | "))
    #expect(try or.matchingRows(in: frame) == [0, 1, 2, 4])
    let mixed = try RowSubset((1...20_000).map { _ in "week > 1 & cohort == acute" }.joined(separator: " or "))
    #expect(try mixed.matchingRows(in: frame) == [2])
    #expect(ContinuousClock.now - start < .seconds(5))
}

/// Parentheses nest at most ``RowSubset/maximumNesting`` deep; 50,000 used to crash the parser.
@Test func deepParenthesesAreAnErrorNamingThePosition() throws {
    let depth = RowSubset.maximumNesting
    #expect(try RowSubset(String(repeating: "(", count: depth) + "week > 2" + String(repeating: ")", count: depth))
        .matchingRows(in: frame) == [2, 4])
    let start = ContinuousClock.now
    let text = String(repeating: "(", count: 50_000) + "week > 2" + String(repeating: ")", count: 50_000)
    #expect { try RowSubset(text) } throws: { error in
        guard case SubsetError.syntax(_, let position, let message) = error else { return false }
        return position == depth + 1 && message.contains("more than \(depth) levels") && "\(error)".count < 400
    }
    #expect(ContinuousClock.now - start < .seconds(5))
}

/// 50,000 distinct comparisons on 2,000 rows: each numeric comparison is tested in place, at
/// the rows it can still change, so even a debug build stays within seconds.
@Test func longDistinctChainsStayFast() throws {
    let rows = try Frame(columns: [("week", .numeric((0..<2_000).map { Double($0 % 13) }))])
    let and = try RowSubset((0..<50_000).map { "week > -\($0 + 1)" }.joined(separator: " & "))
    let or = try RowSubset((0..<50_000).map { "week == \(20 + $0)" }.joined(separator: " | ") + " | week == 3")
    let start = ContinuousClock.now
    #expect(try and.matchingRows(in: rows).count == 2_000)
    #expect(try or.matchingRows(in: rows) == (0..<2_000).filter { $0 % 13 == 3 })
    #expect(ContinuousClock.now - start < .seconds(5))
}
