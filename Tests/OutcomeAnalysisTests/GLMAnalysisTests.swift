import Foundation
import Testing
@testable import OutcomeAnalysis
import OutcomeReports
import OutcomeStats

/// The spec's responder analysis is the model R fitted as `responder-week10` on the example cohort.
@Test func specResponderAnalysisMatchesR() throws {
    let spec = try AnalysisSpec(path: repositoryRoot.appendingPathComponent("Datasets/analyses.yaml").path)
    let analysis = try #require(spec.analyses.first { $0.name == "pain-responders" })
    #expect(analysis.family == .binomial && analysis.subset?.text == "week == 10")
    let source = try DataCache().frame(at: analysis.dataPath)
    let (_, frame) = try AnalysisFrame.prepare(source, formula: analysis.formula, responder: analysis.responder,
                                               subset: analysis.subset, fileLabel: analysis.dataLabel, analysis: analysis.name)
    let fit = try fitGeneralizedLinearModel(analysis.formula, family: .binomial, references: analysis.referenceLevels,
                                            frame: frame, fileLabel: analysis.dataLabel, analysis: analysis.name)
    let rows = try GLMReferenceRow.load().filter { $0.data == "example" && $0.model == "responder-week10" }
    #expect(fit.coefficients.map(\.term) == rows.map(\.term))
    for row in rows {
        let c = try #require(fit.coefficient(row.term))
        #expect(abs(c.estimate! - row.estimate) <= 1e-8 * abs(row.estimate))
        #expect(abs(c.standardError! - row.standardError) <= 1e-8 * row.standardError)
    }
    #expect(abs(fit.aic - rows[0].aic) <= 1e-8 * rows[0].aic)
}

@Test func specReadsFamilyResponderAndSubset() throws {
    let spec = try AnalysisSpec(yaml: """
        defaults: { data: c.csv, family: poisson }
        analyses:
          - name: counts
            formula: mood_phq9 ~ week
          - name: responders
            family: logistic
            responder: { outcome: odi, points: 10, fraction: 0.3 }
            subset: { week: 10, cohort: chronic }
            formula: odi_responder ~ technique
          - name: linear
            family: gaussian
            formula: pain_nrs ~ week
        """, path: "analyses.yaml")
    #expect(spec.analyses.map(\.family) == [.poisson, .binomial, .gaussian])
    #expect(spec.analyses[1].responder == .init(outcome: "odi", minimumPoints: 10, minimumFraction: 0.3))
    #expect(spec.analyses[1].subset?.text == "week == \"10\" & cohort == \"chronic\"")
    #expect(spec.analyses[0].responder == nil && spec.analyses[0].subset == nil)
}

@Test(arguments: [
    ("analyses:\n  - name: a\n    family: binomal\n    formula: y ~ x\n    data: a.csv\n", ["analyses.yaml:3:13", "unknown family 'binomal'", "Did you mean 'binomial'"]),
    ("analyses:\n  - name: a\n    subset: 10\n    formula: y ~ x\n    data: a.csv\n", ["analyses.yaml:3:13", "expected a comparison"]),
    ("analyses:\n  - name: a\n    responder: { outcom: pain_nrs }\n    formula: y ~ x\n    data: a.csv\n", ["analyses.yaml:3:18", "Did you mean 'outcome'"]),
    ("analyses:\n  - name: a\n    responder: { outcome: pain_nrs, points: -2 }\n    formula: y ~ x\n    data: a.csv\n", ["'points' must be a positive number"]),
])
func specGLMKeyErrorsNameTheirPlace(yaml: String, fragments: [String]) {
    do {
        _ = try AnalysisSpec(yaml: yaml, path: "specs/analyses.yaml")
        Issue.record("no error for \(yaml)")
    } catch {
        for fragment in fragments { #expect("\(error)".contains(fragment), "\(error)") }
    }
}

/// `--format json` of a binomial fit: the linear shape's keys, extended; odds ratios = exp(estimate).
@Test func glmJSONExtendsTheLinearShape() throws {
    let output = try FitRequest(formula: "pain_nrs_responder ~ technique + cohort",
                                dataPath: repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path,
                                format: .json, referenceLevels: ["technique": "usual_care"], family: .binomial,
                                subset: try RowSubset("week == 10")).run()
    let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    #expect(json["model"] as? String == "glm" && json["family"] as? String == "binomial" && json["link"] as? String == "logit")
    let linearKeys: Set<String> = ["model", "formula", "response", "data", "n_obs", "n_dropped", "reference_levels", "coefficients", "statistics"]
    #expect(linearKeys.isSubset(of: Set(json.keys)))
    let statistics = try #require(json["statistics"] as? [String: Any])
    for key in ["deviance", "null_deviance", "df_null", "df_residual", "aic", "iterations", "converged"] {
        #expect(statistics[key] != nil, "missing statistics.\(key)")
    }
    #expect(statistics["converged"] as? Bool == true)
    let coefficients = try #require(json["coefficients"] as? [[String: Any]])
    for c in coefficients {
        for key in ["term", "estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high",
                    "odds_ratio", "odds_ratio_conf_low", "odds_ratio_conf_high"] {
            #expect(c[key] != nil, "missing \(key)")
        }
        let estimate = try #require(c["estimate"] as? Double), ratio = try #require(c["odds_ratio"] as? Double)
        #expect(abs(ratio - exp(estimate)) <= 1e-14 * ratio)
    }
    let poisson = try FitRequest(formula: "mood_phq9 ~ week", dataPath: repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path,
                                 format: .json, family: .poisson).run()
    #expect(poisson.contains("\"rate_ratio\"") && poisson.contains("\"log\""))
}

/// `outcomes fit --family binomial` prints an R-like summary.glm; a misspelt family exits 1 with a suggestion.
@Test func cliFitsGLMs() throws {
    let ok = try runOutcomes(["fit", "pain_nrs_responder ~ technique + cohort", "Datasets/example_cohort.csv",
                              "--family", "binomial", "--subset", "week=10"], in: repositoryRoot)
    #expect(ok.status == 0, "\(ok.standardError)")
    for fragment in ["family = binomial(link = \"logit\")", "z value", "Pr(>|z|)", "Null deviance:", "Residual deviance:",
                     "AIC:", "Number of Fisher Scoring iterations:", "Odds ratios (95 % CI, Wald):"] {
        #expect(ok.standardOutput.contains(fragment), "missing \(fragment)")
    }
    let bad = try runOutcomes(["fit", "y ~ x", "Datasets/example_cohort.csv", "--family", "binomal"], in: repositoryRoot)
    #expect(bad.status == 1 && bad.standardError.contains("Did you mean 'binomial'"), "\(bad.standardError)")
}

/// The responder report carries the observed rates with risk differences and NNT versus the
/// reference technique; the deep tissue row equals R's prop.test (reference_effect_sizes.R).
@Test func responderReportShowsRatesAgainstR() throws {
    let spec = try AnalysisSpec(path: repositoryRoot.appendingPathComponent("Datasets/analyses.yaml").path)
    let analysis = try #require(spec.analyses.first { $0.name == "pain-responders" })
    let files = try AnalysisReport.render(analysis, frame: DataCache().frame(at: analysis.dataPath)).files
    let report = try #require(files.first { $0.0 == "report.md" }?.1)
    #expect(report.contains("## Responder rates by technique") && report.contains("## Odds ratios"))
    let json = try #require(files.first { $0.0 == "results.json" }?.1)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let rates = try #require(object["responder_rates"] as? [String: Any])
    #expect(rates["reference"] as? String == "usual_care")
    let groups = try #require(rates["groups"] as? [[String: Any]])
    let deep = try #require(groups.first { $0["level"] as? String == "deep_tissue" })
    var reference: [String: Double] = [:]
    let url = try #require(Bundle.module.url(forResource: "effect_sizes_reference", withExtension: "csv", subdirectory: "Fixtures"))
    for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
        let f = line.split(separator: ",").map(String.init)
        if f[0] == "example" && f[2] == "deep_tissue-vs-usual_care" { reference[f[1]] = Double(f[3]) }
    }
    #expect(deep["responders"] as? Int == Int(try #require(reference["responders_treated"])))
    #expect(deep["n"] as? Int == Int(try #require(reference["n_treated"])))
    for (key, name) in [("risk_difference", "risk_difference"), ("rd_conf_low", "rd_low"), ("rd_conf_high", "rd_high"), ("nnt", "nnt")] {
        let value = try #require(deep[key] as? Double), r = try #require(reference[name])
        #expect(abs(value - r) <= 1e-9 * abs(r), "\(key): \(value) vs R \(r)")   // results.json keeps 10 digits
    }
}
