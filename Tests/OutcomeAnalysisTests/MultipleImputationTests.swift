import Foundation
import Testing
@testable import OutcomeAnalysis
import OutcomeStats

/// Multiple imputation through `outcomes fit --impute` (issue 15), on simulated trial b (300
/// patients × 5 visits, about 30 % monotone dropout): the completed data sets are the committed
/// ones byte for byte (the same seed gives the same bytes on every machine), their observed
/// rows repeat the input's, and the pooled ANCOVA equals R's `mice::pool()` on them to 1e-10
/// (`Notebooks-Scripts/reference_imputation_pool.R`).
private let trial = repositoryRoot.appendingPathComponent("Tests/OutcomeStatsTests/Fixtures/mmrm_trial_b.csv").path
private let fixtures = repositoryRoot.appendingPathComponent("Tests/OutcomeAnalysisTests/Fixtures/imputation")
private let arguments = ["fit", "change ~ baseline + arm + site", trial, "--subset", "week == 8", "--reference", "arm=usual_care",
                         "--impute", "mar", "--imputations", "5", "--seed", "7", "--impute-by", "arm", "--format", "json"]

@Test func pooledAncovaEqualsMicePoolOnTheWrittenImputations() throws {
    let folder = try temporaryFolder()
    let result = try runOutcomes(arguments + ["--write-imputations", folder.path])
    try #require(result.status == 0, "\(result.standardError)")
    let input = try String(contentsOfFile: trial, encoding: .utf8).split(separator: "\n")
    for index in 1...5 {
        let name = String(format: "imputation-%03d.csv", index)
        let written = try Data(contentsOf: folder.appendingPathComponent(name))
        let committed = try Data(contentsOf: fixtures.appendingPathComponent(name))
        #expect(written == committed, "\(name) differs from the committed completed data set")
        let lines = String(decoding: written, as: UTF8.self).split(separator: "\n")
        #expect(Array(lines.prefix(input.count)) == input, "\(name): the observed rows are not the input's")
        #expect(lines.count == input.count + 270)
    }
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let imputation = try #require(json["imputation"] as? [String: Any])
    #expect(imputation["m"] as? Int == 5)
    #expect(imputation["assumption"] as? String == "mar")
    #expect((imputation["imputed_cells"] as? [String: Any])?["change"] as? Int == 270)
    let text = try String(contentsOf: fixtures.appendingPathComponent("pooled_reference.csv"), encoding: .utf8)
    var reference: [String: Double] = [:]
    for line in text.split(separator: "\n").dropFirst() {
        let f = line.split(separator: ",").map(String.init)
        reference["\(f[0]) \(f[1])"] = Double(f[2])
    }
    let coefficients = try #require(json["coefficients"] as? [[String: Any]])
    #expect(coefficients.count == 5)
    let keys = [("estimate", "estimate"), ("std_error", "std_error"), ("df", "df"), ("riv", "riv"), ("lambda", "lambda"),
                ("fmi", "fmi"), ("within_variance", "ubar"), ("between_variance", "b")]
    for c in coefficients {
        let term = try #require(c["term"] as? String)
        for (ours, theirs) in keys {
            let value = try #require(c[ours] as? Double, "\(term) \(ours)")
            let expected = try #require(reference["\(term) \(theirs)"], "\(term) \(theirs)")
            #expect(abs(value - expected) <= 1e-10 * max(abs(expected), 1e-3), "\(term) \(ours) \(value) vs \(expected)")
        }
    }
}

/// What the imputation cannot do is refused by name: intermittent (non-monotone) missing
/// values under a reference-based assumption, options that are not pooled yet, a reference-based assumption without the arm, and
/// imputation flags without --impute.
@Test func imputationRefusesWhatItCannotDo() throws {
    let folder = try temporaryFolder()
    let gapped = folder.appendingPathComponent("gap.csv")
    try "patient_id,arm,week,y\nP1,a,0,1\nP1,a,1,\nP1,a,2,3\nP2,a,0,2\nP2,a,1,2\nP2,a,2,2\n".write(to: gapped, atomically: true, encoding: .utf8)
    let cases: [([String], String)] = [
        (["fit", "y ~ arm", gapped.path, "--impute", "jump-to-reference", "--impute-by", "arm"], "not monotone"),
        (arguments + ["--emmeans", "arm"], "not pooled"),
        (["fit", "change ~ baseline + arm", trial, "--impute", "jump-to-reference"], "name the arm with --impute-by"),
        (["fit", "change ~ baseline + arm", trial, "--seed", "3"], "need --impute"),
        (["fit", "change ~ baseline + arm", trial, "--impute", "mar", "--imputations", "1"], "2 to 10,000"),
    ]
    for (args, expected) in cases {
        let result = try runOutcomes(args)
        #expect(result.status != 0, "accepted: \(args)")
        #expect(result.standardError.contains(expected), "\(args): \(result.standardError)")
    }
}

/// The tipping point: δ shifts only the imputed values of the non-reference arm, with the same
/// draws at every δ, so the ANCOVA's arm effect moves linearly in δ (the shifted cells enter
/// least squares linearly and the design is the same in every imputation): est(δ) − est(0) is
/// δ times one constant, to 1e-10. δ = 0 is the MAR analysis, and the reported tipping δ is the
/// first of the grid whose p-value reaches 0.05.
@Test func tippingPointShiftsTheActiveArmLinearly() throws {
    let result = try runOutcomes(arguments + ["--delta", "0,1,2,3.5"])
    try #require(result.status == 0, "\(result.standardError)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let points = try #require(json["tipping_point"] as? [[String: Any]])
    #expect(points.map { $0["delta"] as? Double } == [0, 1, 2, 3.5])
    func arm(_ point: [String: Any]) throws -> [String: Any] {
        try #require((point["coefficients"] as? [[String: Any]])?.first { $0["term"] as? String == "armmassage" })
    }
    let estimates = try points.map { try #require(try arm($0)["estimate"] as? Double) }
    let slope = estimates[1] - estimates[0]
    #expect(slope > 0.05, "the shift moves the effect towards the reference: \(slope)")
    #expect(abs((estimates[2] - estimates[0]) - 2 * slope) < 1e-10)
    #expect(abs((estimates[3] - estimates[0]) - 3.5 * slope) < 1e-10)
    let main = try #require((json["coefficients"] as? [[String: Any]])?.first { $0["term"] as? String == "armmassage" })
    #expect(main["estimate"] as? Double == estimates[0])
    #expect(main["std_error"] as? Double == (try arm(points[0])["std_error"] as? Double))
    let ps = try points.map { try #require(try arm($0)["p_value"] as? Double) }
    let tipping = (json["tipping_delta"] as? [String: Any])?["armmassage"]
    if let index = ps.firstIndex(where: { $0 >= 0.05 }) {
        #expect(tipping as? Double == [0, 1, 2, 3.5][index])
    } else {
        #expect(tipping is NSNull)
    }
    let refused = try runOutcomes(["fit", "change ~ baseline + arm", trial, "--impute", "mar", "--delta", "1"])
    #expect(refused.standardError.contains("--impute-by"), "\(refused.standardError)")
}

/// A completed data set repeats every observed cell of a CSV input as it was written (`6.20`,
/// `3.0`, `NA` in another column, a label), and differs from an input line only in its imputed
/// outcome cell.
@Test func completedDataSetsRepeatTheInputCellsByteForByte() throws {
    var csv = "patient_id,arm,baseline,week,y,note\n"
    var generator = SeededGenerator(seed: 9)
    for i in 0..<30 {
        let arm = i % 2 == 0 ? "a" : "b"
        for week in 1...3 {
            let missing = week == 3 && i % 4 == 1
            let value = String(format: "%.2f", 6 + Double(week) * 0.1 + generator.nextNormal())
            csv += "P\(i),\(arm),\(String(format: "%.1f", 5.0 + Double(i % 3))),\(week),\(missing ? "NA" : value),\(i % 5 == 0 ? "NA" : "ok")\n"
        }
    }
    let folder = try temporaryFolder()
    let file = folder.appendingPathComponent("trial.csv")
    try csv.write(to: file, atomically: true, encoding: .utf8)
    let written = folder.appendingPathComponent("out")
    let result = try runOutcomes(["fit", "y ~ baseline + arm", file.path, "--subset", "week == 3", "--impute", "mar", "--imputations", "2",
                                  "--impute-by", "arm", "--write-imputations", written.path])
    try #require(result.status == 0, "\(result.standardError)")
    let input = csv.split(separator: "\n").map(String.init)
    let output = try String(contentsOf: written.appendingPathComponent("imputation-001.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
    try #require(output.count == input.count)
    var changed = 0
    for (a, b) in zip(input, output) where a != b {
        let x = a.split(separator: ",", omittingEmptySubsequences: false), y = b.split(separator: ",", omittingEmptySubsequences: false)
        #expect(x.count == y.count && x[4] == "NA" && Double(y[4]) != nil, "\(a) → \(b)")
        #expect(Array(x.prefix(4)) == Array(y.prefix(4)) && x[5] == y[5], "an observed cell changed: \(a) → \(b)")
        changed += 1
    }
    #expect(changed == 8, "\(changed) lines differ; 8 outcome cells are imputed")
}
