import Testing
@testable import OutcomeStats

@Test(arguments: [
    ("a = b", [["a": 1.0, "b": -1.0]], [0.0]),
    ("a - b = 0", [["a": 1, "b": -1]], [0]),
    ("2 * week + cohortchronic = 1", [["week": 2, "cohortchronic": 1]], [1]),
    ("-a + 3 = b*0.5", [["a": -1, "b": -0.5]], [-3]),
    ("a = 0; b = 0", [["a": 1], ["b": 1]], [0, 0]),
    ("x:gb = 1e-3", [["x:gb": 1]], [0.001]),
    ("a", [["a": 1]], [0]),
])
func hypothesesParseLikeCar(_ text: String, _ rows: [[String: Double]], _ constants: [Double]) throws {
    let h = try LinearHypothesis(parsing: text)
    #expect(h.rows == rows)
    #expect(h.rightHandSide == constants)
}

@Test(arguments: ["", "a = b = c", "3 = 1", "a + = b", "a * b = 0", "log(a) = 0"])
func malformedHypothesesAreErrors(_ text: String) {
    #expect(throws: StatsError.self) { try LinearHypothesis(parsing: text) }
}

@Test func pivotedCholeskyFindsRankAndSolves() {
    // M = [[4, 2], [2, 3]]: zᵀM⁻¹z for z = (1, 1) is (3 − 2 − 2 + 4)/8 = 3/8.
    let full = PivotedCholesky(matrix: [4, 2, 2, 3], order: 2)
    #expect(full.rank == 2)
    #expect(abs(full.quadraticForm([1, 1]) - 0.375) <= 1e-15)
    // A rank-one M = vvᵀ, v = (1, 2): the generalized quadratic form of z = v is 1.
    let singular = PivotedCholesky(matrix: [1, 2, 2, 4], order: 2)
    #expect(singular.rank == 1)
    #expect(abs(singular.quadraticForm([1, 2]) - 1) <= 1e-15)
    #expect(PivotedCholesky(matrix: [0, 0, 0, 0], order: 2).rank == 0)
}

@Test func holmMatchesPAdjust() {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
    let adjusted = holmAdjusted([0.01, 0.04, 0.03, 0.005])
    for (value, expected) in zip(adjusted, [0.03, 0.06, 0.06, 0.02]) { #expect(abs(value - expected) <= 1e-15) }
    #expect(holmAdjusted([0.5, 0.9]) == [1, 1])
    // R: p.adjust(c(0.01, 0.04), "holm", n = 5) = 0.05 0.16
    let larger = holmAdjusted([0.01, 0.04], familySize: 5)
    #expect(abs(larger[0] - 0.05) <= 1e-15 && abs(larger[1] - 0.16) <= 1e-15)
}
