import CohortData
import OutcomeStats

/// The columns one `outcomes fit` reads from its data file, so that the file is loaded with
/// only those (``CohortData/ColumnSelection``): a million-row file with 14 columns loads
/// several times faster when the model reads five.
///
/// The columns read are the formula's variables, the weights column, the cluster column of
/// cluster-robust standard errors, the columns given reference levels (the model checks they
/// exist even when the formula does not use them), the columns the subset names and the
/// variables of a `--compare` formula, plus the inputs of every derived column the file may lack:
/// `<outcome>_baseline`, `_change`, `_pct_change` and `_responder` read `<outcome>`,
/// `patient_id` and `week` (``CohortData/DerivedColumns``); `cohort` reads `symptom_weeks`
/// (the loader does that itself). The patient column is read too, when present, so that the
/// summary can say when rows repeat within patients.
///
/// The projected frame is used only when it holds every column read, or its derivation's
/// inputs with the kinds the derivation needs (``isComplete(_:)``). Otherwise — a typo, a
/// missing column — the file is loaded whole, so every error message (which may suggest the
/// nearest of all the file's columns) is exactly what a full load gives. The result of a fit
/// never depends on the projection.
struct FitColumns: Equatable {
    /// The names the fit reads directly, in order of first appearance.
    let names: [String]
    /// The patient and visit-time columns of per-patient derivations.
    private let derivations: DerivedColumns

    /// The columns `formula` and its options read, or `nil` when they cannot be known
    /// (a `--compare` formula that does not parse: the full load then reports it as before).
    init?(formula: Formula, weights: String?, covariance: CovarianceEstimator, references: [String: String],
          subset: RowSubset?, inference: InferenceOptions, derivations: DerivedColumns = DerivedColumns()) {
        self.derivations = derivations
        var names = formula.allVariables
        if let weights { names.append(weights) }
        names += references.keys.sorted()
        if case .cluster(let column) = covariance { names.append(column) }
        if let subset { names += Self.columns(of: subset.expression) }
        if let nested = inference.nestedFormula {
            guard let parsed = try? Formula(nested) else { return nil }
            names += parsed.allVariables
        }
        var seen: Set<String> = []
        self.names = names.filter { seen.insert($0).inserted }
    }

    /// The names read, the inputs of the derivations among them, and the patient column when
    /// the file has one (for the note on repeated visits; its absence is no error).
    var selection: ColumnSelection {
        var selected = Set(names + [derivations.patient])
        for name in names {
            if let outcome = derivedOutcome(of: name) {
                selected.formUnion([outcome, derivations.patient, derivations.time])
            }
        }
        return .only(selected)
    }

    /// Whether `frame`, loaded with ``selection``, holds every column the fit reads or, for a
    /// derived one it lacks, the inputs of its derivation with the kinds the derivation needs
    /// (numeric outcome and time, categorical patient). When it does, deriving and fitting on it
    /// give exactly what they give on the whole file.
    func isComplete(_ frame: Frame) -> Bool {
        names.allSatisfy { name in
            if frame.contains(name) { return true }
            guard let outcome = derivedOutcome(of: name), outcome != derivations.patient, outcome != derivations.time,
                  case .numeric? = frame[outcome], frame.contains(derivations.patient),
                  case .numeric? = frame[derivations.time] else { return false }
            return true
        }
    }

    /// `<outcome>` when `name` reads `<outcome>_baseline`, `_change`, `_pct_change` or `_responder`.
    private func derivedOutcome(of name: String) -> String? {
        for quantity in BaselineDerivation.Quantity.allCases {
            let suffix = "_" + quantity.rawValue
            if name.hasSuffix(suffix), name.count > suffix.count { return String(name.dropLast(suffix.count)) }
        }
        return nil
    }

    /// The columns a subset expression names.
    private static func columns(of expression: RowSubset.Expression) -> [String] {
        switch expression {
        case let .comparison(column, _, _), let .membership(column, _): [column]
        case let .and(operands), let .or(operands): operands.flatMap(columns(of:))
        }
    }
}
