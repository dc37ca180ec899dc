import Foundation
import Testing
@testable import OutcomeAnalysis

/// Predictive mean matching and logistic imputation (issue 15) on the example cohort with, besides
/// its 43 missing pain_nrs visits, sex deleted for every patient whose number is 3 modulo 8 (38
/// patients): pain imputed by `--impute-model pmm`, sex by logistic regression, within
/// technique. The pooled week-10 ANCOVA agrees with R's mice (`pmm` and `logreg`, the same
/// model, m = 500 each; `Notebooks-Scripts/reference_imputation_mice_pmm.R`) within
/// Monte-Carlo error, |ours − mice| ≤ 4·√((B_ours + B_mice)/m), with SEs within 2 %.
private let cohort = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path

/// The example cohort with sex deleted as the R script deletes it.
private func cohortWithMissingSex() throws -> URL {
    let lines = try String(contentsOfFile: cohort, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    let header = lines[0].split(separator: ",").map(String.init)
    let sex = try #require(header.firstIndex(of: "sex"))
    let edited = lines.enumerated().map { index, line -> String in
        guard index > 0, !line.isEmpty else { return String(line) }
        var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if let number = Int(fields[0].dropFirst()), number % 8 == 3 { fields[sex] = "NA" }
        return fields.joined(separator: ",")
    }
    let file = try temporaryFolder().appendingPathComponent("cohort_missing_sex.csv")
    try edited.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    return file
}

@Test func predictiveMeanMatchingAndLogisticImputationAgreeWithMice() throws {
    let data = try cohortWithMissingSex()
    let written = try temporaryFolder()
    let arguments = ["fit", "pain_nrs ~ pain_nrs_baseline + technique + cohort + sex", data.path, "--subset", "week == 10",
                     "--reference", "technique=usual_care", "--reference", "sex=F", "--impute", "mar", "--impute-model", "pmm",
                     "--seed", "12", "--impute-by", "technique", "--format", "json"]
    let result = try runOutcomes(arguments + ["--imputations", "500"])
    try #require(result.status == 0, "\(result.standardError)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let imputation = try #require(json["imputation"] as? [String: Any])
    #expect(imputation["model"] as? String == "chained-equations")
    #expect(imputation["univariate_model"] as? String == "pmm")
    let cells = try #require(imputation["imputed_cells"] as? [String: Any])
    #expect(cells["pain_nrs"] as? Int == 43)
    #expect(cells["sex"] as? Int == 38)
    try expectPooledEstimatesAgreeWithMice(json, reference: repositoryRoot.appendingPathComponent(
        "Tests/OutcomeAnalysisTests/Fixtures/imputation_mice_pmm_reference.csv"), imputations: 500)

    // Each imputed pain score is an observed one (matching donates observed values), and each
    // patient's imputed sex is a level, the same in every row of the patient.
    let few = try runOutcomes(arguments + ["--imputations", "2", "--write-imputations", written.path])
    try #require(few.status == 0, "\(few.standardError)")
    func table(_ url: URL) throws -> [[String]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }
    let input = try table(data), output = try table(written.appendingPathComponent("imputation-002.csv"))
    let header = input[0]
    let pain = try #require(header.firstIndex(of: "pain_nrs")), sex = try #require(header.firstIndex(of: "sex"))
    // The cohort writes a missing pain score as an empty cell and the edited sex as NA.
    let isMissing: (String) -> Bool = { $0.isEmpty || $0 == "NA" }
    // Compared as numbers: an imputed 6.0 is written in shortest form, 6.
    let observed = Set(input.dropFirst().map { $0[pain] }.filter { !isMissing($0) }.compactMap(Double.init))
    try #require(output.count == input.count)
    var sexes: [String: String] = [:]
    var imputedPain = 0
    for (a, b) in zip(input.dropFirst(), output.dropFirst()) {
        if isMissing(a[pain]) {
            imputedPain += 1
            #expect(Double(b[pain]).map(observed.contains) == true, "imputed pain \(b[pain]) is not an observed value")
        } else {
            #expect(a[pain] == b[pain])
        }
        #expect(b[sex] == "F" || b[sex] == "M", "sex \(b[sex])")
        if !isMissing(a[sex]) { #expect(a[sex] == b[sex]) }
        if let previous = sexes[b[0]] { #expect(previous == b[sex], "\(b[0]) has two sexes") } else { sexes[b[0]] = b[sex] }
    }
    #expect(imputedPain == 43)
}

/// `--impute-model` is refused where it does not apply (reference-based imputation draws from
/// the multivariate normal) and when misspelt; a categorical covariate with more than two levels
/// is not imputed, and the message says so.
@Test func imputeModelRefusesWhatItCannotHonour() throws {
    let trial = repositoryRoot.appendingPathComponent("Tests/OutcomeStatsTests/Fixtures/mmrm_trial_b.csv").path
    let base = ["fit", "change ~ baseline + arm", trial, "--subset", "week == 8", "--impute-by", "arm"]
    let referenceBased = try runOutcomes(base + ["--impute", "jump-to-reference", "--impute-model", "pmm"])
    #expect(referenceBased.status != 0)
    #expect(referenceBased.standardError.contains("--impute-model pmm applies to MAR imputation"), "\(referenceBased.standardError)")
    let misspelt = try runOutcomes(base + ["--impute", "mar", "--impute-model", "pmn"])
    #expect(misspelt.standardError.contains("--impute-model 'pmn': use one of norm, pmm"), "\(misspelt.standardError)")
    let alone = try runOutcomes(["fit", "change ~ baseline + arm", trial, "--impute-model", "pmm"])
    #expect(alone.standardError.contains("need --impute"), "\(alone.standardError)")
    let folder = try temporaryFolder()
    let file = folder.appendingPathComponent("site.csv")
    var csv = "patient_id,arm,site,week,y\n"
    for i in 0..<30 { for week in 0...2 { csv += "P\(i),\(i % 2 == 0 ? "a" : "b"),\(i == 4 ? "NA" : ["s1", "s2", "s3"][i % 3]),\(week),\(Double(i % 7) + Double(week))\n" } }
    try csv.write(to: file, atomically: true, encoding: .utf8)
    let site = try runOutcomes(["fit", "y ~ arm + site", file.path, "--impute", "mar", "--impute-by", "arm"])
    #expect(site.status != 0)
    #expect(site.standardError.contains("a categorical with more levels is not"), "\(site.standardError)")
}
