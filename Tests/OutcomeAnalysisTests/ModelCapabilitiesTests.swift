import Foundation
import Testing
@testable import OutcomeAnalysis

/// Every option a model kind cannot honour is refused (issue 16, item 8): in a spec at the line and
/// column of its key, naming the key and the model; on the command line naming the flag.
private func specError(_ analysis: String, defaults: String = "") -> String? {
    let yaml = "defaults:\n  data: cohort.csv\n" + defaults + "analyses:\n  - name: a\n" + analysis
    do {
        _ = try AnalysisSpec(yaml: yaml, path: "specs/analyses.yaml")
        return nil
    } catch {
        return "\(error)"
    }
}

@Test(arguments: [
    // binomial or Poisson with a random term
    ("    family: binomial\n    formula: y ~ week + (1 | patient_id)\n", ["analyses.yaml:5:13", "'family: binomial'", "generalized linear mixed model"]),
    ("    family: poisson\n    formula: y ~ week + (1 | patient_id)\n", ["analyses.yaml:5:13", "'family: poisson'"]),
    // mixed models
    ("    formula: y ~ week + (1 | patient_id)\n    covariance: hc3\n", ["analyses.yaml:6:17", "'covariance: hc3'", "linear mixed model"]),
    ("    formula: y ~ week + (1 | patient_id)\n    covariance: cluster:site\n", ["'covariance: cluster:site'", "linear mixed model"]),
    ("    formula: y ~ week + (1 | patient_id)\n    weights: bmi\n", ["analyses.yaml:6:14", "'weights: bmi'"]),
    ("    formula: y ~ week + (1 | patient_id)\n    anova: II\n", ["analyses.yaml:6:12", "'anova: II'", "outcomes compare"]),
    ("    formula: y ~ week + (1 | patient_id)\n    emmeans: { factor: cohort }\n", ["analyses.yaml:6:14", "'emmeans: cohort'"]),
    ("    formula: y ~ week + (1 | patient_id)\n    compare_to: y ~ 1 + (1 | patient_id)\n", ["'compare_to:", "linear mixed model"]),
    ("    formula: y ~ week + (1 | patient_id)\n    hypotheses: [week = 0]\n", ["'hypotheses: week = 0'"]),
    ("    formula: y ~ week + technique + (1 | patient_id)\n    meta: { by: site, coefficient: week }\n", ["'meta: site'"]),
    ("    formula: y ~ week + (1 | patient_id)\n    plots: [coefficients]\n", ["'plots:", "linear mixed model"]),
    ("    formula: y ~ week + (1 | patient_id)\n    tables: [csv]\n", ["'tables:", "linear mixed model"]),
    // GLMs
    ("    family: binomial\n    formula: y ~ week\n    weights: bmi\n", ["'weights: bmi'", "binomial GLM"]),
    ("    family: poisson\n    formula: y ~ week\n    covariance: hc3\n", ["'covariance: hc3'", "poisson GLM"]),
    ("    family: poisson\n    formula: y ~ week + cohort\n    anova: II\n", ["analyses.yaml:7:12", "'anova: II'", "poisson GLM"]),
    ("    family: binomial\n    formula: y ~ cohort\n    emmeans: { factor: cohort }\n", ["'emmeans: cohort'", "binomial GLM"]),
    ("    family: binomial\n    formula: y ~ week\n    hypotheses: [week = 0]\n", ["'hypotheses: week = 0'", "binomial GLM"]),
    ("    family: binomial\n    formula: y ~ week\n    compare_to: y ~ 1\n", ["'compare_to: y ~ 1'", "binomial GLM"]),
    ("    family: binomial\n    formula: y ~ week + technique\n    meta: { by: site, coefficient: week }\n", ["'meta: site'", "binomial GLM"]),
    ("    family: binomial\n    formula: y ~ week\n    plots: [coefficients]\n", ["'plots:", "binomial GLM"]),
    ("    family: binomial\n    formula: y ~ week\n    tables: [csv]\n", ["'tables:", "binomial GLM"]),
    ("    family: binomial\n    formula: y ~ week\n    estimation: ml\n", ["'estimation: ml'", "binomial GLM"]),
    // linear models
    ("    formula: y ~ week\n    estimation: ml\n", ["analyses.yaml:6:17", "'estimation: ml'", "a linear model"]),
    ("    formula: y ~ week + cohort\n    weights: bmi\n    anova: II\n", ["analyses.yaml:7:12", "'anova: II'", "case weights ('bmi')"]),
    // unknown contract names under columns:
    ("    formula: pain_nrs ~ week\n    columns: { pain_nrss: Pain }\n", ["'columns:' maps 'pain_nrss'", "Did you mean 'pain_nrs'?"]),
])
func optionsAModelCannotHonourAreRefused(_ analysis: String, _ expected: [String]) throws {
    let message = try #require(specError(analysis))
    for part in expected { #expect(message.contains(part), "\(message) lacks \(part)") }
}

/// A default that a model kind cannot honour is refused where `defaults:` sets it.
@Test func aDefaultTheModelCannotHonourNamesItsLine() throws {
    let message = try #require(specError("    formula: y ~ week + (1 | patient_id)\n", defaults: "  covariance: hc3\n"))
    #expect(message.contains("analyses.yaml:3:15") && message.contains("'covariance: hc3'"), "\(message)")
}

/// What a model kind can honour stays accepted.
@Test func optionsTheModelHonoursAreAccepted() throws {
    #expect(specError("    formula: y ~ week + (1 | patient_id)\n    estimation: ml\n") == nil)
    #expect(specError("    formula: y ~ week\n    covariance: hc3\n    weights: bmi\n    compare_to: y ~ 1\n") == nil)
    #expect(specError("    formula: y ~ week\n    covariance: hc3\n    anova: II\n") == nil)
    #expect(specError("    family: binomial\n    formula: y ~ week\n    subset: week == 10\n") == nil)
    #expect(specError("    formula: pain_nrs ~ week\n    columns: { pain_nrs: Pain }\n") == nil)
}

/// The command line refuses the same combinations, naming the flag, before reading any data.
@Test(arguments: [
    (["--family", "binomial"], "pain_nrs_responder ~ week + (1 | patient_id)", "--family is not available"),
    (["--covariance", "hc3"], "pain_nrs ~ week + (1 | patient_id)", "--covariance is not available for a linear mixed model"),
    (["--weights", "bmi"], "pain_nrs ~ week + (1 | patient_id)", "--weights is not available for a linear mixed model"),
    (["--anova", "II"], "pain_nrs ~ week + (1 | patient_id)", "--anova is not available for a linear mixed model"),
    (["--family", "poisson", "--anova", "II"], "mood_phq9 ~ week", "--anova is not available for a poisson GLM"),
    (["--family", "binomial", "--emmeans", "cohort"], "pain_nrs_responder ~ cohort", "--emmeans is not available for a binomial GLM"),
    (["--family", "poisson", "--weights", "bmi"], "mood_phq9 ~ week", "--weights is not available for a poisson GLM"),
    (["--ml"], "pain_nrs ~ week", "--ml is not available for a linear model"),
])
func commandLineRefusesWhatTheModelCannotHonour(_ options: [String], _ formula: String, _ expected: String) throws {
    let result = try runOutcomes(["fit", formula, "/nonexistent/never-read.csv"] + options)
    #expect(result.status == 1)
    #expect(result.standardError.contains(expected), "\(result.standardError)")
    #expect(!result.standardError.contains("never-read"), "the data must not be read: \(result.standardError)")
}

/// Columns named for a role are reported as that role (issue 16, item 9), with a near match.
@Test(arguments: [
    (["pain_nrs ~ week", "--reference", "nosuch=a"], "the reference-level column 'nosuch' is not in the data"),
    (["pain_nrs ~ week", "--weights", "bmii"], "the weights column 'bmii' is not in the data; did you mean 'bmi'?"),
    (["week_responder ~ technique"], "'week' has no responder criterion"),
])
func roleColumnsAreNamedForTheirRole(_ arguments: [String], _ expected: String) throws {
    let data = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
    let result = try runOutcomes(["fit", arguments[0], data] + arguments.dropFirst())
    #expect(result.status == 1)
    #expect(result.standardError.contains(expected), "\(result.standardError)")
    #expect(!result.standardError.contains("in formula") && !result.standardError.contains("age_responder"))
}

/// Huge designs end in a message naming the term, before anything of their size is allocated
/// (issue 16, item 5), and a factor × factor design with many aliased columns fits in one pass.
@Test func designsBeyondTheBudgetAreRefusedQuickly() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let large = folder.appendingPathComponent("large.csv").path
    #expect(try runOutcomes(["simulate", "--patients", "5000", "--seed", "3", "--out", large]).status == 0)
    var start = Date()
    let wide = try runOutcomes(["fit", "pain_nrs ~ week + patient_id", large])
    #expect(Date().timeIntervalSince(start) < 5)
    #expect(wide.status == 1)
    #expect(wide.standardError.contains("the term 'patient_id' makes the most of them")
            && wide.standardError.contains("(1 | patient_id)"), "\(wide.standardError)")

    let example = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
    let slopes = try runOutcomes(["fit", "pain_nrs ~ week + (patient_id | site)", example])
    #expect(slopes.status == 1)
    #expect(slopes.standardError.contains("300 random effects per group of 'site'")
            && slopes.standardError.contains("(1 | site/patient_id)"), "\(slopes.standardError)")

    // 900 columns, 600 of them aliased: one Householder pass (0.19 s in a release build; the
    // debug build the tests run, with unoptimized kernels, takes several seconds).
    start = Date()
    let crossed = try runOutcomes(["fit", "pain_nrs ~ cohort * patient_id", example, "--format", "json"])
    #expect(Date().timeIntervalSince(start) < 30)
    #expect(crossed.status == 0, "\(crossed.standardError)")
}
