import OutcomeStats

/// Adds the derived columns a model names but the file lacks, so formulas can use them by name.
///
/// ```swift
/// let frame = try DerivedColumns().adding(["pain_nrs_change", "pain_nrs_baseline", "week"], to: visits)
/// // pain_nrs_change ~ pain_nrs_baseline + week now fits
/// ```
///
/// A name the frame does not have is derived when it reads `<outcome>_baseline`,
/// `<outcome>_change`, `<outcome>_pct_change` or `<outcome>_responder` and `<outcome>` is a
/// numeric column (see ``BaselineDerivation``), or `cohort` with `symptom_weeks` present
/// (see ``CohortDerivation``). A name that is neither, but close to a derivable name, is an
/// error suggesting it (`pain_nrs_chnage` → `pain_nrs_change`); other unknown names are left
/// for the model to report with its own suggestion. Columns the file has are never replaced.
public struct DerivedColumns: Sendable, Equatable {
    /// The patient identifier column.
    public var patient: String
    /// The visit time column.
    public var time: String
    /// The time of the baseline visit.
    public var baselineWeek: Double
    /// Responder criteria by outcome (``ResponderCriterion/defaults`` by default).
    public var criteria: [String: ResponderCriterion]
    /// Cut-points for deriving `cohort`.
    public var cutPoints: CohortCutPoints

    /// Derivations with the default columns, baseline week 0, default criteria and cut-points.
    public init(patient: String = "patient_id", time: String = "week", baselineWeek: Double = 0,
                criteria: [String: ResponderCriterion] = ResponderCriterion.defaults,
                cutPoints: CohortCutPoints = .standard) {
        self.patient = patient
        self.time = time
        self.baselineWeek = baselineWeek
        self.criteria = criteria
        self.cutPoints = cutPoints
    }

    /// `frame` with every derivable column of `names` it lacks appended, in the order named.
    ///
    /// - Parameters:
    ///   - names: Column names a model needs (for example a formula's variables).
    ///   - frame: The loaded frame.
    ///   - fileName: The data file, named in errors.
    /// - Throws: ``CohortDataError`` when a derivation's inputs are missing (naming the
    ///   nearest column) or a responder flag has no criterion.
    public func adding(_ names: [String], to frame: Frame, fileName: String = "data") throws -> Frame {
        var result = frame
        for name in names where !result.contains(name) {
            // `week_responder`: a column of the file with no responder criterion (rather than the
            // nearest derivable name, which would be some other column's responder flag).
            let responderSuffix = "_" + BaselineDerivation.Quantity.responder.rawValue
            if name.hasSuffix(responderSuffix), case let outcome = String(name.dropLast(responderSuffix.count)),
               frame.contains(outcome), criteria[outcome] == nil {
                throw CohortDataError.noResponderCriterion(outcome: outcome)
            }
            if !isDerivable(name, in: frame), let suggestion = nearestName(to: name, among: frame.columnNames + derivableNames(in: frame)),
               !frame.contains(suggestion) {
                throw CohortDataError.notDerivable(file: fileName, name: name, suggestion: suggestion)
            }
            if name == "cohort", case .numeric(let weeks)? = frame["symptom_weeks"] {
                try result.append(name, .categorical(CohortDerivation(cutPoints: cutPoints).cohortColumn(symptomWeeks: weeks)))
                continue
            }
            for quantity in BaselineDerivation.Quantity.allCases {
                let suffix = "_" + quantity.rawValue
                guard name.hasSuffix(suffix), name.count > suffix.count else { continue }
                let outcome = String(name.dropLast(suffix.count))
                guard case .numeric? = frame[outcome] else { continue }
                let derivation = BaselineDerivation(outcome: outcome, patient: patient, time: time,
                                                    baselineWeek: baselineWeek, criterion: criteria[outcome])
                try result.append(name, .numeric(derivation.values(quantity, in: frame, fileName: fileName)))
                break
            }
        }
        return result
    }

    /// Whether `name` can be derived from the columns of `frame`.
    public func isDerivable(_ name: String, in frame: Frame) -> Bool {
        if name == "cohort", case .numeric? = frame["symptom_weeks"] { return true }
        return derivableNames(in: frame).contains(name)
    }

    /// Every per-patient name derivable from the numeric columns of `frame`
    /// (`<outcome>_baseline`, `_change`, `_pct_change`, `_responder`).
    public func derivableNames(in frame: Frame) -> [String] {
        frame.columnNames.flatMap { name -> [String] in
            guard case .numeric? = frame[name], name != patient, name != time else { return [] }
            return BaselineDerivation.Quantity.allCases.map { "\(name)_\($0.rawValue)" }
        }
    }
}
