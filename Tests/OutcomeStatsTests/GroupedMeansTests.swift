import Foundation
import RealModule
import Testing
@testable import OutcomeStats

/// groupedMeans' intervals against R (Notebooks-Scripts/reference_wilson.R): the Wilson score
/// interval of a rate as `prop.test(x, n, correct = FALSE)`, the t interval of a mean as
/// `t.test`, both to 1e-12 relative (absolute at 0 and 1).
@Suite struct GroupedMeansTests {
    static func rows(_ name: String) throws -> [[String]] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",").map(String.init) }
    }

    @Test func wilsonScoreIntervalsMatchPropTest() throws {
        let reference = try Self.rows("wilson_reference")
        #expect(reference.count > 40)
        for row in reference {
            let x = try #require(Int(row[0])), n = try #require(Int(row[1]))
            let level = try #require(Double(row[2]))
            let values = (0..<n).map { $0 < x ? 1.0 : 0.0 }
            let frame = try Frame(columns: [
                ("responder", .numeric(values)), ("week", .numeric([Double](repeating: 0, count: n))),
                ("cohort", .categorical(CategoricalColumn([String](repeating: "acute", count: n)))),
            ])
            let mean = try #require(try groupedMeans(of: "responder", by: "cohort", over: "week", in: frame, level: level).first)
            #expect(mean.interval == .wilsonScore)
            let lower = try #require(Double(row[3])), upper = try #require(Double(row[4]))
            #expect(mean.lower.isApproximatelyEqual(to: lower, absoluteTolerance: 1e-12, relativeTolerance: 1e-12),
                    "x \(x) n \(n): lower \(mean.lower) vs \(row[3])")
            #expect(mean.upper.isApproximatelyEqual(to: upper, absoluteTolerance: 1e-12, relativeTolerance: 1e-12),
                    "x \(x) n \(n): upper \(mean.upper) vs \(row[4])")
            #expect(mean.lower >= 0 && mean.upper <= 1)
        }
    }

    @Test func tIntervalsMatchTTest() throws {
        let samples: [Double: [Double]] = [0: [6.5, 7.1, 5.9, 8.0, 6.2], 2: [5.0, 4.4, 6.1, 5.5, 4.9, 5.3, 3.8], 4: [3.0, 3.9]]
        let weeks = samples.keys.sorted()
        let values = weeks.flatMap { samples[$0]! }
        let week = weeks.flatMap { w in samples[w]!.map { _ in w } }
        let frame = try Frame(columns: [
            ("pain", .numeric(values)), ("week", .numeric(week)),
            ("cohort", .categorical(CategoricalColumn([String](repeating: "chronic", count: values.count)))),
        ])
        for row in try Self.rows("t_interval_reference") {
            let level = try #require(Double(row[1]))
            let means = try groupedMeans(of: "pain", by: "cohort", over: "week", in: frame, level: level)
            let mean = try #require(means.first { $0.x == Double(row[0]) })
            #expect(mean.interval == .studentT)
            let center = try #require(Double(row[2])), lower = try #require(Double(row[3])), upper = try #require(Double(row[4]))
            #expect(mean.mean.isApproximatelyEqual(to: center, absoluteTolerance: 1e-12, relativeTolerance: 1e-12))
            #expect(mean.lower.isApproximatelyEqual(to: lower, absoluteTolerance: 1e-12, relativeTolerance: 1e-12),
                    "week \(row[0]): \(mean.lower) vs \(row[3])")
            #expect(mean.upper.isApproximatelyEqual(to: upper, absoluteTolerance: 1e-12, relativeTolerance: 1e-12),
                    "week \(row[0]): \(mean.upper) vs \(row[4])")
        }
    }

    /// A Wilson interval of a column that is not 0/1 is an error, not a trap.
    @Test func wilsonIntervalOfAMeasurementIsAnError() throws {
        let frame = try Frame(columns: [
            ("pain", .numeric([3, 4])), ("week", .numeric([0, 0])),
            ("cohort", .categorical(CategoricalColumn(["acute", "acute"]))),
        ])
        #expect(throws: StatsError.domain("a Wilson score interval needs a 0/1 column; 'pain' has other values")) {
            try groupedMeans(of: "pain", by: "cohort", over: "week", in: frame, interval: .wilsonScore)
        }
    }
}
