import Foundation
import RealModule
import Testing
@testable import OutcomeAnalysis
import OutcomeStats

private let slopeFormula = "pain_nrs ~ week * cohort + sessions_per_week + technique + (1 + week | patient_id)"

/// `outcomes fit` with a random-effect term prints lmerTest's summary layout; `--ml` switches
/// the estimation; `--format json` gives the mixed results shape.
@Test func cliFitsMixedModels() throws {
    let data = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
    let text = try runOutcomes(["fit", slopeFormula, data, "--reference", "technique=usual_care"])
    #expect(text.status == 0)
    #expect(text.standardOutput.hasPrefix("Linear mixed model fit by REML. t-tests use Satterthwaite's method\n"))
    #expect(text.standardOutput.contains("REML criterion at convergence: 5072\n"))
    #expect(text.standardOutput.contains(" patient_id (Intercept)"))
    #expect(text.standardOutput.contains("Number of obs: 1757, groups:  patient_id, 300\n"))
    let ml = try runOutcomes(["fit", slopeFormula, data, "--ml"])
    #expect(ml.status == 0)
    #expect(ml.standardOutput.hasPrefix("Linear mixed model fit by maximum likelihood."))
    let json = try runOutcomes(["fit", slopeFormula, data, "--ml", "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
    #expect(object["model"] as? String == "mixed")
    #expect(object["estimation"] as? String == "ML")
    let statistics = try #require(object["statistics"] as? [String: Any])
    #expect(statistics["deviance"] != nil && statistics["reml_criterion"] == nil)
}

/// The mixed JSON extends the linear shape: every linear top-level key is present with the same
/// name, coefficients carry the linear keys plus `df`, and `random_effects` entries are
/// `{group, term, variance, std_dev}` with the residual last.
@Test func mixedJSONExtendsTheLinearShape() throws {
    let frame = try lmerFrame("example")
    let fit = try MixedModel(slopeFormula, contrasts: lmerContrasts).fit(to: frame)
    let linear = try LinearModel("pain_nrs ~ week").fit(to: frame)
    guard case .object(let mixedMembers) = MixedFitJSON.value(of: fit, dataLabel: "d.csv", precision: .full),
          case .object(let linearMembers) = LinearFitJSON.value(of: linear, dataLabel: "d.csv", precision: .full) else {
        Issue.record("not objects")
        return
    }
    let mixedKeys = mixedMembers.map(\.0)
    for key in linearMembers.map(\.0) { #expect(mixedKeys.contains(key), "missing \(key)") }
    #expect(Array(mixedKeys.prefix(7)) == ["model", "formula", "response", "data", "n_obs", "n_dropped", "reference_levels"])
    let object = try #require(try JSONSerialization.jsonObject(
        with: Data(MixedFitJSON.value(of: fit, dataLabel: "d.csv", precision: .full).rendered().utf8)) as? [String: Any])
    let coefficient = try #require((object["coefficients"] as? [[String: Any]])?.first)
    #expect(Set(coefficient.keys) == ["term", "estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high", "df"])
    let random = try #require(object["random_effects"] as? [[String: Any]])
    #expect(random.map { $0["group"] as? String } == ["patient_id", "patient_id", "Residual"])
    #expect(random.allSatisfy { Set($0.keys) == ["group", "term", "variance", "std_dev"] })
    let correlations = try #require(object["random_effect_correlations"] as? [[String: Any]])
    #expect(correlations.count == 1)
    #expect(correlations[0]["term1"] as? String == "(Intercept)" && correlations[0]["term2"] as? String == "week")
    let optimizer = try #require(object["optimizer"] as? [String: Any])
    #expect(optimizer["status"] as? String == "converged")
    #expect((optimizer["start"] as? [Double]) == [1, 0, 1])
}

/// Committed reports round mixed-model numbers to seven significant digits.
@Test func reportPrecisionRoundsToSevenDigits() throws {
    let fit = try MixedModel("pain_nrs ~ week + (1 | patient_id)").fit(to: try lmerFrame("example"))
    let text = MixedFitJSON.value(of: fit, dataLabel: "d.csv", precision: .report).rendered()
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let estimate = try #require((object["coefficients"] as? [[String: Any]])?.first?["estimate"] as? Double)
    #expect(estimate == Double(String(format: "%.6e", fit.coefficients[0].estimate!)))
}

/// `estimation:` in a spec selects ML or REML; a misspelling is an error that suggests the word.
@Test func specEstimationKey() throws {
    let spec = try AnalysisSpec(yaml: """
        defaults: { data: cohort.csv, estimation: ml }
        analyses:
          - { name: a, formula: "y ~ x + (1 | g)" }
          - { name: b, formula: "y ~ x + (1 | g)", estimation: REML }
        """, path: "s.yaml")
    #expect(spec.analyses.map(\.estimation) == [.ml, .reml])
    #expect {
        try AnalysisSpec(yaml: "analyses:\n  - {name: a, data: c.csv, formula: y ~ x, estimation: rml}\n", path: "s.yaml")
    } throws: { error in
        "\(error)".contains("Did you mean 'ml'") || "\(error)".contains("Did you mean 'reml'")
    }
}

/// The report's conditional modes CSV lists every patient's two effects, lme4's values to 1e-5.
@Test func reportConditionalModesMatchRanef() throws {
    let spec = try AnalysisSpec(path: repositoryRoot.appendingPathComponent("Datasets/analyses.yaml").path)
    let analysis = try #require(spec.analyses.first { $0.name == "pain-mixed" })
    let files = try AnalysisReport.render(analysis, frame: try lmerFrame("example")).files
    let csv = try #require(files.first { $0.0 == "conditional_modes.csv" }?.1)
    let lines = csv.split(separator: "\n").map(String.init)
    #expect(lines[0] == "group,level,effect,mode")
    #expect(lines.count == 1 + 300 * 2)
    let reference = try #require(LmerReference.shared.values["example/slope/REML"])
    for line in lines.dropFirst().prefix(6) {
        let f = line.split(separator: ",").map(String.init)
        let r = try #require(reference["ranef|\(f[0])|\(f[1])|\(f[2])"], "no R value for \(line)")
        #expect(abs(try #require(Double(f[3])) - r) <= 1e-5 * max(abs(r), 1e-3), "\(line) vs \(r)")
    }
}

/// `outcomes compare` prints lme4's anova layout and, as JSON, χ², df and p equal to
/// anova.merMod's to 1e-6 relative.
@Test func cliComparesNestedModels() throws {
    let data = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
    let reduced = lmerModels["intercept"]!, full = lmerModels["slope"]!
    let references = ["--reference", "technique=usual_care", "--reference", "cohort=acute"]
    let text = try runOutcomes(["compare", reduced, full, data] + references)
    #expect(text.status == 0)
    #expect(text.standardOutput.contains("reduced: \(reduced)\nfull: \(full)\n"))
    #expect(text.standardOutput.contains("npar"))
    let json = try runOutcomes(["compare", reduced, full, data, "--format", "json"] + references)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
    let reference = try #require(LmerReference.shared.values["example/lrt/ML"])
    #expect(object["df"] as? Int == Int(reference["df|"]!))
    let statistic = try #require(object["statistic"] as? Double), pValue = try #require(object["p_value"] as? Double)
    #expect(statistic.isApproximatelyEqual(to: reference["chisq|"]!, relativeTolerance: 1e-6))
    #expect(pValue.isApproximatelyEqual(to: reference["p|"]!, relativeTolerance: 1e-5))
    let bad = try runOutcomes(["compare", full, full, data])
    #expect(bad.status == 1)
    #expect(bad.standardError.contains("more parameters"))
}
