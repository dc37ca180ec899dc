import Testing
import CohortData

@Suite struct CohortCutPointsTests {
    @Test(arguments: [
        (0.0, "acute"), (5.99, "acute"), (6.0, "subacute"), (12.0, "subacute"), (12.01, "chronic"), (520.0, "chronic"),
    ])
    func standardCutPoints(weeks: Double, expected: String) {
        #expect(CohortCutPoints.standard.cohort(forSymptomWeeks: weeks) == expected)
    }

    @Test func missingDurationHasNoCohort() {
        #expect(CohortCutPoints.standard.cohort(forSymptomWeeks: .nan) == nil)
    }

    @Test func cochraneCutPoints() {
        let cochrane = CohortCutPoints(acuteBelow: 4, chronicAbove: 12)
        #expect(cochrane.cohort(forSymptomWeeks: 3) == "acute")
        #expect(cochrane.cohort(forSymptomWeeks: 4) == "subacute")
    }
}
