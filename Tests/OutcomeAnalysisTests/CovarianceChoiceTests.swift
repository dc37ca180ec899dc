import Foundation
import OutcomeStats
import Testing
@testable import OutcomeAnalysis

@Test(arguments: [
    ("classical", CovarianceEstimator.classical), ("HC0", .hc0), ("hc1", .hc1), ("Hc2", .hc2), ("hc3", .hc3),
    ("cluster:site", .cluster(by: "site")), ("cluster: patient_id", .cluster(by: "patient_id")),
])
func covarianceWordsParse(_ text: String, _ expected: CovarianceEstimator) throws {
    #expect(try CovarianceEstimator(parsing: text) == expected)
}

@Test(arguments: [("hc4", "Did you mean 'hc3'"), ("clustr", "cluster:COLUMN"), ("cluster:", "names no column")])
func badCovarianceWordsSuggestTheFix(_ text: String, _ fragment: String) {
    #expect {
        try CovarianceEstimator(parsing: text)
    } throws: { "\($0)".contains(fragment) }
}

@Test func specReadsCovarianceAndWeights() throws {
    let spec = try AnalysisSpec(yaml: """
        defaults:
          data: cohort.csv
          covariance: hc3
        analyses:
          - name: pain
            formula: pain_nrs ~ week
          - name: sleep
            formula: sleep_psqi ~ week
            covariance: cluster:site
            weights: w
        """, path: "analyses.yaml")
    #expect(spec.analyses[0].covariance == .hc3 && spec.analyses[0].weights == nil)
    #expect(spec.analyses[1].covariance == .cluster(by: "site") && spec.analyses[1].weights == "w")
    #expect {
        try AnalysisSpec(yaml: "analyses:\n  - name: a\n    data: a.csv\n    formula: y ~ x\n    covariance: hc9\n", path: "analyses.yaml")
    } throws: { "\($0)".contains("analyses.yaml:5:17") && "\($0)".contains("unknown covariance 'hc9'") }
}

/// `outcomes fit --covariance` reaches the JSON ("covariance", "cluster") and the text summary.
@Test func fitCommandReportsTheEstimator() throws {
    let data = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
    let json = try runOutcomes(["fit", "pain_nrs ~ week * cohort", data, "--covariance", "cluster:patient_id", "--format", "json"])
    #expect(json.status == 0)
    #expect(json.standardOutput.contains("\"covariance\": \"CR1\""))
    #expect(json.standardOutput.contains("\"cluster\": \"patient_id\""))
    #expect(json.standardOutput.contains("\"weights\": null"))
    let text = try runOutcomes(["fit", "pain_nrs ~ week", data, "--covariance", "hc3", "--weights", "age"])
    #expect(text.status == 0)
    #expect(text.standardOutput.contains("Standard errors: HC3"))
    #expect(text.standardOutput.contains("Weights: age"))
    #expect(text.standardOutput.contains("Wald F-statistic"))
    let bad = try runOutcomes(["fit", "pain_nrs ~ week", data, "--covariance", "hc4"])
    #expect(bad.status == 1)
    #expect(bad.standardError.split(separator: "\n").count == 1)
}

/// Aliased terms are `null` in the JSON, as R's NA.
@Test func aliasedTermsAreNullInJSON() throws {
    let folder = try temporaryFolder()
    let csv = "patient_id,week,pain_nrs,age,age2\nP1,0,5,30,60\nP1,2,4,40,80\nP2,0,6,50,100\nP2,2,3,35,70\n"
    let path = folder.appendingPathComponent("a.csv").path
    try csv.write(toFile: path, atomically: true, encoding: .utf8)
    let output = try FitRequest(formula: "pain_nrs ~ age + age2", dataPath: path, format: .json).run()
    #expect(output.contains("\"term\": \"age2\",\n      \"estimate\": null"))
}

/// A spec's `covariance:` and `weights:` reach the report: a notes line and the JSON keys.
@Test func specCovarianceAndWeightsReachTheReport() throws {
    let folder = try temporaryFolder()
    let data = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
    let spec = """
        defaults:
          data: \(data)
        analyses:
          - name: pain-clustered
            formula: pain_nrs ~ week * cohort
            covariance: cluster:patient_id
            weights: sessions_per_week
        """
    try spec.write(to: folder.appendingPathComponent("spec.yaml"), atomically: true, encoding: .utf8)
    let result = try runOutcomes(["run", folder.appendingPathComponent("spec.yaml").path, "--out",
                                  folder.appendingPathComponent("out").path, "--quiet"])
    #expect(result.status == 0, "\(result.standardError)")
    let report = try String(contentsOf: folder.appendingPathComponent("out/pain-clustered/report.md"), encoding: .utf8)
    #expect(report.contains("Standard errors: CR1 cluster-robust by 'patient_id'"))
    #expect(report.contains("Weighted least squares with case weights 'sessions_per_week'"))
    let json = try String(contentsOf: folder.appendingPathComponent("out/pain-clustered/results.json"), encoding: .utf8)
    #expect(json.contains("\"covariance\": \"CR1\"") && json.contains("\"cluster\": \"patient_id\""))
    #expect(json.contains("\"weights\": \"sessions_per_week\"") && json.contains("\"n_zero_weight\""))
}
