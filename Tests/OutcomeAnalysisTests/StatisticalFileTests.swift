import CohortData
@testable import OutcomeAnalysis
import Foundation
import OutcomeStats
import Testing

/// SPSS, Stata and SAS files through ReadStat (issue 12). The files are written by
/// `Notebooks-Scripts/write_statistical_files.R` with R's haven from the example cohort and from
/// small files with value labels, special missing values, dates and short names.
private let folder = repositoryRoot.appendingPathComponent("Tests/OutcomeAnalysisTests/Fixtures/statistical-files")

/// Two frames with the same columns, numbers equal bit for bit (NaN where missing), labels equal row by row.
private func expectSameFrame(_ a: Frame, _ b: Frame, _ label: String) {
    #expect(a.columnNames == b.columnNames, "\(label): columns")
    for name in a.columnNames {
        switch (a[name], b[name]) {
        case let (.numeric(x)?, .numeric(y)?):
            #expect(x.map(\.bitPattern) == y.map(\.bitPattern), "\(label): \(name)")
        case let (.categorical(x)?, .categorical(y)?):
            #expect(x.codes.indices.map { x.label(at: $0) } == y.codes.indices.map { y.label(at: $0) }, "\(label): \(name)")
        default:
            Issue.record("\(label): \(name) has different kinds")
        }
    }
}

@Test(arguments: ["sav", "dta", "xpt", "sas7bdat"])
func theExampleCohortLoadsAsFromCSVAndFitsTheSame(_ extensionName: String) throws {
    let file = folder.appendingPathComponent("example_cohort.\(extensionName)").path
    let csv = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
    expectSameFrame(try CohortLoader(schema: .analysis).load(path: file), try CohortLoader(schema: .analysis).load(path: csv),
                    extensionName)
    // The same fit bits: the JSON differs only in the data label.
    let formula = "pain_nrs ~ sessions_per_week + technique + cohort * week"
    let ours = try runOutcomes(["fit", formula, file, "--format", "json", "--covariance", "hc3"])
    let reference = try runOutcomes(["fit", formula, csv, "--format", "json", "--covariance", "hc3"])
    try #require(ours.status == 0 && reference.status == 0, "\(ours.standardError)")
    #expect(ours.standardOutput.replacingOccurrences(of: file, with: "DATA")
            == reference.standardOutput.replacingOccurrences(of: csv, with: "DATA"))
}

/// Value labels become levels in code order; Stata's .a/.b and SPSS's user-defined missing 99
/// are missing; dates stay numbers in the file's unit (Stata: days since 1960-01-01; SPSS:
/// seconds since 1582-10-14).
private let dayUnits: [(String, Double, Double)] = [("dta", 24_111, 7), ("sav", 13_986_950_400, 604_800)]

@Test(arguments: dayUnits)
func valueLabelsAndSpecialMissingValues(_ extensionName: String, _ firstDate: Double, _ weekStep: Double) throws {
    let frame = try CohortLoader(schema: .analysis).load(path: folder.appendingPathComponent("labelled.\(extensionName)").path)
    guard case .categorical(let arm)? = frame["arm"], case .numeric(let pain)? = frame["pain"],
          case .numeric(let visit)? = frame["visit"] else {
        Issue.record("columns: \(frame.columnNames)")
        return
    }
    #expect(arm.levels == ["usual care", "massage"])
    #expect(arm.codes == [0, 1, 0, 1, 1, 0])
    #expect(pain.map { $0.isNaN } == [false, true, false, false, true, false])
    #expect(pain[0] == 6.5 && pain[5] == 5)
    #expect(visit[0] == firstDate && visit[1] - visit[0] == weekStep)
    #expect(frame.variableLabels == ["arm": "Randomized arm", "pain": "Pain NRS at week 10"])
}

/// Variable labels name the variables in reports: Table 1 shows "label (name)", a report's
/// notes list the formula's labelled variables, and its plots' axes use the label.
@Test func variableLabelsNameTheVariablesInReports() throws {
    let dta = folder.appendingPathComponent("labelled.dta").path
    let describe = try runOutcomes(["describe", dta, "--by", "arm"])
    try #require(describe.status == 0, "\(describe.standardError)")
    #expect(describe.standardOutput.contains("| Pain NRS at week 10 (pain), mean (SD) "))
    let work = try temporaryFolder()
    let spec = work.appendingPathComponent("spec.yaml")
    try "analyses:\n  - name: pain\n    data: \(dta)\n    formula: pain ~ arm\n".write(to: spec, atomically: true, encoding: .utf8)
    let run = try runOutcomes(["run", spec.path, "--out", work.appendingPathComponent("out").path, "--quiet"])
    try #require(run.status == 0, "\(run.standardError)")
    let report = try String(contentsOf: work.appendingPathComponent("out/pain/report.md"), encoding: .utf8)
    #expect(report.contains("Variable labels: pain “Pain NRS at week 10”; arm “Randomized arm”."), "\(report)")
    let file = folder.appendingPathComponent("short.xpt").path
    let frame = try CohortLoader(schema: .analysis).load(path: file)
    #expect(frame.displayName(of: "PAINNRS") == "Pain numeric rating scale")
    let trajectory = AnalysisReport.observedTrajectory([], response: "PAINNRS", label: frame.displayName(of: "PAINNRS"))
    #expect(trajectory.yLabel == "Pain numeric rating scale")
}

/// A version 5 transport file keeps its own (at most 8-character) names, and roles map them.
@Test func shortTransportNamesLoadAsTheyAre() throws {
    let file = folder.appendingPathComponent("short.xpt").path
    let frame = try CohortLoader(schema: .analysis).load(path: file)
    #expect(frame.columnNames == ["PATIENT", "WEEK", "PAINNRS"])
    let result = try runOutcomes(["fit", "PAINNRS_change ~ WEEK", file, "--patient", "PATIENT", "--visit", "WEEK",
                                  "--format", "json"])
    #expect(result.status == 0, "\(result.standardError)")
}

/// Errors name the file, the row (observation) and the variable; a file that is not what its
/// extension says is refused with ReadStat's reason.
@Test func malformedStatisticalFilesAreClearErrors() throws {
    let range = try runOutcomes(["fit", "pain_nrs ~ week", folder.appendingPathComponent("out_of_range.dta").path])
    #expect(range.status == 1)
    #expect(range.standardError.contains("out_of_range.dta:2:3 (pain_nrs): 12 is outside the valid range 0–10"),
            "\(range.standardError)")
    let temporary = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: temporary) }
    let fake = temporary.appendingPathComponent("not-stata.dta")
    try Data("patient_id,week\nP1,0\n".utf8).write(to: fake)
    let result = try runOutcomes(["fit", "week ~ 1", fake.path])
    #expect(result.status == 1)
    #expect(result.standardError.contains("not-stata.dta") && result.standardError.contains("not a readable Stata (.dta) file"),
            "\(result.standardError)")
    // Magic bytes choose the format when the extension says nothing.
    let renamed = temporary.appendingPathComponent("cohort.data")
    try FileManager.default.copyItem(at: folder.appendingPathComponent("example_cohort.dta"), to: renamed)
    #expect(StatisticalFileFormat(path: renamed.path) == .stata)
}
