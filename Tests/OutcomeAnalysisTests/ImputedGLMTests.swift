import Foundation
import RealModule
import Testing
@testable import OutcomeAnalysis

/// A GLM as the analysis model of a multiple imputation (issue 15): the week-10 pain responder
/// of the example cohort by logistic regression. The tool imputes `pain_nrs`, the measured score,
/// and derives the responder again from each completed data set; R derives it independently
/// from the written data sets, fits `glm()` and pools with `mice::pool.scalar()`
/// (`Notebooks-Scripts/reference_imputation_pool_glm.R`). Every pooled quantity agrees to
/// 1e-10 relative.
private let cohort = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
private let arguments = ["fit", "pain_nrs_responder ~ technique + cohort", cohort, "--family", "binomial",
                         "--subset", "week == 10", "--impute", "mar", "--imputations", "5", "--seed", "11",
                         "--impute-by", "technique", "--format", "json"]

@Test func pooledLogisticRegressionEqualsMicePoolScalar() throws {
    let result = try runOutcomes(arguments)
    try #require(result.status == 0, "\(result.standardError)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(json["model"] as? String == "glm")
    #expect(json["family"] as? String == "binomial")
    #expect(json["link"] as? String == "logit")
    let imputation = try #require(json["imputation"] as? [String: Any])
    #expect((imputation["imputed_cells"] as? [String: Any])?["pain_nrs"] as? Int == 43)
    let url = repositoryRoot.appendingPathComponent("Tests/OutcomeAnalysisTests/Fixtures/imputation_glm_pooled_reference.csv")
    var reference: [String: Double] = [:]
    for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst() {
        let fields = line.split(separator: ",").map(String.init)
        reference["\(fields[0]) \(fields[1])"] = Double(fields[2])
    }
    let coefficients = try #require(json["coefficients"] as? [[String: Any]])
    #expect(coefficients.count == 9)
    #expect(reference.count == 9 * 8)
    let keys = [("estimate", "estimate"), ("std_error", "std_error"), ("df", "df"), ("riv", "riv"), ("lambda", "lambda"),
                ("fmi", "fmi"), ("within_variance", "ubar"), ("between_variance", "b")]
    for c in coefficients {
        let term = try #require(c["term"] as? String)
        for (ours, theirs) in keys {
            let value = try #require(c[ours] as? Double, "\(term) \(ours)")
            let expected = try #require(reference["\(term) \(theirs)"], "\(term) \(theirs)")
            #expect(value.isApproximatelyEqual(to: expected, relativeTolerance: 1e-10), "\(term) \(ours) \(value) vs \(expected)")
        }
        // Imputation changes the estimate: the pooled fit is not the complete-case one.
        #expect(c["estimate"] as? Double != c["complete_case_estimate"] as? Double, "\(term)")
    }
    let text = try runOutcomes(Array(arguments.dropLast(2)))
    #expect(text.standardOutput.hasPrefix("Logistic regression pooled over multiple imputations"))
    #expect(text.standardOutput.contains("'pain_nrs' ('pain_nrs_responder' derived from each completed data set)"))
    #expect(text.standardOutput.contains("Odds ratios (95 % CI):"))
}

/// A binomial response that is not derived from a score would be imputed by a normal model: it
/// is refused, naming the response, and so is a linear mixed model under imputation.
@Test func imputedGLMRefusesAResponseItCannotImpute() throws {
    let folder = try temporaryFolder()
    let file = folder.appendingPathComponent("binary.csv")
    var csv = "patient_id,arm,week,y\n"
    for i in 0..<20 { for week in 0...2 { csv += "P\(i),\(i % 2 == 0 ? "a" : "b"),\(week),\(week == 2 && i % 5 == 0 ? "NA" : String((i + week) % 2))\n" } }
    try csv.write(to: file, atomically: true, encoding: .utf8)
    let binary = try runOutcomes(["fit", "y ~ arm", file.path, "--family", "binomial", "--impute", "mar", "--impute-by", "arm"])
    #expect(binary.status != 0)
    #expect(binary.standardError.contains("the response 'y' would be imputed by a normal model"), "\(binary.standardError)")
    let mixed = try runOutcomes(["fit", "pain_nrs ~ technique + (1 | patient_id)", cohort, "--impute", "mar"])
    #expect(mixed.status != 0)
    #expect(mixed.standardError.contains("linear mixed model (random terms)"), "\(mixed.standardError)")
}
