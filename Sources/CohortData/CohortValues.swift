/// One number per episode cohort: acute, subacute, chronic.
///
/// ```swift
/// let shift = CohortValues(acute: 0, subacute: 0.5, chronic: 1)
/// shift["chronic"]   // 1
/// ```
public struct CohortValues: Sendable, Equatable, Hashable {
    /// The acute cohort's value.
    public var acute: Double
    /// The subacute cohort's value.
    public var subacute: Double
    /// The chronic cohort's value.
    public var chronic: Double

    /// Values for the three cohorts.
    public init(acute: Double, subacute: Double, chronic: Double) {
        self.acute = acute
        self.subacute = subacute
        self.chronic = chronic
    }

    /// The cohort labels in their natural order.
    public static let labels = ["acute", "subacute", "chronic"]

    /// The value for `cohort` (`"acute"`, `"subacute"` or `"chronic"`).
    ///
    /// - Precondition: `cohort` is one of the three labels.
    public subscript(cohort: String) -> Double {
        switch cohort {
        case "acute": acute
        case "subacute": subacute
        case "chronic": chronic
        default: preconditionFailure("unknown cohort '\(cohort)'")
        }
    }
}
