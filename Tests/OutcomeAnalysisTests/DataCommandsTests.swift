import Foundation
import Testing
@testable import OutcomeAnalysis

private let header = "patient_id,cohort,symptom_weeks,week,pain_nrs\n"

/// Writes `text` as `name` in a fresh folder.
private func folderWith(_ name: String, _ text: String) throws -> URL {
    let folder = try temporaryFolder()
    try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    return folder
}

@Test func validateExitsZeroWhenOnlyWarnings() throws {
    let result = try runOutcomes(["validate", repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("[deep-tissue-acute]"))
    #expect(result.standardOutput.hasSuffix("1800 rows, 300 patients; 0 errors, 15 warnings\n"))
}

@Test func validateExitsOneOnErrorsAndReportsThemAll() throws {
    let folder = try folderWith("v.csv", header + "P1,acute,3,0,11\nP1,acute,3,2,12\nP1,acute,3,2,3\n")
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try runOutcomes(["validate", "v.csv"], in: folder)
    #expect(result.status == 1)
    #expect(result.standardOutput == """
        error: [range] v.csv:2:5 (pain_nrs): 11 is outside the valid range 0–10; correct the value, or leave the cell empty, NA or . when missing
        error: [range] v.csv:3:5 (pain_nrs): 12 is outside the valid range 0–10; correct the value, or leave the cell empty, NA or . when missing
        error: [duplicate-visit] v.csv:4:4 (week): patient P1 has 2 rows for week 2 (first on line 3); keep one row per patient and week
        v.csv: 3 rows, 1 patients; 3 errors, 0 warnings

        """)
}

@Test func validateJSONHasEveryField() throws {
    let folder = try folderWith("v.csv", header + "P1,acute,3,0,11\n")
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try runOutcomes(["validate", "v.csv", "--format", "json"], in: folder)
    #expect(result.status == 1)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(json["errors"] as? Int == 1)
    let finding = try #require((json["findings"] as? [[String: Any]])?.first)
    #expect(finding["severity"] as? String == "error")
    #expect(finding["rule"] as? String == "range")
    #expect(finding["line"] as? Int == 2)
    #expect(finding["column"] as? Int == 5)
    #expect(finding["column_name"] as? String == "pain_nrs")
    #expect(finding["value"] as? String == "11")
    #expect(finding["count"] as? Int == 1)
}

@Test func validateExitsTwoWhenUnreadable() throws {
    let folder = try folderWith("v.csv", header + "P1,acute,3,0\n")
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try runOutcomes(["validate", "v.csv"], in: folder)
    #expect(result.status == 2)
    #expect(result.standardOutput == "error: [unreadable] v.csv:2:5 (pain_nrs): the row has 4 fields but the header has 5; add the missing fields (leave them empty when the value is missing)\n")
    #expect(try runOutcomes(["validate", "/nonexistent.csv"]).status == 2)
}

@Test func describePrintsTableOne() throws {
    let result = try runOutcomes(["describe", repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path])
    #expect(result.status == 0)
    let lines = result.standardOutput.split(separator: "\n").map(String.init)
    #expect(lines[1] == "| Characteristic                  |   acute (n = 134) | subacute (n = 28) | chronic (n = 138) | Overall (n = 300) |")
    #expect(lines.contains("| age, mean (SD)                  |       43.9 (11.5) |       46.9 (12.0) |       43.9 (12.9) |       44.2 (12.2) |"))
    #expect(lines.contains("|   F                             |       76 (56.7 %) |       12 (42.9 %) |       78 (56.5 %) |      166 (55.3 %) |"))
}

/// Table 1 of files that are not long cohorts (issue 12): a one-row-per-patient endpoint file
/// with no visit column (each patient's first row, said in the footnote), BtheB in long form under its own names
/// (`--patient subject --visit time`, the earliest visit per patient; numbers checked against a
/// direct computation from the file), and sleepstudy grouped by its numeric `Subject`. A
/// `--patient` the file lacks is an error naming it.
@Test func describeTakesFilesThatAreNotCohorts() throws {
    let fixtures = repositoryRoot.appendingPathComponent("Tests/OutcomeAnalysisTests/Fixtures")
    let endpoint = try runOutcomes(["describe", fixtures.appendingPathComponent("endpoint.csv").path, "--by", "technique"])
    try #require(endpoint.status == 0, "\(endpoint.standardError)")
    #expect(endpoint.standardOutput.contains("Overall (n = 300)"))
    #expect(endpoint.standardOutput.contains("each patient's first row (the file has no 'week' column"))
    let btheb = fixtures.appendingPathComponent("btheb_long.csv")
    let result = try runOutcomes(["describe", btheb.path, "--by", "treatment", "--patient", "subject", "--visit", "time"])
    try #require(result.status == 0, "\(result.standardError)")
    // bdi.pre by arm at each subject's earliest time, from the file directly.
    let lines = try String(contentsOf: btheb, encoding: .utf8).split(separator: "\n").dropFirst()
    var earliest: [String: (time: Double, arm: String, pre: Double)] = [:]
    for line in lines {
        let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: "\"", with: "") }
        guard let time = Double(f[1]), let pre = Double(f[3]) else { continue }
        if let seen = earliest[f[0]], seen.time <= time { continue }
        earliest[f[0]] = (time, f[4], pre)
    }
    for arm in ["BtheB", "TAU"] {
        let values = earliest.values.filter { $0.arm == arm }.map(\.pre)
        let mean = values.reduce(0, +) / Double(values.count)
        #expect(result.standardOutput.contains("\(arm) (n = \(values.count))"))
        #expect(result.standardOutput.contains(String(format: "%.1f (", mean)), "\(arm): bdi.pre mean \(mean)")
    }
    let sleep = try runOutcomes(["describe", fixtures.appendingPathComponent("sleepstudy.csv").path, "--by", "Subject",
                                 "--patient", "Subject", "--visit", "Days"])
    try #require(sleep.status == 0, "\(sleep.standardError)")
    #expect(sleep.standardOutput.contains("| Characteristic ") && sleep.standardOutput.contains("308 (n = 1)") && sleep.standardOutput.contains("Overall (n = 18)"))
    let rowsArePatients = try runOutcomes(["describe", btheb.path, "--by", "treatment"])
    try #require(rowsArePatients.status == 0, "\(rowsArePatients.standardError)")
    #expect(rowsArePatients.standardOutput.contains("Overall (n = \(lines.count))") && rowsArePatients.standardOutput.contains("so each row is a patient"))
    let wrong = try runOutcomes(["describe", btheb.path, "--by", "treatment", "--patient", "patient"])
    #expect(wrong.status == 1 && wrong.standardError.contains("'patient'"), "\(wrong.standardError)")
}

@Test func describeOfAFileWithoutTheGroupSuggestsAName() throws {
    let folder = try folderWith("d.csv", "patient_id,kohort,week\nP1,acute,0\n")
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try runOutcomes(["describe", "d.csv"], in: folder)
    #expect(result.status == 1)
    #expect(result.standardError.contains("the required column 'cohort' is not in the header. Did you mean 'kohort'?"))
}

/// A spec's `columns:` maps the file's own header names onto the contract, and formulas can
/// name derived columns.
@Test func specColumnsMappingAndDerivedColumns() throws {
    let folder = try folderWith("clinic.csv", """
        Patient,Cohort,Week,Pain score (0-10)
        P1,acute,0,6
        P1,acute,2,4
        P2,chronic,0,7
        P2,chronic,2,6
        P3,acute,0,5
        P3,acute,2,2

        """)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("""
        defaults:
          data: clinic.csv
          columns: { patient_id: Patient, cohort: Cohort, week: Week, pain_nrs: "Pain score (0-10)" }
        analyses:
          - name: change
            formula: pain_nrs_change ~ pain_nrs_baseline + cohort
        """.utf8).write(to: folder.appendingPathComponent("spec.yaml"))
    let spec = try AnalysisSpec(path: folder.appendingPathComponent("spec.yaml").path)
    #expect(spec.analyses[0].columnMapping["pain_nrs"] == "Pain score (0-10)")
    let result = try runOutcomes(["run", "spec.yaml", "--out", "out", "--quiet"], in: folder)
    #expect(result.status == 0, "\(result.standardError)")
    let json = try String(contentsOf: folder.appendingPathComponent("out/change/results.json"), encoding: .utf8)
    #expect(json.contains("\"n_obs\": 6"))
    #expect(json.contains("\"term\": \"pain_nrs_baseline\""))
}

@Test func specColumnsMustBeAMapping() {
    #expect {
        try AnalysisSpec(yaml: "analyses:\n  - name: a\n    formula: y ~ x\n    data: d.csv\n    columns: [pain_nrs]\n", path: "s.yaml")
    } throws: { error in
        guard case AnalysisError.spec(file: _, line: _, column: _, message: let message) = error else { return false }
        return message.contains("'columns' maps a contract column to the file's header name")
    }
}

/// Empty and header-only files: one line, status 1, for `fit`; `validate` calls the header-only
/// file an error (1) and the empty one unreadable (2).
@Test func emptyAndHeaderOnlyFiles() throws {
    let folder = try folderWith("header.csv", "patient_id,week,pain_nrs\n")
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data().write(to: folder.appendingPathComponent("empty.csv"))
    let headerOnly = try runOutcomes(["fit", "pain_nrs ~ week", "header.csv"], in: folder)
    #expect(headerOnly.status == 1)
    #expect(headerOnly.standardError == "error: header.csv: 0 complete observations cannot estimate 2 coefficients\n")
    let empty = try runOutcomes(["fit", "pain_nrs ~ week", "empty.csv"], in: folder)
    #expect(empty.status == 1)
    #expect(empty.standardError == "error: empty.csv:1: the file is empty; a cohort file starts with a header row naming its columns\n")
    #expect(try runOutcomes(["validate", "header.csv"], in: folder).status == 1)
    #expect(try runOutcomes(["validate", "empty.csv"], in: folder).status == 2)
}

@Test func validateRangesAndCutPointsAreConfigurable() throws {
    let folder = try folderWith("v.csv", header + "P1,subacute,5,0,55\n")
    defer { try? FileManager.default.removeItem(at: folder) }
    let strict = try runOutcomes(["validate", "v.csv"], in: folder)
    #expect(strict.status == 1)
    #expect(strict.standardOutput.contains("[range]") && strict.standardOutput.contains("[cohort-duration]"))
    let relaxed = try runOutcomes(["validate", "v.csv", "--range", "pain_nrs=0:100", "--acute-below", "4"], in: folder)
    #expect(relaxed.status == 0, "\(relaxed.standardOutput)")
    let bad = try runOutcomes(["validate", "v.csv", "--range", "pain_nrs=10:0"], in: folder)
    #expect(bad.status != 0 && bad.standardError.contains("column=low:high"))
}
