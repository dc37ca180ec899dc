import Foundation
import OutcomeStats
import Testing
@testable import OutcomeAnalysis

@Test func specReadsInferenceKeys() throws {
    let spec = try AnalysisSpec(yaml: """
        defaults:
          data: cohort.csv
          anova: ii
        analyses:
          - name: pain
            formula: pain_nrs ~ technique * cohort + week
            anova: III
            emmeans: { factor: technique, by: cohort, adjust: holm }
            hypotheses:
              - techniquedeep_tissue = techniquefriction
              - week = 0
            compare_to: pain_nrs ~ technique + cohort + week
          - name: sleep
            formula: sleep_psqi ~ technique
            emmeans: technique
            hypotheses: techniquefriction = 0
        """, path: "analyses.yaml")
    let pain = spec.analyses[0].inference
    #expect(pain.anova == .partial)
    var expected = MarginalMeansRequest(factor: "technique", by: "cohort", adjustment: .holm)
    expected.adjustmentGiven = true
    #expect(pain.marginalMeans == expected)
    #expect(pain.hypotheses == ["techniquedeep_tissue = techniquefriction", "week = 0"])
    #expect(pain.nestedFormula == "pain_nrs ~ technique + cohort + week")
    let sleep = spec.analyses[1].inference
    #expect(sleep.anova == .marginal)   // from defaults
    #expect(sleep.marginalMeans == MarginalMeansRequest(factor: "technique", by: nil, adjustment: .tukey))
    #expect(sleep.hypotheses == ["techniquefriction = 0"])
}

@Test(arguments: [
    ("anova: IV", "4:12", "unknown ANOVA type 'IV'"),
    ("emmeans: { factor: technique, adjust: tukee }", "4:43", "Did you mean 'tukey'?"),
    ("emmeans: { by: cohort }", "4:14", "needs 'factor'"),
    ("emmeans: { factor: technique, bye: cohort }", "4:35", "Did you mean 'by'?"),
    ("hypotheses: [a = b = c]", "4:18", "more than one '='"),
    ("compare_to: y ~ (", "4:17", "'compare_to'"),
    ("anovas: II", "4:5", "Did you mean 'anova'?"),
])
func badInferenceKeysNameLineAndColumn(_ line: String, _ location: String, _ message: String) {
    let yaml = "analyses:\n  - name: a\n    formula: y ~ x\n    \(line)\n"
    do {
        _ = try AnalysisSpec(yaml: yaml, path: "analyses.yaml")
        Issue.record("no error for \(line)")
    } catch {
        let text = "\(error)"
        #expect(text.hasPrefix("analyses.yaml:\(location):"), "\(text)")
        #expect(text.contains(message), "\(text)")
    }
}

@Test func fitJSONCarriesAnovaEmmeansContrastsAndPredictions() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let newData = folder.appendingPathComponent("new.csv")
    try Data("technique,cohort,week\ndeep_tissue,chronic,4\nusual_care,chronic,\n".utf8).write(to: newData)
    var options = InferenceOptions()
    options.anova = .sequential
    options.marginalMeans = MarginalMeansRequest(factor: "technique", by: "cohort")
    options.hypotheses = ["techniquedeep_tissue = techniquefriction"]
    options.nestedFormula = "pain_nrs ~ technique + cohort + week"
    options.predictionDataPath = newData.path
    let output = try FitRequest(formula: "pain_nrs ~ technique * cohort + week",
                                dataPath: repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path,
                                format: .json, referenceLevels: ["technique": "usual_care"], inference: options).run()
    let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    #expect(json["anova_type"] as? String == "I")
    let anova = try #require(json["anova"] as? [[String: Any]])
    #expect(anova.map { $0["term"] as? String } == ["technique", "cohort", "week", "technique:cohort", "Residuals"])
    #expect(anova.allSatisfy { $0["mean_sq"] != nil })
    #expect(anova.last?["statistic"] is NSNull)
    let means = try #require(json["emmeans"] as? [[String: Any]])
    #expect(means.count == 21)
    let contrasts = try #require(json["contrasts"] as? [[String: Any]])
    let chronic = try #require(contrasts.first { $0["contrast"] as? String == "deep_tissue - usual_care" && $0["by_level"] as? String == "chronic" })
    #expect(chronic["adjust"] as? String == "tukey")
    #expect(chronic["p_value"] is Double)
    #expect((json["wald_tests"] as? [[String: Any]])?.count == 1)
    #expect((json["nested_test"] as? [String: Any])?["df"] as? Int == 12)
    let predictions = try #require(json["predictions"] as? [[String: Any]])
    #expect(predictions.count == 2)
    #expect(predictions[0]["fit"] is Double)
    #expect(predictions[1]["fit"] is NSNull)   // week missing
    // The skeleton's keys are unchanged.
    for key in ["model", "formula", "coefficients", "statistics"] { #expect(json[key] != nil) }
}

@Test func cliInferenceErrorsAreOneLine() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("technique,cohort,week\nshiatsu,chronic,4\n".utf8).write(to: folder.appendingPathComponent("new.csv"))
    let data = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
    let formula = "pain_nrs ~ technique + cohort + week"
    let cases: [([String], String)] = [
        (["--predict", "new.csv"], "no level 'shiatsu'"),
        (["--anova", "IV"], "write I (sequential), II or III"),
        (["--emmeans", "tecnique"], "Did you mean 'technique'?"),
        (["--by", "cohort"], "--by needs --emmeans"),
        (["--emmeans", "technique", "--adjust", "tukee"], "Did you mean 'tukey'?"),
        (["--test", "techniquedeep_tisue = 0"], "Did you mean 'techniquedeep_tissue'?"),
    ]
    for (arguments, message) in cases {
        let result = try runOutcomes(["fit", formula, data] + arguments, in: folder)
        #expect(result.status == 1 || result.status == 64, "\(arguments)")
        #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count <= 3, "\(arguments): \(result.standardError)")
    }
}

@Test func cliTextShowsAnovaAndEmmeansLikeR() throws {
    let data = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
    let result = try runOutcomes(["fit", "pain_nrs ~ technique * cohort + week", data, "--reference", "technique=usual_care",
                                  "--anova", "II", "--emmeans", "technique", "--by", "cohort"])
    #expect(result.status == 0, "\(result.standardError)")
    let text = result.standardOutput
    #expect(text.contains("Anova Table (Type II tests)\n\nResponse: pain_nrs\n"))
    #expect(text.contains("$emmeans\ncohort = acute:\n technique"))
    #expect(text.contains("$contrasts"))
    #expect(text.contains("p-values and intervals adjusted by Tukey's method for a family of 7 means."))
}
