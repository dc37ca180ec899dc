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

    /// A note when visits repeat within patients (more rows than patients in `frame`, the rows
    /// fitted) and `covariance` treats every row as independent (classical or HC), naming the
    /// alternatives: cluster-robust standard errors by patient, a random term, or an MMRM.
    static func repeatedVisits(in frame: Frame, covariance: CovarianceEstimator) -> String? {
        guard covariance.clusterColumn == nil, case .categorical(let patients)? = frame["patient_id"] else { return nil }
        var seen = Set<Int32>()
        for code in patients.codes where code >= 0 { seen.insert(code) }
        guard seen.count < frame.rowCount, !seen.isEmpty else { return nil }
        return "Rows repeat within patients (\(frame.rowCount) rows from \(seen.count) patients), but these standard errors "
            + "treat every row as independent. For repeated visits use covariance: cluster:patient_id, a random term "
            + "such as (1 | patient_id), or an MMRM."
    }
}
