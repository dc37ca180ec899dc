/// When a patient counts as a responder: an improvement from baseline of at least some points,
/// or of at least some percent of the baseline value (either suffices).
///
/// "Improvement" follows the instrument's direction: a fall for pain, disability, depression
/// and sleep scores, a rise for range of motion.
///
/// ```swift
/// let pain = ResponderCriterion.defaults["pain_nrs"]!     // ≥ 2 points or ≥ 30 %
/// pain.isResponder(baseline: 6, value: 4)                  // true (2 points)
/// ```
///
/// Defaults come from `reference/domain.md`: pain NRS ≥ 2 points or ≥ 30 % (Farrar 2001,
/// IMMPACT); RMDQ ≥ 5 points or ≥ 30 % (Ostelo 2008); ODI ≥ 10 points or ≥ 30 % (Ostelo 2008);
/// PHQ-9 ≥ 5 points (Löwe 2004). Sleep (PSQI) and lumbar flexion have no established threshold
/// for low back pain, so they have no default: set one to derive their responder flag.
public struct ResponderCriterion: Sendable, Equatable, Hashable {
    /// Which way is better.
    public enum Direction: Sendable, Equatable, Hashable {
        /// Lower values are better (pain, disability, depression, sleep scores).
        case lowerIsBetter
        /// Higher values are better (range of motion).
        case higherIsBetter
    }

    /// Improvement in points that suffices, or `nil`.
    public var points: Double?
    /// Improvement in percent of the baseline value that suffices, or `nil`.
    public var percent: Double?
    /// Which way is better.
    public var direction: Direction

    /// A criterion.
    ///
    /// - Precondition: at least one of `points` and `percent` is given, and both are positive.
    public init(points: Double? = nil, percent: Double? = nil, direction: Direction = .lowerIsBetter) {
        precondition(points != nil || percent != nil, "a responder criterion needs points, percent or both")
        precondition((points ?? 1) > 0 && (percent ?? 1) > 0, "responder thresholds must be positive")
        self.points = points
        self.percent = percent
        self.direction = direction
    }

    /// The default criteria by column name.
    public static let defaults: [String: ResponderCriterion] = [
        "pain_nrs": ResponderCriterion(points: 2, percent: 30),
        "rmdq": ResponderCriterion(points: 5, percent: 30),
        "odi": ResponderCriterion(points: 10, percent: 30),
        "mood_phq9": ResponderCriterion(points: 5),
    ]

    /// 1 when the change from `baseline` to `value` is an improvement of at least ``points``
    /// or at least ``percent`` % of the baseline, 0 when not, `NaN` when either is missing.
    ///
    /// improvement = baseline − value (lower is better) or value − baseline; the percent rule
    /// needs a positive baseline (a 0 baseline cannot fall by a percentage).
    /// A tiny tolerance (1e-9 relative) absorbs decimal representation error, so 6 → 4.2
    /// counts as 30 %.
    public func responder(baseline: Double, value: Double) -> Double {
        guard !baseline.isNaN, !value.isNaN else { return .nan }
        let improvement = direction == .lowerIsBetter ? baseline - value : value - baseline
        let tolerance = 1e-9 * max(1, abs(baseline), abs(value))
        if let points, improvement >= points - tolerance { return 1 }
        if let percent, baseline > 0, improvement >= percent / 100 * baseline - tolerance { return 1 }
        return 0
    }

    /// ``responder(baseline:value:)`` as a `Bool` (missing is not a responder).
    public func isResponder(baseline: Double, value: Double) -> Bool {
        responder(baseline: baseline, value: value) == 1
    }
}
