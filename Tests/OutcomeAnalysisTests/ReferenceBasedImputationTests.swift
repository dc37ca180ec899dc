import Foundation
import Testing
@testable import OutcomeAnalysis
@testable import OutcomeStats

/// Reference-based imputation (issue 15) on simulated trial b (300 patients × 5 visits, about
/// 30 % monotone dropout), ANCOVA at week 8.
///
/// The conditional-mean form is checked against an independent route in R
/// (`Notebooks-Scripts/reference_reference_based.R`): the imputation model fitted by direct
/// maximum likelihood with nlme::gls (unstructured covariance, optim's BFGS), E[y_mis | y_obs]
/// from its Σ and the assumption's means, and lm(). gls converges to about 5e-8 in the
/// ANCOVA's coefficients, so estimates are compared to 5e-7 absolute (values are of order 1);
/// the jump-to-reference jackknife standard errors (300 replicates, each a gls refit) to 2e-6
/// relative.
private let trial = repositoryRoot.appendingPathComponent("Tests/OutcomeStatsTests/Fixtures/mmrm_trial_b.csv").path
private let reference = repositoryRoot.appendingPathComponent("Tests/OutcomeAnalysisTests/Fixtures/reference_based_reference.csv")
private let ancova = ["fit", "change ~ baseline + arm + site", trial, "--subset", "week == 8", "--reference", "arm=usual_care",
                      "--impute-by", "arm", "--format", "json"]

private func coefficients(_ arguments: [String]) throws -> [String: [String: Any]] {
    let result = try runOutcomes(arguments)
    try #require(result.status == 0, "\(arguments): \(result.standardError)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let items = try #require(json["coefficients"] as? [[String: Any]])
    return Dictionary(uniqueKeysWithValues: items.map { ($0["term"] as! String, $0) })
}

@Test(arguments: ImputationAssumption.allCases)
func conditionalMeanImputationEqualsTheDirectLikelihoodRoute(_ assumption: ImputationAssumption) throws {
    let text = try String(contentsOf: reference, encoding: .utf8)
    let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        .filter { $0[0] == assumption.rawValue }
    try #require(rows.count == 5, "no reference rows for \(assumption.rawValue)")
    let ours = try coefficients(ancova + ["--impute", assumption.rawValue, "--impute-method", "conditional-mean"])
    for row in rows {
        let term = row[1]
        let c = try #require(ours[term], "no \(term)")
        let estimate = try #require(c["estimate"] as? Double)
        let expected = try #require(Double(row[2]))
        #expect(abs(estimate - expected) <= 5e-7, "\(assumption.rawValue) \(term): \(estimate) vs \(expected)")
        #expect(c["fmi"] is NSNull && c["df"] is NSNull, "a jackknife has no fmi and a normal reference")
        if let se = Double(row[3]), !se.isNaN {
            let ourSE = try #require(c["std_error"] as? Double)
            #expect(abs(ourSE - se) <= 2e-6 * se, "\(term) jackknife SE \(ourSE) vs \(se)")
        }
    }
}

/// Every assumption imputes the reference arm as MAR does, from the same draws: its completed
/// values are identical to the bit across assumptions, while the active arm's differ; the same
/// seed gives the same completed data, another seed other data.
@Test func referenceArmIsImputedAlikeUnderEveryAssumption() throws {
    let frame = try keyedTrialFrame()
    func completed(_ assumption: ReferenceBasedAssumption, seed: UInt64 = 11) throws -> [Double] {
        let imputation = try ReferenceBasedImputation(frame: frame, response: "change", subject: "patient_id", visit: "week",
                                                      group: "arm", reference: "usual_care", covariates: ["baseline", "site"],
                                                      assumption: assumption)
        guard case .numeric(let values)? = try imputation.completedFrame(seed: seed, imputation: 2, shifts: [:])["change"] else {
            throw StatsError.domain("no change column")
        }
        return values
    }
    let completedArm = try completedArmCodes(frame)
    let mar = try completed(.mar)
    #expect(try completed(.mar) == mar)
    #expect(try completed(.mar, seed: 12) != mar)
    for assumption in ReferenceBasedAssumption.allCases where assumption != .mar {
        let other = try completed(assumption)
        #expect(other.count == mar.count)
        let usual = other.indices.filter { completedArm[$0] == "usual_care" }
        let massage = other.indices.filter { completedArm[$0] == "massage" }
        #expect(usual.allSatisfy { other[$0].bitPattern == mar[$0].bitPattern }, "\(assumption): the reference arm changed")
        #expect(massage.contains { other[$0] != mar[$0] }, "\(assumption): the active arm did not change")
    }
}

/// The closed form on two visits: a subject of arm a missing visit 2 gets, under jump to
/// reference with conditional means, μ_r,2 + b (y₁ − μ_a,1), where μ_g,1 is arm g's visit-1
/// mean, b the slope of y₂ on y₁ (adjusted for arm) and μ_r,2 = c₀ + c_r + b μ_r,1; computed
/// here by least squares from scratch, to 1e-12.
@Test func jumpToReferenceConditionalMeanMatchesTheClosedFormOnTwoVisits() throws {
    // Two visits; arm a or r; y2 missing for the last subject of arm a.
    var csv = "id,arm,week,y\n"
    let y1: [Double] = [1.0, 2.5, 0.5, 3.0, 2.0, 4.0, 5.5, 4.5, 6.0, 5.0]
    let y2: [Double] = [1.8, 3.1, 1.6, 3.2, .nan, 6.1, 7.4, 6.4, 8.3, 6.6]
    for i in 0..<10 {
        let arm = i < 5 ? "a" : "r"
        csv += "S\(i),\(arm),1,\(y1[i])\n"
        csv += "S\(i),\(arm),2,\(y2[i].isNaN ? "" : String(y2[i]))\n"
    }
    let frame = try frameFromCSV(csv)
    let imputation = try ReferenceBasedImputation(frame: frame, response: "y", subject: "id", visit: "week", group: "arm",
                                                  reference: "r", covariates: [], assumption: .jumpToReference)
    guard case .numeric(let values)? = try imputation.conditionalMeanFrame()["y"] else { Issue.record("no y"); return }
    // Closed form: visit 1 means per arm; visit 2 regressed on arm and y1 over the observed.
    let mean1a = y1[0..<5].reduce(0, +) / 5, mean1r = y1[5..<10].reduce(0, +) / 5
    let observed = (0..<10).filter { !y2[$0].isNaN }
    // y2 = c0 + c1·[arm r] + b·y1 by least squares (3 columns).
    let x = observed.map { [1, $0 >= 5 ? 1 : 0, y1[$0]] as [Double] }
    let c = try leastSquares(x, observed.map { y2[$0] })
    let muR2 = c[0] + c[1] + c[2] * mean1r
    let expected = muR2 + c[2] * (y1[4] - mean1a)
    #expect(abs(values[9] - expected) <= 1e-12, "\(values[9]) vs \(expected)")
}

/// Requests the reference-based imputation cannot honour are refused by name.
@Test func referenceBasedImputationRefusesWhatItCannotDo() throws {
    let cases: [([String], String)] = [
        (["fit", "change ~ baseline + arm", trial, "--impute", "copy-reference"], "name the arm with --impute-by"),
        (ancova + ["--impute", "jump-to-reference", "--impute-method", "conditional-mean", "--imputations", "5"], "drop --imputations"),
        (ancova + ["--impute", "jump-to-reference", "--impute-method", "bootstrap"], "--impute-method 'bootstrap'"),
        (["fit", "change ~ baseline + arm", trial, "--impute-method", "conditional-mean"], "need --impute"),
        (["fit", "change ~ baseline + arm", trial, "--impute", "jump-to-reference", "--impute-by", "arm", "--reference", "arm=placebo"],
         "'placebo' is not a level of 'arm'"),
    ]
    for (args, expected) in cases {
        let result = try runOutcomes(args)
        #expect(result.status != 0, "accepted: \(args)")
        #expect(result.standardError.contains(expected), "\(args): \(result.standardError)")
    }
}

// MARK: - Helpers

private func frameFromCSV(_ text: String) throws -> Frame {
    let folder = try temporaryFolder()
    let file = folder.appendingPathComponent("data.csv")
    try text.write(to: file, atomically: true, encoding: .utf8)
    return try DataCache().frame(at: file.path)
}

private func keyedTrialFrame() throws -> Frame { try DataCache().frame(at: trial) }

/// The arm of each row of a completed frame (input rows, then the absent visits' rows).
private func completedArmCodes(_ frame: Frame) throws -> [String] {
    let imputation = try ReferenceBasedImputation(frame: frame, response: "change", subject: "patient_id", visit: "week",
                                                  group: "arm", reference: "usual_care", covariates: [], assumption: .mar)
    let completed = try imputation.completedFrame(seed: 1, imputation: 1, shifts: [:])
    guard case .categorical(let arm)? = completed["arm"] else { throw StatsError.domain("no arm") }
    return arm.codes.map { $0 < 0 ? "" : arm.levels[Int($0)] }
}

/// Least squares by the normal equations (3 columns here), solved by Gaussian elimination.
private func leastSquares(_ x: [[Double]], _ y: [Double]) throws -> [Double] {
    let p = x[0].count
    var a = [[Double]](repeating: [Double](repeating: 0, count: p + 1), count: p)
    for (row, value) in zip(x, y) {
        for i in 0..<p {
            for j in 0..<p { a[i][j] += row[i] * row[j] }
            a[i][p] += row[i] * value
        }
    }
    for i in 0..<p {
        for k in (i + 1)..<p {
            let f = a[k][i] / a[i][i]
            for j in i...p { a[k][j] -= f * a[i][j] }
        }
    }
    var b = [Double](repeating: 0, count: p)
    for i in stride(from: p - 1, through: 0, by: -1) {
        var s = a[i][p]
        for j in (i + 1)..<p { s -= a[i][j] * b[j] }
        b[i] = s / a[i][i]
    }
    return b
}
