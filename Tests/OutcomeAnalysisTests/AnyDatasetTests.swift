import Foundation
import RealModule
import Testing

/// Files that are not long cohorts in the contract fit under their own column names (issue 12):
/// lme4's `sleepstudy` and HSAUR3's `BtheB` (long form) as R's `write.csv` exports them, a
/// one-row-per-patient endpoint file, and NIST StRD's linear datasets in their own columns.
/// References: `Notebooks-Scripts/reference_any_dataset.R` (lme4/lmerTest with bobyqa,
/// rhoend = 1e-12; R's lm) and NIST's certified values (`Notebooks-Scripts/nist_to_csv.py`).
private let fixtures = repositoryRoot.appendingPathComponent("Tests/OutcomeAnalysisTests/Fixtures")

/// `outcomes fit … --format json`: term → (estimate, std_error, df).
private func fitJSON(_ formula: String, _ file: String, _ options: [String] = []) throws -> [String: (Double, Double, Double?)] {
    let result = try runOutcomes(["fit", formula, file, "--format", "json"] + options)
    try #require(result.status == 0, "\(result.standardError)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let coefficients = try #require(json["coefficients"] as? [[String: Any]])
    var terms: [String: (Double, Double, Double?)] = [:]
    for c in coefficients {
        let term = try #require(c["term"] as? String)
        terms[term] = (try #require(c["estimate"] as? Double), try #require(c["std_error"] as? Double), c["df"] as? Double)
    }
    return terms
}

private struct ReferenceRow {
    let term: String
    let estimate: Double
    let standardError: Double
    let df: Double
}

private func reference(_ dataset: String) throws -> [ReferenceRow] {
    let text = try String(contentsOf: fixtures.appendingPathComponent("any_dataset_reference.csv"), encoding: .utf8)
    var rows: [ReferenceRow] = []
    for line in text.split(separator: "\n").dropFirst() {
        let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard cells[0] == dataset else { continue }
        let estimate = try #require(Double(cells[2]))
        let standardError = try #require(Double(cells[3]))
        let df = try #require(Double(cells[4]))
        rows.append(ReferenceRow(term: cells[1], estimate: estimate, standardError: standardError, df: df))
    }
    return rows
}

@Test(arguments: [
    ("sleepstudy", "sleepstudy.csv", "Reaction ~ Days + (Days | Subject)", [String]()),
    ("btheb", "btheb_long.csv", "bdi ~ bdi.pre + time + treatment + drug + length + (1 | subject)", [String]()),
])
func mixedModelsFitUnderTheFilesOwnNames(_ dataset: String, _ file: String, _ formula: String, _ options: [String]) throws {
    let ours = try fitJSON(formula, fixtures.appendingPathComponent(file).path, options)
    let expected = try reference(dataset)
    #expect(ours.count == expected.count && !expected.isEmpty)
    for r in expected {
        let (estimate, se, df) = try #require(ours[r.term], "\(dataset): no term \(r.term)")
        #expect(estimate.isApproximatelyEqual(to: r.estimate, relativeTolerance: 1e-6), "\(dataset) \(r.term): estimate \(estimate) vs \(r.estimate)")
        #expect(se.isApproximatelyEqual(to: r.standardError, relativeTolerance: 1e-6), "\(dataset) \(r.term): SE \(se) vs \(r.standardError)")
        let degreesOfFreedom = try #require(df)
        #expect(degreesOfFreedom.isApproximatelyEqual(to: r.df, relativeTolerance: 1e-4), "\(dataset) \(r.term): df")
    }
}

/// The primary analysis of most trials, on a one-row-per-patient file without `week`: R's lm to 1e-8.
@Test func endpointANCOVAMatchesR() throws {
    let ours = try fitJSON("pain_w10 ~ pain_w0 + technique + cohort", fixtures.appendingPathComponent("endpoint.csv").path,
                           ["--reference", "technique=usual_care"])
    let expected = try reference("endpoint")
    #expect(ours.count == expected.count && expected.count == 10)
    for r in expected {
        let (estimate, se, _) = try #require(ours[r.term], "no term \(r.term)")
        #expect(estimate.isApproximatelyEqual(to: r.estimate, relativeTolerance: 1e-8), "\(r.term): \(estimate) vs \(r.estimate)")
        #expect(se.isApproximatelyEqual(to: r.standardError, relativeTolerance: 1e-8), "\(r.term): \(se) vs \(r.standardError)")
    }
}

/// NIST StRD's linear datasets as plain CSV in their own columns, through `outcomes fit`: every
/// estimate and standard error with at least the digits the in-process test certifies (9; Filip 7).
@Test(arguments: [
    ("Norris", "y ~ x", 9.0), ("Pontius", "y ~ x + I(x^2)", 9), ("NoInt1", "y ~ x - 1", 9), ("NoInt2", "y ~ 0 + x", 9),
    ("Filip", "y ~ poly(x, 10, raw = TRUE)", 7), ("Longley", "y ~ x1 + x2 + x3 + x4 + x5 + x6", 9),
    ("Wampler1", "y ~ x + I(x^2) + I(x^3) + I(x^4) + I(x^5)", 9), ("Wampler2", "y ~ x + I(x^2) + I(x^3) + I(x^4) + I(x^5)", 9),
    ("Wampler3", "y ~ poly(x, 5, raw = TRUE)", 9), ("Wampler4", "y ~ poly(x, 5, raw = TRUE)", 9),
    ("Wampler5", "y ~ poly(x, 5, raw = TRUE)", 9),
])
func nistFilesFitThroughTheCommandLine(_ dataset: String, _ formula: String, _ bound: Double) throws {
    let result = try runOutcomes(["fit", formula, fixtures.appendingPathComponent("nist/\(dataset).csv").path, "--format", "json"])
    try #require(result.status == 0, "\(result.standardError)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let coefficients = try #require(json["coefficients"] as? [[String: Any]])
    let certified = try String(contentsOf: fixtures.appendingPathComponent("nist/certified.csv"), encoding: .utf8)
        .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }.filter { $0[0] == dataset }
    #expect(coefficients.count == certified.count && !certified.isEmpty)
    for (c, row) in zip(coefficients, certified) {
        let estimate = try #require(c["estimate"] as? Double), se = try #require(c["std_error"] as? Double)
        let lre = { (value: Double, truth: Double) in truth == 0 ? -log10(abs(value)) : -log10(abs(value - truth) / abs(truth)) }
        #expect(min(lre(estimate, try #require(Double(row[2]))), 15) >= bound, "\(dataset) B\(row[1]) estimate")
        #expect(min(lre(se, try #require(Double(row[3]))), 15) >= bound, "\(dataset) B\(row[1]) standard error")
    }
}

/// Derived columns under other names: `--patient` and `--visit` say which columns hold the
/// patient and the visit; without them the error names the feature and the role.
@Test func rolesMapDerivedColumnsOntoOtherNames() throws {
    let file = fixtures.appendingPathComponent("sleepstudy.csv").path
    let missing = try runOutcomes(["fit", "Reaction_change ~ Days", file])
    #expect(missing.status == 1)
    #expect(missing.standardError.contains("Reaction_change needs the patient column 'patient_id'")
            && missing.standardError.contains("--patient"), "\(missing.standardError)")
    let mapped = try fitJSON("Reaction_change ~ Days", file, ["--patient", "Subject", "--visit", "Days"])
    // Change from day 0: the slope on Days equals the slope of Reaction on Days (10.467…),
    // since subtracting a per-subject baseline removes only per-subject intercepts, which are
    // balanced across days; day-0 rows have change 0.
    let slope = try #require(mapped["Days"]).0
    let levels = try #require(try fitJSON("Reaction ~ Days", file)["Days"]).0
    #expect(slope.isApproximatelyEqual(to: levels, relativeTolerance: 1e-12), "\(slope) vs \(levels)")
}

/// `--categorical clinic` reads a numerically coded column outside the contract as a factor:
/// treatment contrasts whose estimates are the differences of the group means (closed form:
/// 4, 2.25 − 4, 3.05 − 4). (The contract's `site` is categorical anyway.)
@Test func categoricalOptionReadsNumberCodesAsLevels() throws {
    let temporary = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: temporary) }
    let file = temporary.appendingPathComponent("sites.csv")
    try Data("clinic,y\n1,2\n2,3.5\n3,3.9\n1,6\n2,1\n3,2.2\n".utf8).write(to: file)
    let coded = try fitJSON("y ~ clinic", file.path, ["--categorical", "clinic"])
    #expect(Set(coded.keys) == ["(Intercept)", "clinic2", "clinic3"])
    #expect(abs(try #require(coded["(Intercept)"]).0 - 4) <= 1e-14)
    #expect(abs(try #require(coded["clinic2"]).0 - (2.25 - 4)) <= 1e-14)
    #expect(abs(try #require(coded["clinic3"]).0 - (3.05 - 4)) <= 1e-14)
    let numeric = try fitJSON("y ~ clinic", file.path)
    #expect(Set(numeric.keys) == ["(Intercept)", "clinic"])
}

/// `outcomes validate` keeps the full cohort contract, and says so when a file is not a cohort.
@Test func validateSaysWhenAFileIsNotACohort() throws {
    let result = try runOutcomes(["validate", fixtures.appendingPathComponent("sleepstudy.csv").path])
    #expect(result.status == 2)
    #expect(result.standardOutput.contains("the required column 'patient_id' is not in the header")
            && result.standardOutput.contains("note: This is not a cohort file in the contract"),
            "\(result.standardOutput)\(result.standardError)")
}
