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
