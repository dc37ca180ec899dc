/// The within-subject covariance term of an MMRM formula, in R mmrm's notation:
/// `us(visit | patient_id)`, `ar1h(visit | technique / patient_id)`, `sp_exp(week | patient_id)`.
///
/// The left of `|` is the time: a categorical visit for every structure but ``CovarianceStructure/spatialExponential``,
/// whose time is a numeric column (distances between times). The right is the subject, optionally after
/// `groups /`: a separate covariance matrix per level of the groups (`us(visit | technique / patient_id)`).
///
/// ```swift
/// let formula = try Formula("pain_nrs_change ~ pain_nrs_baseline + technique * visit + us(visit | patient_id)")
/// formula.covarianceTerm?.structure   // .unstructured
/// formula.covarianceTerm?.subject     // "patient_id"
/// ```
public struct CovarianceTerm: Sendable, Hashable, CustomStringConvertible {
    /// The covariance structure.
    public let structure: CovarianceStructure
    /// The time (visit) column.
    public let time: String
    /// Columns whose levels each get their own covariance matrix (empty: one matrix).
    public let groups: [String]
    /// The subject column: observations of one subject are correlated, subjects independent.
    public let subject: String

    /// A term.
    public init(structure: CovarianceStructure, time: String, groups: [String] = [], subject: String) {
        self.structure = structure
        self.time = time
        self.groups = groups
        self.subject = subject
    }

    /// The term as written: `us(visit | technique / patient_id)`.
    public var description: String {
        let grouping = groups.isEmpty ? "" : groups.joined(separator: ":") + " / "
        return "\(structure.name)(\(time) | \(grouping)\(subject))"
    }

    /// The columns the term reads: time, groups, subject.
    public var variables: [String] {
        var result: [String] = []
        for name in [time] + groups + [subject] where !result.contains(name) { result.append(name) }
        return result
    }
}
