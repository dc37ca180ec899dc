import Foundation
import Testing
@testable import OutcomeAnalysis

/// Group levels that a spreadsheet would run as formulas are neutralized in
/// conditional_modes.csv (the issue's `=HYPERLINK(…)`, `+cmd|' /C calc'!A0`, `@SUM(1+1)`).
@Test func conditionalModesDefuseFormulaLevels() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let source = try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/OutcomeAnalysisTests/Fixtures/mixed_cohort_b.csv"), encoding: .utf8)
    let hostile = ["site_a": "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", "site_b": "+cmd|' /C calc'!A0", "site_c": "@SUM(1+1)"]
    var text = source
    for (site, level) in hostile { text = text.replacingOccurrences(of: "," + site + ",", with: "," + level + ",") }
    let data = folder.appendingPathComponent("cohort.csv")
    try Data(text.utf8).write(to: data)
    let spec = folder.appendingPathComponent("spec.yaml")
    try Data("analyses:\n  - { name: m, data: \(data.path), formula: \"pain_nrs ~ week + (1 | site)\" }\n".utf8).write(to: spec)
    let result = try runOutcomes(["run", spec.path, "--out", folder.appendingPathComponent("out").path, "--quiet"])
    #expect(result.status == 0, "\(result.standardError)")
    let csv = try String(contentsOf: folder.appendingPathComponent("out/m/conditional_modes.csv"), encoding: .utf8)
    let levels = csv.split(separator: "\n").dropFirst().map { line in
        String(line.dropFirst("site,".count))
    }
    #expect(levels.count >= 3, "\(csv)")
    for line in levels { #expect(!(line.hasPrefix("=") || line.hasPrefix("+") || line.hasPrefix("@") || line.hasPrefix("\"=")), "\(line)") }
    #expect(csv.contains("'@SUM(1+1)") && csv.contains("'+cmd|' /C calc'!A0") && csv.contains("\"'=HYPERLINK("), "\(csv)")
}
