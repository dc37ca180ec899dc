/// One random-effect term of a mixed-model formula: effects that vary between the levels of a
/// grouping factor, with a full covariance matrix between them.
///
/// The parser expands lme4's shorthands, so every value here is one covariance block:
/// `(1 + week || g)` becomes `(1 | g)` and `(0 + week | g)`; `(1 | site/patient_id)` becomes
/// `(1 | site)` and `(1 | patient_id:site)` (lme4's names).
///
/// A grouping variable may be categorical or numeric; a numeric one is a factor of its distinct
/// values, as lme4 makes a factor of it (levels in numeric order), so `(1 | Subject)` works on
/// `sleepstudy` as R writes it to CSV. The response cannot group or vary in its own term, and a
/// grouping factor needs two or more levels among the rows used.
///
/// ```swift
/// let formula = try Formula("pain_nrs ~ week + (1 + week | patient_id)")
/// formula.randomTerms[0].effectNames   // ["(Intercept)", "week"]
/// formula.randomTerms[0].groupLabel    // "patient_id"
/// ```
public struct RandomEffectTerm: Sendable, Hashable, CustomStringConvertible {
    /// Whether the term has a random intercept.
    public let hasIntercept: Bool
    /// The varying effects besides the intercept, in R's order.
    public let terms: [Term]
    /// The variables whose combined values define the groups (one for `g`, two for `a:b`).
    public let grouping: [String]

    /// A term.
    ///
    /// - Parameters:
    ///   - hasIntercept: whether the intercept varies between groups.
    ///   - terms: the other varying effects.
    ///   - grouping: the grouping variables (their interaction defines the groups).
    public init(hasIntercept: Bool, terms: [Term], grouping: [String]) {
        precondition(hasIntercept || !terms.isEmpty, "a random-effect term needs at least one effect")
        precondition(!grouping.isEmpty, "a random-effect term needs a grouping variable")
        self.hasIntercept = hasIntercept
        self.terms = terms
        self.grouping = grouping
    }

    /// The grouping factor as lme4 prints it: `patient_id`, `patient_id:site`.
    public var groupLabel: String { grouping.joined(separator: ":") }

    /// The names of the varying effects before design coding: `(Intercept)` then each term's
    /// label (a categorical effect expands to several columns in the fit).
    public var effectNames: [String] { (hasIntercept ? ["(Intercept)"] : []) + terms.map(\.label) }

    /// The effect part as written: `1 + week`, `0 + week`.
    public var effectsLabel: String {
        let labels = terms.map(\.label)
        return ((hasIntercept ? ["1"] : ["0"]) + labels).joined(separator: " + ")
    }

    /// The term as lme4 writes it: `(1 + week | patient_id)`.
    public var description: String { "(\(effectsLabel) | \(groupLabel))" }

    /// Every variable the term reads: effect variables, then grouping variables.
    public var variables: [String] {
        var result: [String] = []
        for variable in terms.flatMap(\.variables) + grouping where !result.contains(variable) { result.append(variable) }
        return result
    }
}
