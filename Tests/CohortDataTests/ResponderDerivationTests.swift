import Testing
import OutcomeStats
import CohortData

@Suite struct ResponderDerivationTests {
    /// Pain NRS rules (≥ 2 points or ≥ 30 %), on the thresholds and either side of them.
    @Test(arguments: [
        (8.0, 6.0, 1.0),    // exactly 2 points
        (8.0, 6.1, 0.0),    // 1.9 points, 23.75 %
        (7.0, 4.9, 1.0),    // exactly 30 % (2.1 points)
        (5.0, 3.5, 1.0),    // 1.5 points = 30 %
        (5.0, 3.6, 0.0),    // 28 %
        (3.0, 2.0, 1.0),    // 1 point = 33 %
        (2.0, 5.0, 0.0),    // worse
        (0.0, 0.0, 0.0),    // baseline 0: points rule only
        (.nan, 3.0, .nan), (6.0, .nan, .nan),
    ])
    func painRules(baseline: Double, value: Double, expected: Double) {
        let flag = ResponderDerivation(outcome: "pain_nrs").flag(baseline: baseline, value: value)
        #expect(flag == expected || (flag.isNaN && expected.isNaN))
    }

    @Test func configurableThresholdsAndDirection() {
        let strict = ResponderDerivation(outcome: "pain_nrs", minimumPoints: nil, minimumFraction: 0.5)
        #expect(strict.flag(baseline: 8, value: 5) == 0)
        #expect(strict.flag(baseline: 8, value: 4) == 1)
        let rom = ResponderDerivation(outcome: "rom", minimumPoints: 10, minimumFraction: nil, improvement: .higherIsBetter)
        #expect(rom.flag(baseline: 50, value: 60) == 1)
        #expect(rom.flag(baseline: 50, value: 40) == 0)
    }

    /// Per patient: baseline at week 0, NaN at baseline visits, missing values and patients without baseline.
    @Test func derivedColumnPerPatient() throws {
        let patients = CategoricalColumn(["p1", "p1", "p1", "p2", "p2", "p3", "p2"])
        let frame = try Frame(columns: [
            ("patient_id", .categorical(patients)),
            ("week", .numeric([0, 2, 4, 0, 2, 2, 4])),
            ("pain_nrs", .numeric([7, 6, 4.9, 5, .nan, 1, 3.4])),
        ])
        let derived = try ResponderDerivation(outcome: "pain_nrs").adding(to: frame)
        guard case .numeric(let flags)? = derived["pain_nrs_responder"] else { Issue.record("no column"); return }
        let expected: [Double] = [.nan, 0, 1, .nan, .nan, .nan, 1]
        #expect(flags.count == expected.count)
        #expect(zip(flags, expected).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(flags)")
        #expect(derived.columnNames.last == "pain_nrs_responder")
    }

    /// Numeric patient ids work the same as categorical ones; a missing id gives NaN.
    @Test func numericPatientIds() throws {
        let frame = try Frame(columns: [
            ("patient_id", .numeric([7, 7, 3, 3, .nan])),
            ("week", .numeric([0, 10, 10, 0, 10])),
            ("pain_nrs", .numeric([6, 3, 5, 5.5, 1])),
        ])
        let flags = try ResponderDerivation(outcome: "pain_nrs").flags(in: frame)
        #expect(flags[0].isNaN && flags[1] == 1 && flags[2] == 0 && flags[3].isNaN && flags[4].isNaN, "\(flags)")
    }

    @Test func missingColumnsAreErrors() throws {
        let frame = try Frame(columns: [("week", .numeric([0])), ("pain_nrs", .numeric([3]))])
        #expect(throws: CohortDataError.featureNeedsColumn(file: "c.csv", feature: "pain_nrs_responder", role: "patient",
                                                           column: "patient_id", suggestion: nil)) {
            try ResponderDerivation(outcome: "pain_nrs").adding(to: frame, dataLabel: "c.csv")
        }
        #expect(throws: CohortDataError.featureNeedsColumn(file: "data", feature: "pain_responder", role: "numeric outcome",
                                                           column: "pain", suggestion: nil)) {
            try ResponderDerivation(outcome: "pain").adding(to: frame)
        }
    }

    /// One responder rule: the derivation applies ``ResponderCriterion`` itself, so the two agree
    /// on every pair, zero and negative baselines included. The documented choice: the percentage
    /// rule needs a positive baseline (a baseline of 0 or below cannot improve by a percentage of
    /// itself), so there only the points rule counts.
    @Test func derivationAndCriterionAreOneRule() {
        let derivation = ResponderDerivation(outcome: "score", minimumPoints: 3, minimumFraction: 0.3)
        let criterion = ResponderCriterion(points: 3, percent: 30)
        for baseline in stride(from: -10.0, through: 10, by: 0.5) {
            for value in stride(from: -12.0, through: 12, by: 0.7) {
                let a = derivation.flag(baseline: baseline, value: value), b = criterion.responder(baseline: baseline, value: value)
                #expect(a == b, "baseline \(baseline), value \(value): \(a) vs \(b)")
            }
        }
        let relative = ResponderDerivation(outcome: "score", minimumPoints: nil, minimumFraction: 0.3)
        #expect(relative.flag(baseline: 10, value: 6.5) == 1)      // 35 % of a positive baseline
        #expect(relative.flag(baseline: -10, value: -14) == 0)     // a fall of 4 from −10: no percentage of a negative baseline
        #expect(relative.flag(baseline: 0, value: -5) == 0)        // nor of 0
        #expect(derivation.flag(baseline: 0, value: -5) == 1)      // the points rule still applies
    }
}
