/// What the loader expects of one column of a cohort file.
///
/// ```swift
/// CohortColumn(name: "pain_nrs", kind: .numeric, validRange: 0...10)
/// CohortColumn(name: "patient_id", kind: .categorical, isRequired: true)
/// ```
public struct CohortColumn: Sendable, Equatable, Hashable {
    /// How the values of a column are stored in the ``OutcomeStats/Frame``.
    public enum Kind: Sendable, Equatable, Hashable {
        /// `Double`s, `NaN` where missing; text that is not a number is an error.
        case numeric
        /// Dictionary-encoded labels, code `-1` where missing.
        case categorical
    }

    /// The column's name in the frame (the contract name, after aliases are applied).
    public var name: String
    /// Numeric or categorical.
    public var kind: Kind
    /// The inclusive range every non-missing value must lie in (numeric columns only), or `nil`.
    public var validRange: ClosedRange<Double>?
    /// Whether a file without this column is rejected.
    public var isRequired: Bool

    /// A column declaration.
    ///
    /// - Parameters:
    ///   - name: The column's contract name.
    ///   - kind: Numeric or categorical.
    ///   - validRange: The instrument's valid range, checked for every non-missing value.
    ///   - isRequired: Whether the column must be present.
    /// - Precondition: only numeric columns have a range.
    public init(name: String, kind: Kind, validRange: ClosedRange<Double>? = nil, isRequired: Bool = false) {
        precondition(validRange == nil || kind == .numeric, "only a numeric column can have a valid range")
        self.name = name
        self.kind = kind
        self.validRange = validRange
        self.isRequired = isRequired
    }
}
