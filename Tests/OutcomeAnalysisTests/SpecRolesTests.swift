import Foundation
import Testing
@testable import OutcomeAnalysis
import OutcomeStats

/// Spec keys `patient:`, `visit:` and `categorical:` (issue 12): derived change columns under a
/// file's own names, and a numeric-looking code read as categorical, through `outcomes run`.
private let sleepstudy = repositoryRoot.appendingPathComponent("Tests/OutcomeAnalysisTests/Fixtures/sleepstudy.csv").path

private func runSpec(_ analyses: String) throws -> (status: Int32, folder: URL, error: String) {
    let folder = try temporaryFolder()
    let spec = folder.appendingPathComponent("spec.yaml")
    try ("defaults:\n  data: \(sleepstudy)\nanalyses:\n" + analyses).write(to: spec, atomically: true, encoding: .utf8)
    let result = try runOutcomes(["run", spec.path, "--out", folder.appendingPathComponent("out").path, "--quiet"])
    return (result.status, folder.appendingPathComponent("out"), result.standardError)
}

private func coefficients(_ folder: URL, _ name: String) throws -> [String: Double] {
    let data = try Data(contentsOf: folder.appendingPathComponent(name).appendingPathComponent("results.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var result: [String: Double] = [:]
    for c in try #require(json["coefficients"] as? [[String: Any]]) {
        result[try #require(c["term"] as? String)] = c["estimate"] as? Double
    }
    return result
}

/// `Reaction_change ~ Days` with `patient: Subject` and `visit: Days` equals the least-squares
/// slope of the change from each subject's day-0 reaction, computed here from the file.
@Test func patientAndVisitKeysDeriveTheChangeUnderTheFilesNames() throws {
    let run = try runSpec("  - name: change\n    patient: Subject\n    visit: Days\n    formula: Reaction_change ~ Days\n")
    try #require(run.status == 0, "\(run.error)")
    let fitted = try coefficients(run.folder, "change")
    // The closed form: regress Reaction − Reaction(day 0) on Days.
    let lines = try String(contentsOfFile: sleepstudy, encoding: .utf8).split(separator: "\n").dropFirst()
    var baseline: [String: Double] = [:]
    var rows: [(subject: String, days: Double, reaction: Double)] = []
    for line in lines {
        let f = line.split(separator: ",").map { $0.replacingOccurrences(of: "\"", with: "") }
        rows.append((f[2], Double(f[1])!, Double(f[0])!))
        if Double(f[1])! == 0 { baseline[f[2]] = Double(f[0])! }
    }
    let x = rows.map(\.days), y = rows.map { $0.reaction - baseline[$0.subject]! }
    let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
    var sxy = 0.0, sxx = 0.0
    for i in x.indices { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx) }
    let slope = sxy / sxx
    #expect(abs(try #require(fitted["Days"]) - slope) < 1e-9 * abs(slope))
    #expect(abs(try #require(fitted["(Intercept)"]) - (my - slope * mx)) < 1e-8)
}

/// Without the keys the change needs a `patient_id` and says so; `categorical: [Subject]` makes
/// the numeric-looking subject codes a factor (17 coefficients, as R's factor(Subject)).
@Test func categoricalKeyMakesCodesAFactorAndMissingRolesAreNamed() throws {
    let missing = try runSpec("  - name: change\n    formula: Reaction_change ~ Days\n")
    #expect(missing.status != 0)
    #expect(missing.error.contains("patient_id"), "\(missing.error)")
    let run = try runSpec("  - name: factor\n    categorical: [Subject]\n    formula: Reaction ~ Days + Subject\n"
                          + "  - name: numeric\n    formula: Reaction ~ Days + Subject\n")
    try #require(run.status == 0, "\(run.error)")
    #expect(try coefficients(run.folder, "factor").keys.filter { $0.hasPrefix("Subject") }.count == 17)
    #expect(try coefficients(run.folder, "numeric").keys.filter { $0.hasPrefix("Subject") }.count == 1)
}
