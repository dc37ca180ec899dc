import OutcomeStats

/// Per-patient change from baseline of one outcome in a long cohort frame.
///
/// ```swift
/// let derivation = BaselineDerivation(outcome: "pain_nrs")
/// let frame = try derivation.adding([.baseline, .change, .responder], to: visits)
/// // new columns pain_nrs_baseline, pain_nrs_change, pain_nrs_responder
/// ```
///
/// For every row of patient *i* with value *y*:
/// - baseline *b* = the patient's value at the baseline week (week 0; the first such row
///   when there are several; `NaN` when the patient has no baseline visit or its value is missing);
/// - change = *y* − *b*;
/// - percent change = 100 · (*y* − *b*) / *b* (`NaN` when *b* = 0);
/// - responder = 1 when the improvement meets the ``ResponderCriterion``, else 0 (`NaN` at the
///   baseline visit itself and when
///   *y* or *b* is missing).
///
/// Missing stays missing: a missing value or baseline gives missing derived values, which
/// models then drop and count like any other missing value.
public struct BaselineDerivation: Sendable, Equatable {
    /// A derived quantity; the raw value is the column-name suffix.
    public enum Quantity: String, Sendable, Equatable, Hashable, CaseIterable {
        /// The patient's baseline value.
        case baseline = "baseline"
        /// Value minus baseline.
        case change = "change"
        /// 100 × change / baseline.
        case percentChange = "pct_change"
        /// 1 when the improvement meets the responder criterion, else 0.
        case responder = "responder"
    }

    /// The outcome column.
    public let outcome: String
    /// The patient identifier column.
    public let patient: String
    /// The visit time column.
    public let time: String
    /// The time of the baseline visit.
    public let baselineWeek: Double
    /// The responder criterion, when one is defined.
    public let criterion: ResponderCriterion?

    /// A derivation for `outcome`.
    ///
    /// - Parameters:
    ///   - outcome: The outcome column.
    ///   - patient: The patient identifier column.
    ///   - time: The visit time column.
    ///   - baselineWeek: The time of the baseline visit.
    ///   - criterion: The responder criterion; ``ResponderCriterion/defaults`` for the outcome by default.
    public init(outcome: String, patient: String = "patient_id", time: String = "week", baselineWeek: Double = 0,
                criterion: ResponderCriterion? = nil) {
        self.outcome = outcome
        self.patient = patient
        self.time = time
        self.baselineWeek = baselineWeek
        self.criterion = criterion ?? ResponderCriterion.defaults[outcome]
    }

    /// The column name of `quantity`: `outcome_suffix`, such as `pain_nrs_change`.
    public func columnName(_ quantity: Quantity) -> String { "\(outcome)_\(quantity.rawValue)" }

    /// The values of `quantity`, one per row of `frame`.
    ///
    /// - Throws: ``CohortDataError/missingColumn(file:name:suggestion:)`` when the outcome,
    ///   patient or time column is absent; ``CohortDataError/noResponderCriterion(outcome:)``
    ///   for a responder flag without a criterion.
    public func values(_ quantity: Quantity, in frame: Frame, fileName: String = "data") throws -> [Double] {
        let values = try numericColumn(frame, outcome, fileName: fileName)
        let patients = try categoricalColumn(frame, patient, fileName: fileName)
        let times = try numericColumn(frame, time, fileName: fileName)
        var baselineOf = [Double](repeating: .nan, count: patients.levels.count)
        var seen = [Bool](repeating: false, count: patients.levels.count)
        for row in values.indices where times[row] == baselineWeek {
            let code = Int(patients.codes[row])
            guard code >= 0, !seen[code] else { continue }
            seen[code] = true
            baselineOf[code] = values[row]
        }
        let baseline = patients.codes.map { $0 < 0 ? Double.nan : baselineOf[Int($0)] }
        switch quantity {
        case .baseline:
            return baseline
        case .change:
            return zip(values, baseline).map { $0 - $1 }
        case .percentChange:
            return zip(values, baseline).map { $1 == 0 ? .nan : 100 * ($0 - $1) / $1 }
        case .responder:
            guard let criterion else { throw CohortDataError.noResponderCriterion(outcome: outcome) }
            // Missing at the baseline visit itself, as ``ResponderDerivation`` (the spec's
            // `responder:`) has it: a week-0 row is no evidence of (non-)response.
            return values.indices.map { row in
                times[row] == baselineWeek ? .nan : criterion.responder(baseline: baseline[row], value: values[row])
            }
        }
    }

    /// `frame` with the columns of `quantities` appended (replacing columns of those names).
    ///
    /// - Throws: as ``values(_:in:fileName:)``.
    public func adding(_ quantities: [Quantity], to frame: Frame, fileName: String = "data") throws -> Frame {
        var result = frame
        for quantity in quantities {
            try result.set(columnName(quantity), .numeric(values(quantity, in: frame, fileName: fileName)))
        }
        return result
    }
}
