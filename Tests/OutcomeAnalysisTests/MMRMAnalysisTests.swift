import Foundation
import Testing
@testable import OutcomeAnalysis

/// The MMRM through the command line and the spec (issue 14): the example cohort's trial
/// analysis equals nlme's `gls` (unstructured, REML, tight tolerances;
/// `Notebooks-Scripts/reference_mmrm.R`), and every option an MMRM cannot honour is refused.
private let example = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
private let trialFormula = "pain_nrs_change ~ pain_nrs_baseline + technique * week + cohort + us(week | patient_id)"

@Test func exampleTrialAnalysisEqualsGls() throws {
    let result = try runOutcomes(["fit", trialFormula, example, "--subset", "week > 0", "--format", "json",
                                  "--reference", "technique=usual_care", "--reference", "cohort=acute",
                                  "--emmeans", "technique", "--by", "week"])
    try #require(result.status == 0, "\(result.standardError)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(json["model"] as? String == "mmrm")
    #expect(json["covariance_structure"] as? String == "us")
    #expect(json["df_method"] as? String == "satterthwaite")
    let statistics = try #require(json["statistics"] as? [String: Any])
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/OutcomeAnalysisTests/Fixtures/mmrm_example_reference.csv"), encoding: .utf8)
    var reference: [String: Double] = [:]
    for line in text.split(separator: "\n").dropFirst() {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        reference[fields[0] + " " + fields[1]] = Double(fields[2])
    }
    let criterion = try #require(reference["m2loglik "])
    let ours = try #require(statistics["reml_criterion"] as? Double)
    #expect(abs(ours - criterion) / criterion < 1e-8, "\(ours) vs \(criterion)")
    let coefficients = try #require(json["coefficients"] as? [[String: Any]])
    #expect(coefficients.count == 38)
    for c in coefficients {
        let term = try #require(c["term"] as? String)
        let estimate = try #require(c["estimate"] as? Double), se = try #require(c["std_error"] as? Double)
        let refEstimate = try #require(reference["estimate " + term], "\(term)")
        let refSE = try #require(reference["se " + term])
        #expect(abs(estimate - refEstimate) <= 1e-4 * refSE, "\(term)")
        #expect(abs(se - refSE) / refSE < 1e-5, "\(term) SE")
        #expect((c["df"] as? Double).map { $0 > 100 && $0 < 400 } == true, "\(term) df")
    }
    let means = try #require(json["lsmeans"] as? [String: Any])
    #expect((means["differences"] as? [Any])?.count == 6 * 5)
    // The difference at a visit is the sum of the technique and interaction coefficients.
    let differences = try #require(means["differences"] as? [[String: Any]])
    let atTen = try #require(differences.first { $0["level"] as? String == "combined" && $0["by"] as? String == "10" })
    let combined = try #require(reference["estimate techniquecombined"]), interaction = try #require(reference["estimate techniquecombined:week10"])
    #expect(abs((atTen["estimate"] as? Double ?? .nan) - (combined + interaction)) < 1e-6)
}

/// `--df kenward-roger` and `--emmeans-weights proportional` reach the fit: the JSON's SEs and df
/// are the library's Kenward–Roger fit's (checked against pbkrtest in MMRMKenwardRogerTests),
/// and say so; proportional weights on a linear model are refused by name.
@Test func kenwardRogerAndProportionalWeightsReachTheFit() throws {
    let result = try runOutcomes(["fit", trialFormula, example, "--subset", "week > 0", "--format", "json",
                                  "--reference", "technique=usual_care", "--df", "kenward-roger",
                                  "--emmeans", "technique", "--by", "week", "--emmeans-weights", "proportional"])
    try #require(result.status == 0, "\(result.standardError)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(json["df_method"] as? String == "kenward-roger")
    #expect(json["covariance"] as? String == "kenward-roger-adjusted")
    let means = try #require(json["lsmeans"] as? [String: Any])
    #expect(means["weights"] as? String == "proportional")

    // Against the default Satterthwaite fit: one contrast's Kenward–Roger df are Satterthwaite's
    // (both from the observed information), its SE is Φ_A's, above the model-based one.
    let plain = try runOutcomes(["fit", trialFormula, example, "--subset", "week > 0", "--format", "json",
                                 "--reference", "technique=usual_care"])
    let plainJSON = try #require(try JSONSerialization.jsonObject(with: Data(plain.standardOutput.utf8)) as? [String: Any])
    let adjusted = try #require(json["coefficients"] as? [[String: Any]])
    let modelBased = try #require(plainJSON["coefficients"] as? [[String: Any]])
    #expect(adjusted.count == modelBased.count)
    var largestRatio = 0.0
    for (a, m) in zip(adjusted, modelBased) {
        let term = a["term"] as? String ?? ""
        #expect(term == m["term"] as? String)
        let seA = a["std_error"] as? Double ?? .nan, seM = m["std_error"] as? Double ?? .nan
        let dfA = a["df"] as? Double ?? .nan, dfM = m["df"] as? Double ?? .nan
        #expect(seA >= seM * (1 - 1e-12), "\(term)")
        #expect(abs(dfA - dfM) / dfM < 1e-8, "\(term) df \(dfA) vs \(dfM)")
        largestRatio = max(largestRatio, seA / seM)
    }
    #expect(largestRatio > 1 + 1e-4)
    #expect(((means["means"] as? [[String: Any]])?.count ?? 0) == 7 * 5)

    let linear = try runOutcomes(["fit", "pain_nrs ~ technique", example, "--emmeans", "technique", "--emmeans-weights", "proportional"])
    #expect(linear.status != 0)
    #expect(linear.standardError.contains("--emmeans-weights"), "\(linear.standardError)")
}

/// `--covariance empirical` gives the sandwich SEs with between-within df, says so, and is refused
/// by a linear model, which has cluster:patient_id instead.
@Test func empiricalCovarianceThroughTheCommandLine() throws {
    let result = try runOutcomes(["fit", trialFormula, example, "--subset", "week > 0", "--format", "json",
                                  "--covariance", "empirical"])
    try #require(result.status == 0, "\(result.standardError)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(json["covariance"] as? String == "empirical")
    #expect(json["df_method"] as? String == "between-within")
    let text = try runOutcomes(["fit", trialFormula, example, "--subset", "week > 0", "--covariance", "empirical"])
    #expect(text.standardOutput.contains("standard errors from the empirical (sandwich) covariance by subject"))
    let linear = try runOutcomes(["fit", "pain_nrs ~ week", example, "--covariance", "empirical"])
    #expect(linear.status != 0)
    #expect(linear.standardError.contains("cluster:patient_id"), "\(linear.standardError)")
}

@Test func textSummaryShowsTheCovarianceAndTheTreatmentDifference() throws {
    let result = try runOutcomes(["fit", trialFormula, example, "--subset", "week > 0", "--reference", "technique=usual_care",
                                  "--emmeans", "technique", "--by", "week", "--df", "between-within", "--anova", "III"])
    try #require(result.status == 0, "\(result.standardError)")
    let text = result.standardOutput
    for part in ["MMRM fit by REML. t-tests use between-within degrees of freedom",
                 "Covariance: unstructured (us), 15 parameters, visit 'week', subject 'patient_id'",
                 "Covariance estimate:", "Correlation:", "LS-means of technique by week (equal weights):",
                 "Differences from usual_care at each week:", "combined - usual_care",
                 "Type III tests of fixed effects (between-within df):", "technique:week",
                 "Optimizer: Fisher scoring converged"] {
        #expect(text.contains(part), "missing: \(part)")
    }
}

/// Every option an MMRM cannot honour, and `--df` on other models, is an error naming it.
@Test(arguments: [
    ["--covariance", "hc3"], ["--anova", "II"], ["--emmeans", "technique", "--adjust", "holm"],
    ["--test", "techniquecombined = 0"], ["--compare", "pain_nrs_change ~ pain_nrs_baseline + us(week | patient_id)"],
    ["--df", "kenward-roger", "--ml"], ["--family", "binomial"], ["--covariance", "empirical", "--df", "satterthwaite"],
])
func optionsAnMMRMCannotHonourAreRefused(_ options: [String]) throws {
    let result = try runOutcomes(["fit", trialFormula, example, "--subset", "week > 0"] + options)
    #expect(result.status != 0)
    let flags = options.filter { $0.hasPrefix("--") }
    #expect(flags.contains { result.standardError.contains($0) } || result.standardError.contains("family"), "\(result.standardError)")
}

@Test func degreesOfFreedomOnALinearModelAreRefused() throws {
    let result = try runOutcomes(["fit", "pain_nrs ~ week", example, "--df", "residual"])
    #expect(result.status != 0)
    #expect(result.standardError.contains("--df is not available for a linear model"), "\(result.standardError)")
    let typo = try runOutcomes(["fit", trialFormula, example, "--df", "satterwaite"])
    #expect(typo.status != 0 && typo.standardError.contains("satterthwaite"))
}

private func specError(_ analysis: String) -> String? {
    let yaml = "defaults:\n  data: cohort.csv\nanalyses:\n  - name: a\n" + analysis
    do {
        _ = try AnalysisSpec(yaml: yaml, path: "specs/analyses.yaml")
        return nil
    } catch {
        return "\(error)"
    }
}

@Test func specKeysTheMMRMCannotHonourAreRefusedAtTheirLine() throws {
    let mmrm = "    formula: y ~ week + us(week | patient_id)\n"
    let cases: [(String, [String])] = [
        (mmrm + "    df: kenward-roger\n    estimation: ml\n", ["analyses.yaml:6:9", "'df: kenward-roger'", "REML"]),
        ("    formula: y ~ technique\n    emmeans: { factor: technique, weights: proportional }\n",
         ["'emmeans weights: proportional'", "MMRMs"]),
        (mmrm + "    emmeans: { factor: technique, weights: observed }\n", ["equal or proportional", "'observed'"]),
        (mmrm + "    anova: II\n", ["analyses.yaml:6:12", "'anova: II'", "Type III"]),
        (mmrm + "    covariance: hc3\n", ["'covariance: hc3'", "an MMRM"]),
        (mmrm + "    emmeans: { factor: technique, adjust: holm }\n", ["'adjust: holm'"]),
        ("    formula: y ~ week\n    df: residual\n", ["analyses.yaml:6:9", "'df: residual'", "a linear model"]),
        (mmrm + "    df: satterwaite\n", ["Did you mean 'satterthwaite'?"]),
        ("    family: binomial\n" + mmrm, ["'family: binomial'", "an MMRM"]),
    ]
    for (analysis, expected) in cases {
        let message = try #require(specError(analysis), "accepted: \(analysis)")
        for part in expected { #expect(message.contains(part), "\(message) lacks \(part)") }
    }
    #expect(specError(mmrm + "    df: residual\n    estimation: ml\n    weights: w\n    emmeans: { factor: technique, by: week }\n") == nil)
}

/// `covariance: [us, toeph, ar1h, cs]` is an MMRM's fallback sequence: checked when the spec is
/// read, and used in the report when the first structure cannot converge.
@Test func fallbackSequenceInASpec() throws {
    let mmrm = "    formula: y ~ week + us(week | patient_id)\n"
    let accepted = try AnalysisSpec(yaml: "analyses:\n  - name: a\n    data: a.csv\n" + mmrm + "    covariance: [us, toeph, ar1h, cs]\n",
                                    path: "specs/analyses.yaml")
    #expect(accepted.analyses[0].covarianceFallback == [.heterogeneousToeplitz, .heterogeneousAutoregressive, .compoundSymmetry])
    let cases: [(String, [String])] = [
        (mmrm + "    covariance: [toeph, us]\n", ["analyses.yaml:6:17", "starts with 'toeph'"]),
        (mmrm + "    covariance: [us, toepx]\n", ["analyses.yaml:6:22", "'toepx' is not a covariance structure", "Did you mean"]),
        ("    formula: y ~ week\n    covariance: [us, cs]\n", ["analyses.yaml:6:17", "fallback sequence"]),
    ]
    for (analysis, expected) in cases {
        let message = try #require(specError(analysis), "accepted: \(analysis)")
        for part in expected { #expect(message.contains(part), "\(message) lacks \(part)") }
    }

    // Visit 3 is visit 1 plus one for every patient: an unstructured Σ is singular, cs is not.
    let folder = try temporaryFolder()
    var lines = ["patient_id,visit,y"]
    var state: UInt64 = 99
    func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * 4 - 2
    }
    for s in 0..<40 {
        let first = next(), second = next()
        for (v, value) in [("v1", first), ("v2", second), ("v3", first + 1)] {
            lines.append("P\(s),\(v),\(String(format: "%.6f", value))")
        }
    }
    try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("trial.csv"), atomically: true, encoding: .utf8)
    try """
        analyses:
          - name: fallback
            data: trial.csv
            formula: y ~ visit + us(visit | patient_id)
            covariance: [us, cs]
        """.write(to: folder.appendingPathComponent("spec.yaml"), atomically: true, encoding: .utf8)
    let result = try runOutcomes(["run", folder.appendingPathComponent("spec.yaml").path, "--out",
                                  folder.appendingPathComponent("out").path, "--quiet"])
    try #require(result.status == 0, "\(result.standardError)")
    let report = try String(contentsOf: folder.appendingPathComponent("out/fallback/report.md"), encoding: .utf8)
    #expect(report.contains("Covariance fallback sequence us, cs: 'us' ("), "\(report)")
    #expect(report.contains("'cs' was used."))
    let json = try String(contentsOf: folder.appendingPathComponent("out/fallback/results.json"), encoding: .utf8)
    #expect(json.contains("\"covariance_structure\": \"cs\""))
}
