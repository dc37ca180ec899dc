import OutcomeStats
import Testing
@testable import CohortData

/// Four visits of two patients; P2 has no baseline visit, P3 a zero baseline.
private func visits() throws -> Frame {
    try Frame(columns: [
        ("patient_id", .categorical(CategoricalColumn(["P1", "P1", "P1", "P2", "P2", "P3", "P3"]))),
        ("week", .numeric([0, 2, 4, 2, 4, 0, 2])),
        ("pain_nrs", .numeric([6, 4.2, .nan, 5, 3, 0, 1])),
        ("rom_flexion_deg", .numeric([40, 50, 60, 45, 50, 30, 30])),
        ("symptom_weeks", .numeric([3, 3, 3, 8, 8, 20, 20])),
    ])
}

private func numbers(_ frame: Frame, _ name: String) -> [Double] {
    guard case .numeric(let values)? = frame[name] else { Issue.record("\(name) not numeric"); return [] }
    return values
}

private func same(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
}

@Suite struct DerivationTests {
    @Test func baselineChangeAndPercentChange() throws {
        let frame = try visits()
        let derivation = BaselineDerivation(outcome: "pain_nrs")
        #expect(same(try derivation.values(.baseline, in: frame), [6, 6, 6, .nan, .nan, 0, 0]))
        #expect(same(try derivation.values(.change, in: frame), [0, 4.2 - 6, .nan, .nan, .nan, 0, 1]))
        #expect(same(try derivation.values(.percentChange, in: frame), [0, 100 * (4.2 - 6) / 6, .nan, .nan, .nan, .nan, .nan]))
    }

    /// Pain: ≥ 2 points or ≥ 30 %: 6 → 4.2 is exactly 30 % (a responder despite 1.8 points). The
    /// flag is missing at the baseline visit itself; with a zero baseline (P3) only the points
    /// rule applies (no change is a fraction of nothing).
    @Test func responderFlagFollowsTheCriterion() throws {
        let frame = try visits()
        #expect(same(try BaselineDerivation(outcome: "pain_nrs").values(.responder, in: frame), [.nan, 1, .nan, .nan, .nan, .nan, 0]))
        let pain = ResponderCriterion.defaults["pain_nrs"]!
        #expect(pain.isResponder(baseline: 8, value: 6))        // 2 points
        #expect(!pain.isResponder(baseline: 8, value: 6.1))     // 1.9 points, 23.75 %
        #expect(pain.isResponder(baseline: 3, value: 2.1))      // 30 %
        #expect(!pain.isResponder(baseline: 3, value: 2.2))     // 26.7 %
        let rom = ResponderCriterion(points: 15, direction: .higherIsBetter)
        #expect(same(try BaselineDerivation(outcome: "rom_flexion_deg", criterion: rom).values(.responder, in: frame),
                     [.nan, 0, 1, .nan, .nan, .nan, 0]))
    }

    /// The formula's `pain_nrs_responder` (``BaselineDerivation``) and the spec's `responder:`
    /// (``ResponderDerivation``) give the same flags: one rule, however it is asked for.
    @Test func bothResponderPathsAgree() throws {
        let frame = try visits()
        let fromFormula = try BaselineDerivation(outcome: "pain_nrs").values(.responder, in: frame)
        let fromSpec = try ResponderDerivation(outcome: "pain_nrs").flags(in: frame)
        #expect(same(fromFormula, fromSpec), "\(fromFormula) vs \(fromSpec)")
    }

    @Test func outcomesWithoutADefaultCriterionAreAnError() throws {
        #expect(throws: CohortDataError.noResponderCriterion(outcome: "rom_flexion_deg")) {
            try BaselineDerivation(outcome: "rom_flexion_deg").values(.responder, in: try visits())
        }
    }

    @Test func derivedColumnsByName() throws {
        let frame = try DerivedColumns().adding(["pain_nrs_change", "week", "pain_nrs_baseline", "cohort", "unknown_thing"],
                                                to: try visits())
        #expect(frame.columnNames.suffix(3) == ["pain_nrs_change", "pain_nrs_baseline", "cohort"])
        #expect(same(numbers(frame, "pain_nrs_baseline"), [6, 6, 6, .nan, .nan, 0, 0]))
        guard case .categorical(let cohort)? = frame["cohort"] else { Issue.record("cohort"); return }
        #expect(cohort.codes.indices.map(cohort.label(at:)) == ["acute", "acute", "acute", "subacute", "subacute", "chronic", "chronic"])
    }

    @Test func misspelledDerivedNameSuggestsTheDerivableOne() throws {
        let error = CohortDataError.notDerivable(file: "v.csv", name: "pain_nrs_chnage", suggestion: "pain_nrs_change")
        #expect(throws: error) { try DerivedColumns().adding(["pain_nrs_chnage"], to: try visits(), fileName: "v.csv") }
        #expect(error.description == "v.csv: unknown column 'pain_nrs_chnage', neither in the file nor derivable. Did you mean 'pain_nrs_change'?")
        // A near miss of a file column is left to the model's own message.
        #expect(try DerivedColumns().adding(["pain_nrz"], to: try visits()).columnNames == (try visits()).columnNames)
    }

    /// A derived column whose patient column is absent names the feature and the role.
    @Test func missingOutcomeSuggestsTheNearestColumn() {
        #expect(throws: CohortDataError.featureNeedsColumn(file: "data", feature: "pain_nrs_change", role: "patient",
                                                           column: "patient_id", suggestion: nil)) {
            try BaselineDerivation(outcome: "pain_nrs").values(.change, in: try Frame(columns: [("pain_nrs", .numeric([1]))]))
        }
    }

    @Test func cohortCutPoints() {
        let column = CohortDerivation(cutPoints: CohortCutPoints(acuteBelow: 4, chronicAbove: 12))
            .cohortColumn(symptomWeeks: [3, 4, 12, 12.5, .nan])
        #expect(column.levels == ["acute", "chronic", "subacute"])
        #expect(column.codes == [0, 2, 2, 1, -1])
        #expect(CohortDerivation().cohortColumn(symptomWeeks: [1, 2]).levels == ["acute"])
    }

    @Test func longToWideAndBack() throws {
        let long = try Frame(columns: [
            ("patient_id", .categorical(CategoricalColumn(["P1", "P1", "P2", "P2"]))),
            ("age", .numeric([40, 40, 50, 50])),
            ("week", .numeric([0, 2, 0, 2])),
            ("pain_nrs", .numeric([6, 4, 7, .nan])),
        ])
        let reshape = LongWideReshape(values: ["pain_nrs"])
        let wide = try reshape.wide(long)
        #expect(wide.columnNames == ["patient_id", "age", "pain_nrs_w0", "pain_nrs_w2"])
        #expect(same(numbers(wide, "pain_nrs_w2"), [4, .nan]))
        let back = try reshape.long(wide)
        #expect(back.columnNames == long.columnNames)
        for name in long.columnNames {
            switch (long[name]!, back[name]!) {
            case let (.numeric(a), .numeric(b)): #expect(same(a, b), "\(name)")
            case let (.categorical(a), .categorical(b)): #expect(a == b)
            default: Issue.record("\(name) changed kind")
            }
        }
    }

    @Test func wideRefusesDuplicateVisits() throws {
        let long = try Frame(columns: [
            ("patient_id", .categorical(CategoricalColumn(["P1", "P1"]))),
            ("week", .numeric([0, 0])),
            ("pain_nrs", .numeric([6, 4])),
        ])
        #expect(throws: CohortDataError.duplicateVisit(patient: "P1", week: "0")) { try LongWideReshape(values: ["pain_nrs"]).wide(long) }
    }
}
