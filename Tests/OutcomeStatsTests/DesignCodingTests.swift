import Testing
@testable import OutcomeStats

private func frame() throws -> Frame {
    try Frame(columns: [
        ("y", .numeric([1, 2, 3, 4, 5, 6, .nan, 2.5])),
        ("x", .numeric([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4])),
        ("g", .categorical(CategoricalColumn(["b", "a", "c", "a", "b", "c", "a", "c"]))),
        ("h", .categorical(CategoricalColumn(["u", "v", "u", "v", "u", nil, "v", "v"]))),
    ])
}

/// The coding rebuilds exactly the fit's model matrix: same names, same values, same rows.
@Test(arguments: ["y ~ x + g", "y ~ x * g", "y ~ g + x:g", "y ~ g * h", "y ~ 0 + g", "y ~ x:g", "y ~ g:h", "y ~ 0 + g:h + x"])
func codingReproducesModelMatrix(_ text: String) throws {
    let data = try frame()
    let formula = try Formula(text)
    let contrasts: [String: Contrast] = ["g": .treatment(reference: "c")]
    let matrix = try ModelMatrix(formula: formula, frame: data, contrasts: contrasts)
    let coding = try DesignCoding(formula: formula, frame: data, contrasts: contrasts)
    let rows = try coding.rows(for: data, requireResponse: true)
    #expect(coding.columnNames == matrix.columnNames)
    #expect(coding.columnTerms == matrix.columnTerms)
    #expect(rows.values == matrix.values)
    #expect(rows.usedRows == matrix.usedRows)
    #expect(rows.response == matrix.response)
}

@Test func newDataAreMatchedByLabelNotCode() throws {
    let coding = try DesignCoding(formula: Formula("y ~ g"), frame: frame())
    // New data with only two of the levels, so its own codes differ from the fit's.
    let new = try Frame(columns: [("g", .categorical(CategoricalColumn(["c", "b", nil])))])
    let rows = try coding.rows(for: new)
    #expect(rows.usedRows == [0, 1])
    #expect(rows.rowsInFrame == 3)
    #expect(rows.row(0) == [1, 0, 1])   // (Intercept), gb, gc
    #expect(rows.row(1) == [1, 1, 0])
}

@Test func unknownLevelInNewDataIsAnError() throws {
    let coding = try DesignCoding(formula: Formula("y ~ x + g"), frame: frame())
    let new = try Frame(columns: [("x", .numeric([1])), ("g", .categorical(CategoricalColumn(["d"])))])
    #expect(throws: StatsError.unknownLevel(column: "g", level: "d", levels: ["a", "b", "c"])) {
        try coding.rows(for: new)
    }
    let wrongKind = try Frame(columns: [("x", .categorical(CategoricalColumn(["1"]))), ("g", .categorical(CategoricalColumn(["a"])))])
    #expect(throws: StatsError.wrongColumnKind(column: "x", expected: "numeric, as in the fitted data")) {
        try coding.rows(for: wrongKind)
    }
    let missing = try Frame(columns: [("xx", .numeric([1])), ("g", .categorical(CategoricalColumn(["a"])))])
    #expect(throws: StatsError.unknownColumn(term: "x", suggestion: "xx")) { try coding.rows(for: missing) }
}

/// R's contr.sum: levels a, b, c give columns g1 = (1, 0, −1), g2 = (0, 1, −1).
@Test func sumContrastsFollowContrSum() throws {
    let coding = try DesignCoding(formula: Formula("y ~ g"), frame: frame()).withSumContrasts
    #expect(coding.columnNames == ["(Intercept)", "g1", "g2"])
    let new = try Frame(columns: [("g", .categorical(CategoricalColumn(levels: ["a", "b", "c"], codes: [0, 1, 2])))])
    let rows = try coding.rows(for: new)
    #expect(Array(rows.column(1)) == [1, 0, -1])
    #expect(Array(rows.column(2)) == [0, 1, -1])
}

@Test func covariateMeansUseTheCompleteCases() throws {
    let coding = try DesignCoding(formula: Formula("y ~ x + h"), frame: frame())
    // Complete in y, x, h: rows 0, 1, 2, 3, 4, 7 → x = 0.5, 1, 1.5, 2, 2.5, 4.
    #expect(abs(coding.covariateMeans["x"]! - 11.5 / 6) <= 1e-15)
    #expect(coding.levels["h"] == ["u", "v"])
}

@Test func referenceGridCrossesLevelsFirstFactorFastest() throws {
    let coding = try DesignCoding(formula: Formula("y ~ g * h + x"), frame: frame())
    let grid = ReferenceGrid(coding: coding)
    #expect(grid.factors == ["g", "h"])
    #expect(grid.rowCount == 6)
    #expect(grid.levelIndices == [[0, 0], [1, 0], [2, 0], [0, 1], [1, 1], [2, 1]])
    let x = coding.columnNames.firstIndex(of: "x")!
    for g in 0..<grid.rowCount { #expect(grid.design[g + x * grid.rowCount] == coding.covariateMeans["x"]) }
}
