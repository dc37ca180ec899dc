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

// MARK: - Odd data (issue 16)

/// As R: a factor needs two levels among the rows used ("contrasts can be applied only to
/// factors with 2 or more levels"); a one-level factor is an error naming it, not a term that
/// silently vanishes from the model, the ANOVA and the marginal means.
@Test func oneLevelFactorIsAnErrorNamingIt() throws {
    let frame = try Frame(columns: [
        ("y", .numeric([1, 2, 3, 4])),
        ("x", .numeric([1, 2, 3, 5])),
        ("one", .categorical(CategoricalColumn(["a", "a", "a", "a"]))),
        ("sparse", .categorical(CategoricalColumn(["a", "b", "b", "b"]))),
        ("empty", .categorical(CategoricalColumn([nil, nil, nil, nil]))),
    ])
    for text in ["y ~ x + one", "y ~ 0 + one", "y ~ x:one"] {
        #expect { try ModelMatrix(formula: Formula(text), frame: frame) } throws: { error in
            "\(error)".contains("the factor 'one' has only one level ('a') in the 4 rows used")
        }
    }
    // Two levels in the data but one among the complete cases is one level too.
    let subset = try Frame(columns: [
        ("y", .numeric([.nan, 2, 3, 4])), ("sparse", .categorical(CategoricalColumn(["a", "b", "b", "b"]))),
    ])
    #expect { try ModelMatrix(formula: Formula("y ~ sparse"), frame: subset) } throws: { error in
        "\(error)".contains("only one level ('b') in the 3 rows used")
    }
    #expect(try ModelMatrix(formula: Formula("y ~ sparse"), frame: frame).columnNames == ["(Intercept)", "sparseb"])
    #expect { try ModelMatrix(formula: Formula("y ~ x + empty"), frame: frame) } throws: { error in
        "\(error)".contains("'empty' has no levels")
    }
}

/// A subnormal value in a column or the response cannot be scaled for the QR: an error naming
/// the column and the row, never NaN estimates or a precondition in the summary.
@Test func subnormalDataAreErrorsNamingTheCell() throws {
    let frame = try Frame(columns: [
        ("y", .numeric([1, 2, 3, 5])), ("x", .numeric([1e-320, 1e-320, 2e-320, 0])),
        ("tiny", .numeric([1e-320, 1, 2, 3])), ("z", .numeric([1, 2, 4, 3])),
    ])
    #expect { try ModelMatrix(formula: Formula("y ~ x"), frame: frame) } throws: { error in
        "\(error)".contains("the column 'x' is 1e-320 at data row 1")
    }
    #expect { try ModelMatrix(formula: Formula("tiny ~ z"), frame: frame) } throws: { error in
        "\(error)".contains("the response 'tiny' is 1e-320 at data row 1")
    }
}

/// Values whose least-squares solution overflows are an error, not NaN estimates with exit 0.
@Test func overflowingFitsAreErrors() throws {
    let frame = try Frame(columns: [("y", .numeric([1e300, -1.7e308, 1.7e308, 1e308])), ("x", .numeric([1, 3, 2, 4]))])
    #expect { try LinearModel("y ~ x").fit(to: frame) } throws: { error in
        "\(error)".contains("is not finite") && "\(error)".contains("rescale")
    }
}

/// Fuzzer finding (FuzzFormulaParser, crash-5af228e1): a back-quoted name of 2,000 characters
/// was quoted whole in "unknown column …"; messages quote long names as an excerpt.
@Test func longNamesAreQuotedAsAnExcerpt() throws {
    let name = String(repeating: "*", count: 1_000) + String(repeating: ",", count: 1_000)
    #expect { try ModelMatrix(formula: Formula("y ~ `\(name)` + x"), frame: exampleFrame()) } throws: { error in
        "\(error)".contains("(2000 characters)") && "\(error)".count < 400
    }
    #expect { try ModelMatrix(formula: Formula("y ~ log(`\(name)`)"), frame: exampleFrame()) } throws: { error in
        "\(error)".count < 400
    }
    let dropped = try Formula("y ~ " + (1...50).map { "x\($0):y" }.joined(separator: " + "))
    #expect(dropped.warnings[0].hasSuffix("(terms 'x1:y', 'y:x2', 'y:x3', 'y:x4', 'y:x5' and 45 more); R's lm drops it too"))
}
