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
