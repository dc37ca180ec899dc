import OutcomeStats

/// Derives a per-visit responder flag — a clinically important improvement from the patient's
/// baseline — and adds it to a frame as the numeric 0/1 column `<outcome>_responder`.
///
/// For each patient the baseline is the outcome at the baseline visit (week 0; the first such row
/// in file order if a patient has several). At every later visit, with improvement
/// Δ = baseline − value (or value − baseline when higher is better),
///
///     responder = Δ ≥ minimumPoints  or  Δ / baseline ≥ minimumFraction
///
/// The defaults are the pain NRS thresholds of Farrar 2001 / IMMPACT (≥ 2 points or ≥ 30 %).
/// The flag is NaN (missing) at the baseline visit itself, when the baseline or the value is
/// missing, and for a patient without a baseline visit. The rule itself is
/// ``ResponderCriterion``'s, the one rule of the toolkit: the relative criterion needs a positive
/// baseline (a baseline of 0, or a negative one on a scale that allows it, cannot improve by a
/// percentage of itself), so there only the points criterion applies; comparisons allow a slack of
/// 1e-9 relative so that decimal data on the threshold (7.0 → 4.9 is exactly 30 %) count as
/// responders although 2.1/7.0 rounds below 0.3 in binary.
///
/// ```swift
/// let derived = try ResponderDerivation(outcome: "pain_nrs").adding(to: frame)
/// derived["pain_nrs_responder"]   // .numeric([nan, 0, 1, …])
/// ```
public struct ResponderDerivation: Sendable, Equatable {
    /// Which direction of change is an improvement.
    public enum Improvement: String, Sendable, Equatable {
        /// Lower scores are better (pain, PSQI, PHQ-9, RMDQ, ODI).
        case lowerIsBetter
        /// Higher scores are better (range of motion).
        case higherIsBetter
    }

    /// The outcome column, e.g. `pain_nrs`.
    public let outcome: String
    /// Minimal improvement in points (`nil` disables the points criterion).
    public let minimumPoints: Double?
    /// Minimal improvement as a fraction of baseline (`nil` disables the relative criterion).
    public let minimumFraction: Double?
    /// Direction of improvement.
    public let improvement: Improvement
    /// Column identifying the patient.
    public let patientColumn: String
    /// Column holding the visit time.
    public let timeColumn: String
    /// Time of the baseline visit.
    public let baselineTime: Double

    /// A derivation.
    ///
    /// - Parameters:
    ///   - outcome: the outcome column.
    ///   - minimumPoints: points criterion, default 2.
    ///   - minimumFraction: relative criterion, default 0.30.
    ///   - improvement: direction of improvement, default lower is better.
    ///   - patientColumn: default `patient_id`.
    ///   - timeColumn: default `week`.
    ///   - baselineTime: default 0.
    public init(outcome: String, minimumPoints: Double? = 2, minimumFraction: Double? = 0.30,
                improvement: Improvement = .lowerIsBetter, patientColumn: String = "patient_id",
                timeColumn: String = "week", baselineTime: Double = 0) {
        precondition(minimumPoints != nil || minimumFraction != nil, "a responder needs at least one criterion")
        self.outcome = outcome
        self.minimumPoints = minimumPoints
        self.minimumFraction = minimumFraction
        self.improvement = improvement
        self.patientColumn = patientColumn
        self.timeColumn = timeColumn
        self.baselineTime = baselineTime
    }

    /// The same derivation over other patient and time columns (a spec's `patient:` and `visit:`).
    public func with(patientColumn: String, timeColumn: String) -> ResponderDerivation {
        ResponderDerivation(outcome: outcome, minimumPoints: minimumPoints, minimumFraction: minimumFraction,
                            improvement: improvement, patientColumn: patientColumn, timeColumn: timeColumn,
                            baselineTime: baselineTime)
    }

    /// Name of the derived column: `<outcome>_responder`.
    public var columnName: String { outcome + "_responder" }

    /// The rule this derivation applies: the one ``ResponderCriterion`` every responder flag
    /// in the toolkit goes through.
    public var criterion: ResponderCriterion {
        ResponderCriterion(points: minimumPoints, percent: minimumFraction.map { $0 * 100 },
                           direction: improvement == .lowerIsBetter ? .lowerIsBetter : .higherIsBetter)
    }

    /// Whether a change from `baseline` to `value` is a response: 1, 0, or NaN when undefined
    /// (``ResponderCriterion/responder(baseline:value:)``).
    public func flag(baseline: Double, value: Double) -> Double {
        criterion.responder(baseline: baseline, value: value)
    }

    /// The flag at every row of `frame` (NaN at baseline visits and where undefined).
    ///
    /// - Parameter dataLabel: the data file's name for error messages.
    /// - Throws: ``CohortDataError/featureNeedsColumn(file:feature:role:column:suggestion:)`` when
    ///   the outcome, patient or time column is absent or the outcome or time is not numeric.
    public func flags(in frame: Frame, dataLabel: String = "data") throws -> [Double] {
        let feature = "\(outcome)_responder"
        func numeric(_ name: String, role: String) throws -> [Double] {
            guard case .numeric(let values)? = frame[name] else {
                throw CohortDataError.featureNeedsColumn(file: dataLabel, feature: feature, role: role, column: name,
                                                         suggestion: nearestName(to: name, among: frame.columnNames.filter { $0 != name }))
            }
            return values
        }
        let values = try numeric(outcome, role: "numeric outcome")
        let times = try numeric(timeColumn, role: "visit")
        guard let patients = frame[patientColumn] else {
            throw CohortDataError.featureNeedsColumn(file: dataLabel, feature: feature, role: "patient", column: patientColumn,
                                                     suggestion: nearestName(to: patientColumn, among: frame.columnNames))
        }
        // Patients as small integer keys: categorical codes directly, numeric ids through a dictionary.
        var keys = [Int](repeating: -1, count: frame.rowCount)
        var patientCount = 0
        switch patients {
        case .categorical(let column):
            for row in 0..<frame.rowCount { keys[row] = Int(column.codes[row]) }
            patientCount = column.levels.count
        case .numeric(let ids):
            var index: [Double: Int] = [:]
            for row in 0..<frame.rowCount where !ids[row].isNaN {
                if let k = index[ids[row]] { keys[row] = k } else { index[ids[row]] = patientCount; keys[row] = patientCount; patientCount += 1 }
            }
        }
        var baselines = [Double](repeating: .nan, count: patientCount)
        var hasBaseline = [Bool](repeating: false, count: patientCount)
        for row in 0..<frame.rowCount where times[row] == baselineTime && keys[row] >= 0 && !hasBaseline[keys[row]] {
            baselines[keys[row]] = values[row]
            hasBaseline[keys[row]] = true
        }
        return (0..<frame.rowCount).map { row in
            let patient = keys[row]
            guard patient >= 0, hasBaseline[patient], !times[row].isNaN, times[row] != baselineTime else { return .nan }
            return flag(baseline: baselines[patient], value: values[row])
        }
    }

    /// `frame` with the column ``columnName`` added (or replaced).
    ///
    /// - Throws: as ``flags(in:dataLabel:)``.
    public func adding(to frame: Frame, dataLabel: String = "data") throws -> Frame {
        var result = frame
        try result.set(columnName, .numeric(try flags(in: frame, dataLabel: dataLabel)))
        return result
    }
}
