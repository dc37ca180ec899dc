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

@Test(arguments: [
    ("", "empty hypothesis"),
    ("a = b = c", "has more than one '='"),
    ("3 = 1", "names no coefficient"),
    ("a + = b", "a side or a '+'/'-' without a term"),
    ("a * b = 0", "cannot read 'a * b'"),
    ("log(a) = 0", "parentheses are not supported"),
])
func malformedHypothesesAreErrors(_ text: String, _ fragment: String) {
    #expect { try LinearHypothesis(parsing: text) } throws: { error in
        guard case StatsError.domain(let message) = error else { return false }
        return message.contains(fragment)
    }
}

/// Parsing is linear in the length of the text: 6,400 nested parentheses used to take 4.9 s
/// (quadratic trimming); they are refused at the first parenthesis, and a long flat sum is read
/// in one pass.
@Test func hostileHypothesesAreFastErrors() throws {
    let nested = String(repeating: "(", count: 6_400) + "week" + String(repeating: ")", count: 6_400) + " = 0"
    var start = ContinuousClock.now
    #expect { try LinearHypothesis(parsing: nested) } throws: { error in
        "\(error)".contains("character 1: parentheses are not supported") && "\(error)".count < 400
    }
    #expect(ContinuousClock.now - start < .seconds(1))

    let long = (1...20_000).map { "b\($0)" }.joined(separator: " + ") + " = 0"
    start = ContinuousClock.now
    #expect(try LinearHypothesis(parsing: long).rows[0].count == 20_000)
    #expect(ContinuousClock.now - start < .seconds(5))

    let wide = "week" + String(repeating: " ", count: 100_000) + "= 0"
    start = ContinuousClock.now
    #expect(try LinearHypothesis(parsing: wide).rows == [["week": 1]])
    #expect(ContinuousClock.now - start < .seconds(5))
}

/// Numbers must be finite: `week = 1e400` used to report F = Inf.
@Test(arguments: [
    ("week = 1e400", "is not finite"),
    ("1e400 * week = 0", "is not finite"),
    ("week = inf", "is not finite"),
    ("week = nan", "is not finite"),
    ("1e200 * 1e200 * week = 1", "beyond the largest double"),
])
func nonFiniteNumbersAreErrors(_ text: String, _ fragment: String) {
    #expect { try LinearHypothesis(parsing: text) } throws: { error in
        guard case StatsError.domain(let message) = error else { return false }
        return message.contains(fragment)
    }
}
