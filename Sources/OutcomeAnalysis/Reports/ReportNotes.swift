import Foundation
import OutcomeStats

/// Notes a linear-model report adds from the core's diagnostics and the data's shape.
enum ReportNotes {
    /// The core's note on a nearly collinear design ("The condition number … is large,
    /// 2.3e+04 …"), or `nil`.
    static func conditionNumber(of fit: LinearModelFit) -> String? {
        fit.notes.first { if case .largeConditionNumber = $0 { true } else { false } }?.message
    }

    /// "Variable labels: pain_nrs “Pain score (0-10)”; …" for the formula's variables that the
    /// data label (an SPSS, Stata or SAS file's variable labels), or `nil` when none is.
    static func variableLabels(of formula: Formula, in frame: Frame) -> String? {
        let labelled = formula.allVariables.compactMap { name in frame.variableLabels[name].map { "\(name) “\($0)”" } }
        return labelled.isEmpty ? nil : "Variable labels: " + labelled.joined(separator: "; ") + "."
    }

    /// The core's note naming the aliased terms, or `nil`.
    static func aliased(of fit: some StatisticalFit) -> String? {
        fit.notes.first { if case .aliased = $0 { true } else { false } }?.message
    }

    /// A note when visits repeat within patients (more rows than patients in `frame`, the rows
    /// fitted) and `covariance` treats every row as independent (classical or HC), naming the
    /// alternatives: cluster-robust standard errors by patient, a random term, or an MMRM.
    static func repeatedVisits(in frame: Frame, covariance: CovarianceEstimator, patient: String = "patient_id") -> String? {
        guard covariance.clusterColumn == nil, let (rows, patients) = repetition(in: frame, patient: patient) else { return nil }
        return "Rows repeat within patients (\(rows) rows from \(patients) patients), but these standard errors "
            + "treat every row as independent. For repeated visits use covariance: cluster:\(patient), a random term "
            + "such as (1 | \(patient)), or an MMRM."
    }

    /// The GLM's form of ``repeatedVisits(in:covariance:patient:)``: a GLM has no cluster-robust
    /// or random-effect form here, so the alternatives are one visit per patient or an MMRM of the
    /// score the response comes from.
    static func repeatedVisitsInGLM(in frame: Frame, patient: String = "patient_id") -> String? {
        guard let (rows, patients) = repetition(in: frame, patient: patient) else { return nil }
        return "Rows repeat within patients (\(rows) rows from \(patients) patients), but these standard errors "
            + "treat every row as independent. Keep one visit per patient (subset: { week: 10 }), or analyse the "
            + "underlying score with an MMRM."
    }

    /// Rows and distinct patients of `frame` when some patient has more than one row.
    private static func repetition(in frame: Frame, patient: String) -> (rows: Int, patients: Int)? {
        let count: Int
        switch frame[patient] {
        case .categorical(let patients)?:
            count = Set(patients.codes.filter { $0 >= 0 }).count
        case .numeric(let ids)?:   // numeric patient ids (sleepstudy's Subject)
            count = Set(ids.filter { !$0.isNaN }).count
        default:
            return nil
        }
        guard count < frame.rowCount, count > 0 else { return nil }
        return (frame.rowCount, count)
    }

    /// The notes `outcomes fit` prints under a linear model's summary: a large condition
    /// number and repeated visits treated as independent.
    static func summaryNotes(of fit: LinearModelFit, in frame: Frame, patient: String) -> [String] {
        [conditionNumber(of: fit), repeatedVisits(in: frame, covariance: fit.covarianceEstimator, patient: patient)].compactMap { $0 }
    }

    /// Notes as `outcomes fit` prints them: `Notes:` and one numbered line each, or nothing.
    static func numbered(_ notes: [String]) -> String {
        notes.isEmpty ? "" : "\nNotes:\n" + notes.enumerated().map { "[\($0.offset + 1)] \($0.element)\n" }.joined()
    }
}
