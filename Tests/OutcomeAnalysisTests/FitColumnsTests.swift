import CohortData
import OutcomeReports
import Foundation
import OutcomeStats
import Testing
@testable import OutcomeAnalysis

private let examplePath = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path

/// One `outcomes fit` as FitRequest runs it, on a frame loaded with the projection of
/// ``FitColumns`` or loaded whole: the summary text (and, for the projection, the columns loaded)
/// or the error.
private func fitOutput(_ formula: String, path: String = examplePath, projected: Bool, weights: String? = nil,
                       covariance: CovarianceEstimator = .classical, subset: String? = nil,
                       family: ModelFamily = .gaussian, references: [String: String] = ["technique": "usual_care"]) -> String {
    do {
        let parsed = try Formula(formula)
        let rows = try subset.map { try RowSubset($0) }
        let cache = DataCache()
        let loaded = projected
            ? try cache.frame(at: path, reading: FitColumns(formula: parsed, weights: weights, covariance: covariance,
                                                             references: references, subset: rows,
                                                             inference: InferenceOptions()),
                              deriving: parsed.allVariables)
            : try cache.frame(at: path, deriving: parsed.allVariables)
        let (_, frame) = try AnalysisFrame.prepare(loaded, formula: parsed, responder: nil, subset: rows,
                                                   fileLabel: path, analysis: nil)
        if let glm = family.glmFamily {
            let fit = try fitGeneralizedLinearModel(parsed, family: glm, references: references,
                                                    frame: frame, fileLabel: path, analysis: nil)
            return GeneralizedLinearModelSummary(fit: fit, dataLabel: path).text
        }
        let fit = try fitLinearModel(parsed, references: references, frame: frame, fileLabel: path,
                                     analysis: nil, covariance: covariance, weights: weights)
        return LinearModelSummary(fit: fit, dataLabel: path).text
    } catch {
        return "error: \(error)"
    }
}

@Suite struct FitColumnsTests {
    private func columns(_ formula: String, weights: String? = nil, covariance: CovarianceEstimator = .classical,
                         subset: String? = nil, nested: String? = nil, references: [String: String] = [:]) throws -> FitColumns? {
        var inference = InferenceOptions()
        inference.nestedFormula = nested
        return FitColumns(formula: try Formula(formula), weights: weights, covariance: covariance,
                          references: references, subset: try subset.map { try RowSubset($0) }, inference: inference)
    }

    @Test func selectionHoldsWhatTheFitReads() throws {
        let hc3 = try #require(try columns("pain_nrs ~ sessions_per_week + technique + cohort * week + age + sex + bmi",
                                           covariance: .hc3))
        // The patient column is read too (when the file has it), for the note on repeated visits.
        #expect(hc3.selection == .only(["pain_nrs", "sessions_per_week", "technique", "cohort", "week", "age", "sex", "bmi",
                                        "patient_id"]))
        let options = try #require(try columns("pain_nrs ~ I(week^2) + (1 | site)", weights: "bmi",
                                               covariance: .cluster(by: "patient_id"), subset: "cohort == chronic & age > 40",
                                               nested: "pain_nrs ~ mood_phq9", references: ["sex": "F"]))
        #expect(options.selection == ColumnSelection.only(["pain_nrs", "week", "site", "bmi", "sex", "patient_id", "cohort", "age",
                                            "mood_phq9"]))
        // Derived outcomes read their outcome, the patient and the week.
        let derived = try #require(try columns("pain_nrs_change ~ pain_nrs_baseline + sleep_psqi_responder"))
        #expect(derived.selection == .only(["pain_nrs_change", "pain_nrs_baseline", "sleep_psqi_responder",
                                            "pain_nrs", "sleep_psqi", "patient_id", "week"]))
        // A --compare formula that does not parse: load everything.
        #expect(try columns("pain_nrs ~ week", nested: "pain_nrs ~ (week") == nil)
    }

    /// The fit on the projected frame is the fit on the whole file, for plain, derived,
    /// weighted, clustered, subset, mixed and GLM fits — and every error is the same too
    /// (misspelt and missing columns load the whole file to suggest the nearest of its names).
    @Test(arguments: [
        ("pain_nrs ~ sessions_per_week + technique + cohort * week + age + sex + bmi", nil, CovarianceEstimator.hc3, nil),
        ("pain_nrs ~ 1", nil, .classical, nil),
        ("pain_nrs ~ week * cohort", nil, .cluster(by: "site"), nil),
        ("pain_nrs ~ week + technique", "bmi", .hc1, "week > 0"),
        ("pain_nrs_change ~ pain_nrs_baseline + technique", nil, .classical, "week == 10"),
        ("pain_nrs_pct_change ~ technique + cohort", nil, .hc0, "cohort in [acute, chronic] & week > 0"),
        ("mood_phq9 ~ poly(week, 2, raw = TRUE) + log(age)", nil, .classical, nil),
        ("pain_nrs ~ agee + week", nil, .classical, nil),
        ("pain_nrs_chnage ~ week", nil, .classical, nil),
        ("pain_nrs ~ week", "wieght", .classical, nil),
        ("pain_nrs ~ week", nil, .cluster(by: "sitee"), nil),
        ("pain_nrs ~ week", nil, .classical, "cohortt == acute"),
        ("week_change ~ technique", nil, .classical, nil),
        ("patient_id_change ~ technique", nil, .classical, nil),
        ("site_baseline ~ technique", nil, .classical, nil),
        ("cohort_x ~ week", nil, .classical, nil),
    ] as [(String, String?, CovarianceEstimator, String?)])
    func projectedFitEqualsFullFit(formula: String, weights: String?, covariance: CovarianceEstimator, subset: String?) {
        let full = fitOutput(formula, projected: false, weights: weights, covariance: covariance, subset: subset)
        #expect(fitOutput(formula, projected: true, weights: weights, covariance: covariance, subset: subset) == full)
    }

    /// A reference level of a column the formula does not use, or of a misspelt column.
    @Test(arguments: [["technique": "usual_care"], ["techniqe": "usual_care"], ["sex": "F", "site": "site_b"], [:]])
    func referenceColumnsAreRead(references: [String: String]) {
        #expect(fitOutput("pain_nrs ~ week", projected: true, references: references)
                == fitOutput("pain_nrs ~ week", projected: false, references: references))
    }

    @Test func mixedAndGLMFitsAreUnchanged() throws {
        let responder = "pain_nrs_responder ~ technique + cohort"
        #expect(fitOutput(responder, projected: true, subset: "week == 10", family: .binomial)
                == fitOutput(responder, projected: false, subset: "week == 10", family: .binomial))
        let mixed = "pain_nrs ~ week * cohort + (1 + week | patient_id)"
        let request = FitRequest(formula: mixed, dataPath: examplePath)
        let parsed = try Formula(mixed)
        let frame = try DataCache().frame(at: examplePath, deriving: parsed.allVariables)
        let fit = try fitMixedModel(parsed, references: [:], estimation: .reml, frame: frame, fileLabel: examplePath,
                                    analysis: nil)
        #expect(try request.run() == renderMixedFit(fit, format: .text, dataLabel: examplePath))
    }

    /// `cohort` derived from `symptom_weeks` in a file without `cohort`.
    @Test func derivedCohortInTheProjection() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = try String(contentsOfFile: examplePath, encoding: .utf8).split(separator: "\n")
        let withoutCohort = lines.map { line in
            var fields = line.split(separator: ",", omittingEmptySubsequences: false)
            fields.remove(at: 2)
            return fields.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
        #expect(lines[0].split(separator: ",")[2] == "cohort")
        let path = folder.appendingPathComponent("no_cohort.csv").path
        try withoutCohort.write(toFile: path, atomically: true, encoding: .utf8)
        for formula in ["pain_nrs ~ week * cohort", "pain_nrs ~ symptom_weeks + cohort", "pain_nrs_change ~ cohort + technique"] {
            let full = fitOutput(formula, path: path, projected: false)
            #expect(!full.hasPrefix("error"), "\(full)")
            #expect(fitOutput(formula, path: path, projected: true) == full)
        }
        // The same model on the file with `cohort` written out.
        #expect(fitOutput("pain_nrs ~ week * cohort", path: path, projected: true).split(separator: "\n").dropFirst(3)
                == fitOutput("pain_nrs ~ week * cohort", projected: true).split(separator: "\n").dropFirst(3))
    }

    /// A file the projected load rejects is loaded whole, so the error is the whole file's
    /// first; a bad cell only in a column the model does not read is never parsed.
    @Test func errorsAreTheWholeFilesFirst() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = "patient_id,week,pain_nrs,bmi\nP1,0,5,heavy\nP1,2,11,20\nP2,0,4,22\nP2,2,3,21\n"
        let path = folder.appendingPathComponent("bad.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let full = fitOutput("pain_nrs ~ week", path: path, projected: false, references: [:])
        #expect(full.contains("bad.csv:2:4 (bmi): 'heavy' is not a number"))
        #expect(fitOutput("pain_nrs ~ week", path: path, projected: true, references: [:]) == full)
        // Only `week` is read: the bad bmi and pain cells are not.
        #expect(!fitOutput("week ~ 1", path: path, projected: true, references: [:]).hasPrefix("error"))
    }

    /// `outcomes fit` end to end gives the whole-file fit.
    @Test func fitRequestMatchesTheWholeFileFit() throws {
        let formula = "pain_nrs ~ sessions_per_week + technique + cohort * week + age + sex + bmi"
        let output = try FitRequest(formula: formula, dataPath: examplePath, referenceLevels: ["technique": "usual_care"],
                                    covariance: .hc3).run()
        // The whole-file summary, then the note on repeated visits that `outcomes fit` adds.
        let summary = fitOutput(formula, projected: false, covariance: .hc3)
        #expect(output.hasPrefix(summary))
        #expect(output.dropFirst(summary.count).hasPrefix("\nNotes:\n[1] Rows repeat within patients"))
    }
}

/// `outcomes fit` on repeated visits says that classical (or HC) standard errors treat every row
/// as independent and names the alternatives; cluster-robust standard errors by patient and one
/// row per patient say nothing; a GLM's note suggests one visit per patient or an MMRM.
@Test func fitSummaryNotesRepeatedVisits() throws {
    let cohort = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
    let classical = try runOutcomes(["fit", "pain_nrs ~ week + cohort", cohort])
    #expect(classical.standardOutput.contains("\nNotes:\n[1] Rows repeat within patients (1800 rows from 300 patients), but these standard errors treat every row as independent. For repeated visits use covariance: cluster:patient_id, a random term such as (1 | patient_id), or an MMRM.\n"),
            "\(classical.standardOutput)")
    let clustered = try runOutcomes(["fit", "pain_nrs ~ week + cohort", cohort, "--covariance", "cluster:patient_id"])
    #expect(clustered.status == 0 && !clustered.standardOutput.contains("Notes:"))
    let oneVisit = try runOutcomes(["fit", "pain_nrs ~ cohort", cohort, "--subset", "week == 10"])
    #expect(oneVisit.status == 0 && !oneVisit.standardOutput.contains("Rows repeat"))
    // Numeric patient ids under another name (lme4's sleepstudy: 18 subjects × 10 days).
    let sleepstudy = repositoryRoot.appendingPathComponent("Tests/OutcomeAnalysisTests/Fixtures/sleepstudy.csv").path
    let numeric = try runOutcomes(["fit", "Reaction ~ Days", sleepstudy, "--patient", "Subject"])
    #expect(numeric.standardOutput.contains("[1] Rows repeat within patients (180 rows from 18 patients), but these standard errors treat every row as independent. For repeated visits use covariance: cluster:Subject, a random term such as (1 | Subject), or an MMRM."),
            "\(numeric.standardOutput)")
    let glm = try runOutcomes(["fit", "pain_nrs_responder ~ technique + cohort", cohort, "--family", "binomial"])
    #expect(glm.standardOutput.contains("Keep one visit per patient (subset: { week: 10 }), or analyse the underlying score with an MMRM."),
            "\(glm.standardOutput)")
}
