import Foundation
import Testing
@testable import OutcomeAnalysis
import OutcomeStats

/// Reference-based imputation from a flagged discontinuation visit (issue 15; `--discontinued`,
/// `missing: { discontinued: … }`), checked by identities that tie it to the unflagged route,
/// which is checked against R (`ReferenceBasedImputationTests`):
/// - the outcomes observed after discontinuation are set aside: replacing them changes nothing;
/// - a flag on exactly the visits after each subject's dropout gives the unflagged analysis;
/// - a flag column of zeros imputes every subject under MAR.
private func trial(_ name: String, in folder: URL, shiftAfterDiscontinuation: Double = 0,
                   flagDropouts: Bool = false, discontinue: Bool = true) throws -> String {
    var generator = SeededGenerator(seed: 41)
    var csv = "patient_id,arm,week,y,off_treatment\n"
    for i in 0..<120 {
        let arm = i % 2 == 0 ? "placebo" : "active"
        let base = 6 + generator.nextNormal()
        let discontinuation = discontinue && i % 5 == 1 ? 2 + i % 3 : nil
        let dropout = i % 7 == 3 ? 2 + i % 3 : nil
        for week in 0...4 {
            let y = base - (arm == "active" ? 0.3 : 0.1) * Double(week) + 0.7 * generator.nextNormal()
            let off = discontinuation.map { week >= $0 } ?? false
            let missing = dropout.map { week >= $0 } ?? false
            let flag = off || (flagDropouts && missing)
            let value = missing ? "NA" : String(format: "%.3f", y + (off ? shiftAfterDiscontinuation : 0))
            csv += "P\(i),\(arm),\(week),\(value),\(flag ? 1 : 0)\n"
        }
    }
    let file = folder.appendingPathComponent(name)
    try csv.write(to: file, atomically: true, encoding: .utf8)
    return file.path
}

private func coefficients(_ arguments: [String]) throws -> [[String: Double]] {
    let result = try runOutcomes(arguments + ["--format", "json"])
    try #require(result.status == 0, "\(arguments): \(result.standardError)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    return try #require(json["coefficients"] as? [[String: Any]]).map { c in
        ["estimate": c["estimate"] as? Double ?? .nan, "std_error": c["std_error"] as? Double ?? .nan]
    }
}

@Test func discontinuationSetsAsideTheOutcomesAfterIt() throws {
    let folder = try temporaryFolder()
    let plain = try trial("a.csv", in: folder), shifted = try trial("b.csv", in: folder, shiftAfterDiscontinuation: 5)
    for method in [["--impute-method", "conditional-mean"], ["--imputations", "5", "--seed", "3"]] {
        func fit(_ path: String) -> [String] {
            ["fit", "y ~ arm", path, "--subset", "week == 4", "--reference", "arm=placebo", "--impute", "jump-to-reference",
             "--impute-by", "arm", "--discontinued", "off_treatment"] + method
        }
        let a = try coefficients(fit(plain)), b = try coefficients(fit(shifted))
        #expect(a == b, "\(method): the values after discontinuation changed the analysis")
    }
    let result = try runOutcomes(["fit", "y ~ arm", plain, "--subset", "week == 4", "--reference", "arm=placebo", "--impute",
                                  "copy-increments", "--impute-by", "arm", "--discontinued", "off_treatment", "--format", "json"])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let imputation = try #require(json["imputation"] as? [String: Any])
    #expect(imputation["discontinuation"] as? String == "off_treatment")
    // 24 subjects discontinue at weeks 2–4, (4 − start + 1) visits each, minus those already missing.
    let setAside = try #require(imputation["set_aside"] as? Int)
    #expect(setAside > 24 && setAside <= 72, "\(setAside)")
}

@Test func aFlagOnTheDropoutsGivesTheUnflaggedAnalysisAndZerosGiveMAR() throws {
    let folder = try temporaryFolder()
    let flagged = try trial("flagged.csv", in: folder, flagDropouts: true, discontinue: false)
    let zeros = try trial("zeros.csv", in: folder, discontinue: false)
    let base = ["fit", "y ~ arm", "", "--subset", "week == 4", "--reference", "arm=placebo", "--impute-by", "arm",
                "--impute-method", "conditional-mean"]
    func with(_ path: String, _ extra: [String]) -> [String] { var a = base; a[2] = path; return a + extra }
    for assumption in ["jump-to-reference", "copy-reference", "copy-increments", "last-mean"] {
        let unflagged = try coefficients(with(flagged, ["--impute", assumption]))
        let byFlag = try coefficients(with(flagged, ["--impute", assumption, "--discontinued", "off_treatment"]))
        try #require(unflagged.count == 2 && byFlag.count == 2)
        for (u, f) in zip(unflagged, byFlag) {
            #expect(abs(u["estimate"]! - f["estimate"]!) <= 1e-12, "\(assumption) \(u) vs \(f)")
            #expect(abs(u["std_error"]! - f["std_error"]!) <= 1e-12, "\(assumption)")
        }
    }
    let mar = try coefficients(with(zeros, ["--impute", "mar"]))
    let none = try coefficients(with(zeros, ["--impute", "jump-to-reference", "--discontinued", "off_treatment"]))
    try #require(mar.count == 2 && none.count == 2)
    for (a, b) in zip(mar, none) { #expect(abs(a["estimate"]! - b["estimate"]!) <= 1e-12, "\(a) vs \(b)") }
    let j2r = try coefficients(with(zeros, ["--impute", "jump-to-reference"]))
    #expect(abs(j2r[1]["estimate"]! - mar[1]["estimate"]!) > 1e-3, "J2R without the flag differs from MAR")
}

@Test func discontinuationColumnMustBeZeroThenOne() throws {
    let folder = try temporaryFolder()
    func file(_ rows: String) throws -> String {
        let url = folder.appendingPathComponent("f\(UUID().uuidString).csv")
        try ("patient_id,arm,week,y,off\n" + rows).write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
    let cases: [(String, String)] = [
        ("P1,a,0,1,0\nP1,a,1,2,2\nP2,b,0,1,0\nP2,b,1,2,0\n", "is 2.0 at row 2"),
        ("P1,a,0,1,0\nP1,a,1,2,\nP2,b,0,1,0\nP2,b,1,2,0\n", "is missing at row 2"),
        ("P1,a,0,1,1\nP1,a,1,2,0\nP2,b,0,1,0\nP2,b,1,2,0\n", "once discontinued, every later visit must be flagged"),
        ("P1,a,0,1,no\nP1,a,1,2,yes\nP2,b,0,1,no\nP2,b,1,2,no\n", "must be numeric"),
    ]
    for (rows, expected) in cases {
        let result = try runOutcomes(["fit", "y ~ arm", try file(rows), "--impute", "jump-to-reference", "--impute-by", "arm",
                                      "--discontinued", "off"])
        #expect(result.status != 0)
        #expect(result.standardError.contains(expected), "\(expected): \(result.standardError)")
    }
    let absent = try runOutcomes(["fit", "y ~ arm", try file("P1,a,0,1,0\nP2,b,0,1,0\n"), "--impute", "mar", "--discontinued", "gone"])
    #expect(absent.standardError.contains("'gone' is not in the data"), "\(absent.standardError)")
}
