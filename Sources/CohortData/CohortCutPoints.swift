/// Symptom-duration cut-points that classify an episode of low back pain.
///
/// With the research convention (the ``standard`` value): acute below 6 weeks, subacute from
/// 6 to 12 weeks inclusive, chronic above 12 weeks. Some guidelines use acute below 4 weeks
/// (the 2008 Cochrane massage review), so both bounds are configurable.
///
/// ```swift
/// CohortCutPoints.standard.cohort(forSymptomWeeks: 13)   // "chronic"
/// CohortCutPoints(acuteBelow: 4, chronicAbove: 12).cohort(forSymptomWeeks: 5)   // "subacute"
/// ```
public struct CohortCutPoints: Sendable, Equatable, Hashable {
    /// Durations strictly below this many weeks are acute.
    public var acuteBelow: Double
    /// Durations strictly above this many weeks are chronic.
    public var chronicAbove: Double

    /// Cut-points in weeks.
    ///
    /// - Parameters:
    ///   - acuteBelow: Durations below this are acute.
    ///   - chronicAbove: Durations above this are chronic; between the two (inclusive) subacute.
    /// - Precondition: `acuteBelow <= chronicAbove`, both finite.
    public init(acuteBelow: Double, chronicAbove: Double) {
        precondition(acuteBelow.isFinite && chronicAbove.isFinite && acuteBelow <= chronicAbove,
                     "cohort cut-points need acuteBelow <= chronicAbove")
        self.acuteBelow = acuteBelow
        self.chronicAbove = chronicAbove
    }

    /// Acute < 6 weeks, subacute 6–12 weeks, chronic > 12 weeks.
    public static let standard = CohortCutPoints(acuteBelow: 6, chronicAbove: 12)

    /// `"acute"`, `"subacute"` or `"chronic"` for a symptom duration in weeks; `nil` when missing.
    ///
    /// - Parameter weeks: Symptom duration; `NaN` means missing.
    /// - Returns: The cohort label, or `nil` for a missing duration.
    public func cohort(forSymptomWeeks weeks: Double) -> String? {
        if weeks.isNaN { return nil }
        if weeks < acuteBelow { return "acute" }
        if weeks > chronicAbove { return "chronic" }
        return "subacute"
    }
}
