import Foundation
import Testing
@testable import OutcomeAnalysis
@testable import OutcomeStats

/// Chained-equations imputation (issue 15) on the example cohort, whose pain_nrs is missing at
/// 43 visits, some of them baselines: the week-10 ANCOVA on the derived baseline, pooled over
/// m = 500 imputations within technique, agrees with R's mice (`method = "norm"`, the same
/// model, m = 500; `Notebooks-Scripts/reference_imputation_mice.R`) within Monte-Carlo error:
/// |ours − mice| ≤ 4·√(B_ours/m + B_mice/m) for every coefficient, B being each run's
/// between-imputation variance.
private let cohort = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
private let reference = repositoryRoot.appendingPathComponent("Tests/OutcomeAnalysisTests/Fixtures/imputation_mice_reference.csv")

@Test func chainedEquationsAgreeWithMiceWithinMonteCarloError() throws {
    let result = try runOutcomes(["fit", "pain_nrs ~ pain_nrs_baseline + technique + cohort", cohort, "--subset", "week == 10",
                                  "--reference", "technique=usual_care", "--impute", "mar", "--imputations", "500", "--seed", "11",
                                  "--impute-by", "technique", "--format", "json"])
    try #require(result.status == 0, "\(result.standardError)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let imputation = try #require(json["imputation"] as? [String: Any])
    #expect(imputation["model"] as? String == "chained-equations")
    #expect((imputation["imputed_cells"] as? [String: Any])?["pain_nrs"] as? Int == 43)
    try expectPooledEstimatesAgreeWithMice(json, reference: reference, imputations: 500)
}

/// A completed data set keeps every observed cell; the derived baseline is recomputed from the
/// completed week-0 outcome; a missing numeric covariate is imputed once per subject and
/// written into each of its rows; data with no gap and no missing covariate go to the exact
/// sequential regression instead.
@Test func chainedEquationsCompleteTheDataConsistently() throws {
    var csv = "patient_id,arm,age,week,y\n"
    var generator = SeededGenerator(seed: 5)
    for i in 0..<40 {
        let arm = i % 2 == 0 ? "a" : "b"
        let age = i % 7 == 3 ? "" : String(40 + i % 13)
        for week in 0...3 {
            let missing = (i % 5 == 1 && week == 1) || (i % 9 == 2 && week == 0)
            let value = 5 + 0.3 * Double(week) + generator.nextNormal()
            csv += "P\(i),\(arm),\(age),\(week),\(missing ? "" : String(format: "%.3f", value))\n"
        }
    }
    let folder = try temporaryFolder()
    let file = folder.appendingPathComponent("gaps.csv")
    try csv.write(to: file, atomically: true, encoding: .utf8)
    let written = folder.appendingPathComponent("imputed")
    let result = try runOutcomes(["fit", "y ~ y_baseline + arm + age", file.path, "--subset", "week == 3", "--impute", "mar",
                                  "--imputations", "3", "--seed", "2", "--impute-by", "arm", "--write-imputations", written.path,
                                  "--format", "json"])
    try #require(result.status == 0, "\(result.standardError)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let cells = try #require((json["imputation"] as? [String: Any])?["imputed_cells"] as? [String: Any])
    #expect(cells["y"] as? Int == 8 + 5)
    #expect(cells["age"] as? Int == 6)
    let input = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    let output = try String(contentsOf: written.appendingPathComponent("imputation-002.csv"), encoding: .utf8)
        .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    try #require(output.count == input.count)
    #expect(output[0] == input[0] + ["y_baseline"] || output[0] == input[0], "header \(output[0])")
    var ages: [String: String] = [:]
    for (a, b) in zip(input.dropFirst(), output.dropFirst()) {
        for column in 0..<5 where !a[column].isEmpty { #expect(Double(a[column]) == Double(b[column]) || a[column] == b[column], "observed cell changed: \(a) → \(b)") }
        #expect(b.prefix(5).allSatisfy { !$0.isEmpty }, "a cell is still missing: \(b)")
        if let previous = ages[b[0]] { #expect(previous == b[2], "\(b[0]) has two imputed ages") } else { ages[b[0]] = b[2] }
    }
    // Complete covariates and monotone dropout: the sequential regression, no chains.
    let monotone = try runOutcomes(["fit", "change ~ baseline + arm", repositoryRoot.appendingPathComponent("Tests/OutcomeStatsTests/Fixtures/mmrm_trial_b.csv").path,
                                    "--subset", "week == 8", "--impute", "mar", "--imputations", "2", "--impute-by", "arm", "--format", "json"])
    try #require(monotone.status == 0, "\(monotone.standardError)")
    #expect(monotone.standardOutput.contains("\"sequential-regression\""))
}

/// The derived baseline of a completed data set is its completed week-0 outcome.
@Test func derivedBaselineFollowsTheCompletedOutcome() throws {
    let frame = try DataCache().frame(at: cohort, deriving: ["pain_nrs_baseline", "cohort"])
    let imputation = try ChainedEquationsImputation(frame: frame, response: "pain_nrs", subject: "patient_id", visit: "week",
                                                    group: "technique", covariates: ["cohort"])
    #expect(imputation.needsChains)
    let completed = try ImputedFit.rederive(["pain_nrs_baseline"], in: try imputation.completedFrame(seed: 4, imputation: 1),
                                            request: FitRequest(formula: "pain_nrs ~ pain_nrs_baseline", dataPath: cohort))
    guard case .numeric(let y)? = completed["pain_nrs"], case .numeric(let baseline)? = completed["pain_nrs_baseline"],
          case .numeric(let week)? = completed["week"], case .categorical(let patient)? = completed["patient_id"] else {
        Issue.record("columns missing"); return
    }
    var weekZero: [Int32: Double] = [:]
    for row in 0..<completed.rowCount where week[row] == 0 { weekZero[patient.codes[row]] = y[row] }
    #expect(y.allSatisfy { !$0.isNaN })
    for row in 0..<completed.rowCount { #expect(baseline[row] == weekZero[patient.codes[row]], "row \(row + 1)") }
}
