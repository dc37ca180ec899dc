import Testing
@testable import OutcomeStats

/// Blocks come in lme4's order (more groups first), groups are dense codes over the used rows
/// with labels as lme4 prints them: sorted levels, numbers without decimals, `inner:outer`
/// for nesting; unused levels are dropped.
@Test func randomEffectsDesignFollowsLme4() throws {
    let frame = try Frame(columns: [
        ("y", .numeric([1, 2, 3, 4, 5, .nan, 7, 8])),
        ("week", .numeric([0, 2, 0, 2, 0, 2, 0, 2])),
        ("site", .categorical(CategoricalColumn(["b", "b", "a", "a", "b", "b", "c", "c"]))),
        ("id", .categorical(CategoricalColumn(["p1", "p1", "p2", "p2", "p3", "p3", "p4", "p4"]))),
    ])
    let formula = try Formula("y ~ 1 + (1 | site/id) + (1 + week | week)")
    let design = try ModelMatrix(formula: formula, frame: frame)
    #expect(design.usedRows == [0, 1, 2, 3, 4, 6, 7])
    let blocks = try RandomEffectsDesign(formula: formula, frame: frame, usedRows: design.usedRows, contrasts: [:]).blocks
    #expect(blocks.map(\.term.groupLabel) == ["id:site", "site", "week"])
    #expect(blocks[0].levels == ["p1:b", "p2:a", "p3:b", "p4:c"])
    #expect(blocks[0].groupCodes == [0, 0, 1, 1, 2, 3, 3])
    #expect(blocks[1].levels == ["a", "b", "c"])
    #expect(blocks[2].levels == ["0", "2"])
    #expect(blocks[2].effectNames == ["(Intercept)", "week"])
    #expect(blocks[2].values == [1, 1, 1, 1, 1, 1, 1, 0, 2, 0, 2, 0, 0, 2])
    #expect(blocks[2].lowerBounds == [0, -.infinity, 0])
    #expect(blocks[2].factor([2, 3, 4][...]) == [2, 3, 0, 4])
}

/// As lme4 ("grouping factors must have > 1 sampled level"): a grouping factor with one level
/// among the rows used is an error naming it. A numeric grouping column is a factor of its
/// distinct values, as lme4 makes one (the `week` term above).
@Test func oneLevelGroupingFactorIsAnError() throws {
    let frame = try Frame(columns: [
        ("y", .numeric([1, 2, 3, 4])), ("x", .numeric([1, 2, 3, 5])),
        ("site", .categorical(CategoricalColumn(["a", "a", "a", "a"]))), ("dose", .numeric([2, 2, 2, 2])),
    ])
    for (text, label) in [("y ~ x + (1 | site)", "site"), ("y ~ x + (1 | dose)", "dose")] {
        let formula = try Formula(text)
        #expect {
            try RandomEffectsDesign(formula: formula, frame: frame, usedRows: [0, 1, 2, 3], contrasts: [:])
        } throws: { error in
            "\(error)".contains("the grouping factor '\(label)' has one level in the 4 rows used")
        }
    }
}
