import CohortData
import OutcomeStats

/// The frame an analysis fits: responder flags derived (for an explicit ``ResponderDerivation``
/// and for every `<outcome>_responder` variable the formula names that the data lack, with the
/// default pain thresholds: ≥ 2 points or ≥ 30 % from week 0), then rows restricted by the
/// subset — in that order, so a week-10 subset still finds each patient's week-0 baseline.
enum AnalysisFrame {
    /// The derived frame before the filters (used for plots over all visits) and after them.
    static func prepare(_ frame: Frame, formula: Formula, responder: ResponderDerivation?, subset: RowSubset?,
                        fileLabel: String, analysis: String?) throws -> (derived: Frame, filtered: Frame) {
        var derived = frame
        var derivations: [ResponderDerivation] = responder.map { [$0] } ?? []
        for name in formula.allVariables where name.hasSuffix("_responder") && !frame.contains(name)
            && !derivations.contains(where: { $0.columnName == name }) {
            derivations.append(ResponderDerivation(outcome: String(name.dropLast("_responder".count))))
        }
        do {
            for derivation in derivations { derived = try derivation.adding(to: derived, dataLabel: fileLabel) }
        } catch let error as CohortDataError {
            throw AnalysisError.data(error)
        }
        guard let subset else { return (derived, derived) }
        do {
            let rows = try subset.matchingRows(in: derived)
            guard !rows.isEmpty else {
                throw AnalysisError.subset(analysis: analysis ?? "fit", message: "subset '\(subset)' keeps no rows of \(fileLabel)")
            }
            return (derived, derived.rows(rows))
        } catch let error as SubsetError {
            throw AnalysisError.subset(analysis: analysis ?? "fit", message: "\(fileLabel): \(error)")
        }
    }
}
