import Foundation
import Testing
@testable import OutcomeAnalysis

/// `missing: { method: … }` in a spec (issue 15): the analysis is imputed and pooled as
/// `outcomes fit --impute` does it, to the byte; its report holds the pooled estimates beside
/// the complete-case ones, the missing data by arm and visit and the tipping-point table and
/// plot; keys it cannot honour are refused at their line.
private let trial = repositoryRoot.appendingPathComponent("Tests/OutcomeStatsTests/Fixtures/mmrm_trial_b.csv").path

private func writeSpec(_ analyses: String) throws -> URL {
    let folder = try temporaryFolder()
    let spec = folder.appendingPathComponent("spec.yaml")
    try """
    defaults:
      data: \(trial)
      reference: { arm: usual_care }
    analyses:
    \(analyses)
    """.write(to: spec, atomically: true, encoding: .utf8)
    return spec
}

@Test func specImputationEqualsTheCommandLineAndReportsMissingDataAndTippingPoint() throws {
    let spec = try writeSpec("""
      - name: j2r
        title: Week 8, jump to reference
        formula: change ~ baseline + arm + site
        subset: week == 8
        missing: { method: multiple-imputation, m: 8, seed: 5, assumption: jump-to-reference, reference: usual_care, delta: [0, 1, 2] }
    """)
    let out = spec.deletingLastPathComponent().appendingPathComponent("out")
    let run = try runOutcomes(["run", spec.path, "--out", out.path, "--quiet"])
    try #require(run.status == 0, "\(run.standardError)")
    let fit = try runOutcomes(["fit", "change ~ baseline + arm + site", trial, "--subset", "week == 8", "--reference", "arm=usual_care",
                               "--impute", "jump-to-reference", "--imputations", "8", "--seed", "5", "--impute-by", "arm",
                               "--delta", "0,1,2", "--format", "json"])
    try #require(fit.status == 0, "\(fit.standardError)")
    let results = try String(contentsOf: out.appendingPathComponent("j2r/results.json"), encoding: .utf8)
    // The spec's data label is the file's path as the spec wrote it, which is the same path here.
    #expect(results == fit.standardOutput, "results.json differs from outcomes fit --format json")
    let report = try String(contentsOf: out.appendingPathComponent("j2r/report.md"), encoding: .utf8)
    for expected in ["## Pooled estimates", "CC estimate", "## Missing data", "| massage    | 8     |      150 |       95 |      55 |",
                     "## Tipping point", "plots/tipping_point.svg", "jump to reference (reference 'usual_care')"] {
        #expect(report.contains(expected), "report.md lacks '\(expected)'")
    }
    let svg = try String(contentsOf: out.appendingPathComponent("j2r/plots/tipping_point.svg"), encoding: .utf8)
    #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
    let index = try String(contentsOf: out.appendingPathComponent("index.md"), encoding: .utf8)
    #expect(index.contains("imputations, Rubin's rules under jump to reference"))
}

@Test func specImputationRefusesWhatItCannotHonour() throws {
    let cases: [(String, String)] = [
        ("missing: { method: multiple-imputaton }", "Did you mean 'multiple-imputation'?"),
        ("missing: { method: conditional-mean, m: 20 }", "'m' does not apply to conditional-mean"),
        ("missing: { method: multiple-imputation, assumption: jump-to-referense }", "Did you mean 'jump-to-reference'?"),
        ("missing: { method: multiple-imputation, m: 1 }", "'m' must be a whole number from 2 to 10,000"),
        ("missing: { method: multiple-imputation, delta: [0, x] }", "'delta' values must be numbers"),
        ("missing: { method: multiple-imputation, seeds: 3 }", "unknown key 'seeds'"),
        ("missing: { method: multiple-imputation }\n    anova: II", "'anova' is not available with 'missing: { method: … }'"),
        ("missing: { method: multiple-imputation }\n    plots: [coefficients]", "'plots' is not available"),
        ("missing: { method: multiple-imputation, assumption: copy-reference }", "name the arm with --impute-by (by: in a spec)"),
    ]
    for (line, expected) in cases {
        // Without the arm in the formula, nothing names the arm of a reference-based imputation.
        let formula = expected.contains("name the arm") ? "change ~ baseline + site" : "change ~ baseline + arm + site"
        let spec = try writeSpec("""
          - name: a
            formula: \(formula)
            subset: week == 8
            \(line)
        """)
        let out = spec.deletingLastPathComponent().appendingPathComponent("out")
        let run = try runOutcomes(["run", spec.path, "--out", out.path, "--quiet"])
        #expect(run.status != 0, "accepted: \(line)")
        #expect(run.standardError.contains(expected), "\(line): \(run.standardError)")
    }
}
