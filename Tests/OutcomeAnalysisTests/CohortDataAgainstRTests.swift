import Foundation
import RealModule
import Testing
@testable import OutcomeAnalysis
import OutcomeStats
import CohortData

/// Lines of a committed fixture made by Notebooks-Scripts/reference_cohortdata_example.R.
private func fixtureRows(_ name: String) throws -> [[String]] {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures"))
    return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
        line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }
}


private let examplePath = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path

/// Table 1 of the example cohort agrees with R: counts and missing exactly; mean, SD, median
/// and quartiles (type 7) to 1e-12 relative (two-pass sums of at most 300 values of 3–4
/// significant digits; observed error is at the level of rounding, ~1e-15).
@Test func baselineTableMatchesR() throws {
    let table = try BaselineTable(frame: try CohortLoader().load(path: examplePath))
    #expect(table.groups == ["acute", "subacute", "chronic"])
    let groupIndex = ["acute": 0, "subacute": 1, "chronic": 2, "overall": 3]
    var worst = 0.0, checked = 0
    for row in try fixtureRows("table1_reference") {
        let variable = try #require(table.variables.first { $0.name == row[0] }, "\(row[0]) missing from the table")
        let group = try #require(groupIndex[row[1]])
        switch variable.summaries {
        case .numeric(let summaries):
            #expect(row[2] == "numeric")
            let summary = summaries[group]
            #expect(summary.count == Int(row[3]), "\(row)")
            #expect(summary.missing == Int(row[4]), "\(row)")
            for (value, text) in [(summary.mean, row[5]), (summary.standardDeviation, row[6]), (summary.median, row[7]),
                                  (summary.lowerQuartile, row[8]), (summary.upperQuartile, row[9])] {
                let expected = try #require(Double(text))
                worst = max(worst, relativeError(value, expected))
                #expect(value.isApproximatelyEqual(to: expected, relativeTolerance: 1e-12), "\(row): \(value)")
            }
        case .categorical(let summaries):
            let level = String(row[2].dropFirst("level=".count))
            let index = try #require(variable.levels.firstIndex(of: level), "\(level) of \(row[0])")
            #expect(summaries[group].counts[index] == Int(row[3]), "\(row)")
            #expect(summaries[group].missing == Int(row[4]), "\(row)")
        }
        checked += 1
    }
    #expect(checked == 84)
    print("Table 1 vs R: \(checked) rows, worst relative error \(worst)")
}

/// Derived columns agree with R row by row: baseline and change to 1e-12 absolute, percent
/// change to 1e-12 relative, responder flags exactly (missing where R has NA).
@Test func derivedColumnsMatchR() throws {
    let frame = try DataCache().frame(at: examplePath, deriving: [
        "pain_nrs_baseline", "pain_nrs_change", "pain_nrs_pct_change", "pain_nrs_responder", "mood_phq9_responder"])
    let reference = try fixtureRows("derived_reference")
    #expect(reference.count == frame.rowCount)
    let names = ["pain_nrs_baseline", "pain_nrs_change", "pain_nrs_pct_change", "pain_nrs_responder", "mood_phq9_responder"]
    var responders = 0
    for (column, name) in names.enumerated() {
        guard case .numeric(let values)? = frame[name] else { Issue.record("\(name) not derived"); continue }
        for (row, fields) in reference.enumerated() {
            let text = fields[column]
            if text == "NA" {
                #expect(values[row].isNaN, "\(name) row \(row)")
                continue
            }
            let expected = try #require(Double(text))
            if name.hasSuffix("responder") {
                #expect(values[row] == expected, "\(name) row \(row)")
                responders += values[row] == 1 ? 1 : 0
            } else if name.hasSuffix("pct_change") {
                #expect(values[row].isApproximatelyEqual(to: expected, relativeTolerance: 1e-12), "\(name) row \(row)")
            } else {
                #expect(abs(values[row] - expected) <= 1e-12, "\(name) row \(row): \(values[row]) vs \(expected)")
            }
        }
    }
    #expect(responders > 100, "the responder comparison must see responders")
}

/// A formula naming derived columns fits through the normal data path, matching R's lm() on
/// the same derivation to 1e-8 relative (estimates and standard errors).
@Test func modelOnDerivedColumnsMatchesR() throws {
    let formula = try Formula("pain_nrs_change ~ pain_nrs_baseline + cohort * week")
    let frame = try DataCache().frame(at: examplePath, deriving: formula.allVariables)
    let fit = try LinearModel(formula, contrasts: ["cohort": .treatment(reference: "acute")]).fit(to: frame)
    let reference = try fixtureRows("derived_lm_reference")
    #expect(fit.coefficients.count == reference.count)
    for row in reference {
        let coefficient = try #require(fit.coefficients.first { $0.term == row[0] }, "term \(row[0])")
        let estimate = try #require(coefficient.estimate), standardError = try #require(coefficient.standardError)
        let rEstimate = try #require(Double(row[1])), rStandardError = try #require(Double(row[2]))
        #expect(estimate.isApproximatelyEqual(to: rEstimate, relativeTolerance: 1e-8), "\(row[0])")
        #expect(standardError.isApproximatelyEqual(to: rStandardError, relativeTolerance: 1e-8), "\(row[0])")
        #expect(fit.observationCount == Int(row[3]))
    }
}
