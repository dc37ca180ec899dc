import CohortData
import Foundation
import Testing
@testable import OutcomeAnalysis

/// The dose-response figure of the pain analysis fits change-from-baseline at week 10 on
/// sessions per week. R (lm of week-10 pain minus week-0 pain on sessions_per_week, complete
/// cases, Datasets/example_cohort.csv): slope -0.5333333333 on 280 patients; the SVG states the
/// slope to four significant digits and the patient count.
@Test func doseResponseMatchesRsLmOfChangeOnDose() throws {
    let frame = try CohortLoader().load(path: repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path)
    let svg = try #require(DoseResponsePlot.render(response: "pain_nrs", frame: frame, subset: nil))
    #expect(svg.contains("for 280 patients"))
    #expect(svg.contains("slope -0.5333 per weekly session"))
    let chronic = try #require(DoseResponsePlot.render(response: "pain_nrs", frame: frame, subset: try RowSubset("cohort == chronic")))
    #expect(!chronic.contains("for 280 patients"), "the subset must restrict the patients shown")
    #expect(DoseResponsePlot.render(response: "cohort", frame: frame, subset: nil) == nil, "no change is derivable for a category")
}
