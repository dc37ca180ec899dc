import Testing
@testable import OutcomeReports

@Suite("LinearScale")
struct ScaleTests {
    @Test("nice ticks are 1, 2 or 5 times a power of ten", arguments: [
        (0.0, 10.0, [0.0, 2, 4, 6, 8, 10]),
        (0.0, 1.0, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (-3.7, 2.2, [-3.0, -2, -1, 0, 1, 2]),
        (0.0, 100.0, [0.0, 20, 40, 60, 80, 100]),
        (2.5, 7.5, [3.0, 4, 5, 6, 7]),
        (1000.0, 1_000_000.0, [200_000.0, 400_000, 600_000, 800_000, 1_000_000]),
        (0.001, 0.0035, [0.001, 0.0015, 0.002, 0.0025, 0.003, 0.0035]),
        (100.0, 100.01, [100.0, 100.002, 100.004, 100.006, 100.008, 100.01]),
        (-120.0, -20.0, [-120.0, -100, -80, -60, -40, -20]),
    ] as [(Double, Double, [Double])])
    func ticks(lower: Double, upper: Double, expected: [Double]) {
        let scale = LinearScale(domain: lower...upper, range: 0...100)
        #expect(scale.ticks() == expected)
    }

    @Test("labels carry exactly the decimals the step needs", arguments: [
        (0.0, 1.0, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]),
        (0.001, 0.0035, ["0.0010", "0.0015", "0.0020", "0.0025", "0.0030", "0.0035"]),
        (-3.7, 2.2, ["-3", "-2", "-1", "0", "1", "2"]),
        (1000.0, 1_000_000.0, ["200000", "400000", "600000", "800000", "1000000"]),
    ] as [(Double, Double, [String])])
    func labels(lower: Double, upper: Double, expected: [String]) {
        #expect(LinearScale(domain: lower...upper, range: 0...1).tickLabels() == expected)
    }

    @Test("niced domains end on ticks", arguments: [
        (0.3, 9.6, 0.0, 10.0),
        (-3.7, 2.2, -4.0, 3.0),
        (2.08, 7.32, 2.0, 8.0),
        (0.0, 10.0, 0.0, 10.0),
        (0.012, 0.087, 0.0, 0.1),
    ] as [(Double, Double, Double, Double)])
    func niced(lower: Double, upper: Double, niceLower: Double, niceUpper: Double) {
        let scale = LinearScale(domain: lower...upper, range: 0...1).niced()
        #expect(scale.domain == niceLower...niceUpper)
        #expect(scale.ticks().first == niceLower)
        #expect(scale.ticks().last == niceUpper)
    }

    @Test("maps linearly, including reversed ranges")
    func mapping() {
        let x = LinearScale(domain: 0...10, range: 100...500)
        #expect(x(0) == 100)
        #expect(x(5) == 300)
        #expect(x(10) == 500)
        let y = LinearScale(domain: 0...10, from: 400, to: 100)
        #expect(y(0) == 400)
        #expect(y(10) == 100)
    }

    @Test("padded domains never empty, never non-finite")
    func paddedDomain() {
        #expect(LinearScale.paddedDomain(containing: []) == 0...1)
        #expect(LinearScale.paddedDomain(containing: [.nan, .infinity]) == 0...1)
        #expect(LinearScale.paddedDomain(containing: [5, 5, 5]) == 4.5...5.5)
        #expect(LinearScale.paddedDomain(containing: [-2, -2]) == -2.2...(-1.8))
        #expect(LinearScale.paddedDomain(containing: [0, 0]) == -1...1)
        #expect(LinearScale.paddedDomain(containing: [3, .nan, 2, -.infinity]) == 2...3)
        let huge = LinearScale.paddedDomain(containing: [-Double.greatestFiniteMagnitude, .greatestFiniteMagnitude])
        #expect(huge.upperBound - huge.lowerBound < .infinity)
        #expect(LinearScale(domain: huge, range: 0...1).ticks().count > 0)
    }

    @Test("tick steps", arguments: [
        (10.0, 5, 2, 0), (1.0, 5, 2, -1), (7.0, 5, 1, 0), (3.3, 5, 5, -1), (0.0042, 4, 1, -3), (95.0, 5, 2, 1),
    ] as [(Double, Int, Int, Int)])
    func tickStep(span: Double, count: Int, mantissa: Int, exponent: Int) throws {
        let step = try #require(TickStep(span: span, count: count))
        #expect(step.mantissa == mantissa)
        #expect(step.exponent == exponent)
    }

    @Test("undividable spans give no step")
    func noStep() {
        #expect(TickStep(span: 0, count: 5) == nil)
        #expect(TickStep(span: .infinity, count: 5) == nil)
        #expect(TickStep(span: .nan, count: 5) == nil)
    }
}
