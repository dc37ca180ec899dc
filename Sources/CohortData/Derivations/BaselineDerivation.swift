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
        let feature = columnName(quantity)
        let patients = try groupingColumn(frame, patient, fileName: fileName, feature: feature, role: "patient")
        guard case .numeric(let times)? = frame[time] else {
            throw CohortDataError.featureNeedsColumn(file: fileName, feature: feature, role: "visit", column: time,
                                                     suggestion: nearestName(to: time, among: frame.columnNames.filter { $0 != time }))
        }
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

/// The column `name` as groups: a categorical column as it is, a numeric one (patient numbers such
/// as sleepstudy's `Subject` "308") by its values' labels, as lme4 reads a grouping factor; a
/// missing column is ``CohortDataError/featureNeedsColumn(file:feature:role:column:suggestion:)``.
func groupingColumn(_ frame: Frame, _ name: String, fileName: String, feature: String, role: String) throws -> CategoricalColumn {
    switch frame[name] {
    case .categorical(let column)?:
        return column
    case .numeric(let values)?:
        return CategoricalColumn(values.map { value -> String? in
            guard !value.isNaN else { return nil }
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
        })
    case nil:
        throw CohortDataError.featureNeedsColumn(file: fileName, feature: feature, role: role, column: name,
                                                 suggestion: nearestName(to: name, among: frame.columnNames.filter { $0 != name }))
    }
}
