import Testing
@testable import OutcomeStats

private func exampleFrame() throws -> Frame {
    try Frame(columns: [
        ("y", .numeric([1, 2, 3, 4, 5, 6, .nan])),
        ("x", .numeric([0.5, 1, 1.5, 2, 2.5, 3, 3.5])),
        ("g", .categorical(CategoricalColumn(["b", "a", "c", "a", "b", "c", "a"]))),
        ("h", .categorical(CategoricalColumn(["u", "v", "u", "v", "u", nil, "v"]))),
    ])
}

/// Column names are those of R's `colnames(model.matrix(formula, data))` for the same frame.
@Test(arguments: [
    ("y ~ x + g", ["(Intercept)", "x", "gb", "gc"]),
    ("y ~ x * g", ["(Intercept)", "x", "gb", "gc", "x:gb", "x:gc"]),
    ("y ~ g + x:g", ["(Intercept)", "gb", "gc", "ga:x", "gb:x", "gc:x"]),
    ("y ~ g * h", ["(Intercept)", "gb", "gc", "hv", "gb:hv", "gc:hv"]),
    ("y ~ 0 + g", ["ga", "gb", "gc"]),
    ("y ~ x:g", ["(Intercept)", "x:ga", "x:gb", "x:gc"]),
])
func columnNamesFollowRModelMatrix(_ text: String, _ names: [String]) throws {
    let matrix = try ModelMatrix(formula: Formula(text), frame: exampleFrame())
    #expect(matrix.columnNames == names)
}

@Test func completeCasesDropRowsMissingAnyVariable() throws {
    let matrix = try ModelMatrix(formula: Formula("y ~ x + h"), frame: exampleFrame())
    #expect(matrix.usedRows == [0, 1, 2, 3, 4])
    #expect(matrix.droppedRowCount == 2)
    // Missing h only matters when h is in the formula.
    #expect(try ModelMatrix(formula: Formula("y ~ x"), frame: exampleFrame()).droppedRowCount == 1)
}

@Test func referenceLevelCanBeChosen() throws {
    let matrix = try ModelMatrix(formula: Formula("y ~ g"), frame: exampleFrame(),
                                 contrasts: ["g": .treatment(reference: "c")])
    #expect(matrix.columnNames == ["(Intercept)", "ga", "gb"])
    #expect(matrix.referenceLevels == ["g": "c"])
    #expect(Array(matrix.column(1)) == [0, 1, 0, 1, 0, 0])
}

@Test func unknownColumnSuggestsTheNearestName() throws {
    #expect(throws: StatsError.unknownColumn(term: "xx", suggestion: "x")) {
        try ModelMatrix(formula: Formula("y ~ xx"), frame: exampleFrame())
    }
    #expect(throws: StatsError.unknownLevel(column: "g", level: "z", levels: ["a", "b", "c"])) {
        try ModelMatrix(formula: Formula("y ~ g"), frame: exampleFrame(), contrasts: ["g": .treatment(reference: "z")])
    }
}
