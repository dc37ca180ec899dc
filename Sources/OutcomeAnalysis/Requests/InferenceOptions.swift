import Foundation
import OutcomeStats

/// What a fit reports beyond its coefficients: an ANOVA table, marginal means with pairwise
/// contrasts, Wald tests, a nested-model F test and predictions for new data. Parsed once from
/// the command line or the spec; see ``parseAnovaType(_:)`` and ``parseAdjustment(_:)``.
///
/// ```swift
/// var options = InferenceOptions()
/// options.anova = .marginal
/// options.marginalMeans = MarginalMeansRequest(factor: "technique", by: "cohort", adjustment: .tukey)
/// ```
public struct InferenceOptions: Sendable, Equatable {
    /// The ANOVA table to add, if any.
    public var anova: AnovaType?
    /// The marginal means to add, if any.
    public var marginalMeans: MarginalMeansRequest?
    /// Linear hypotheses to test, as car's `linearHypothesis` writes them.
    public var hypotheses: [String] = []
    /// The formula of a smaller model to compare with by an F test (R's `anova(m0, m1)`).
    public var nestedFormula: String?
    /// A CSV file of new data to predict (CLI only).
    public var predictionDataPath: String?

    /// No extra inference.
    public init() {}

    /// Whether anything beyond the coefficients is asked for.
    public var isEmpty: Bool {
        anova == nil && marginalMeans == nil && hypotheses.isEmpty && nestedFormula == nil && predictionDataPath == nil
    }
}

/// Marginal means of `factor` (within the levels of `by`) with pairwise contrasts.
public struct MarginalMeansRequest: Sendable, Equatable {
    /// The factor whose levels are compared.
    public var factor: String
    /// The factor within whose levels they are compared, if any.
    public var by: String?
    /// The multiplicity adjustment of the contrasts.
    public var adjustment: ContrastAdjustment
    /// Whether the adjustment was asked for (`--adjust`, `adjust:`) rather than defaulted, so
    /// that a model that cannot honour it can say so.
    public var adjustmentGiven = false
    /// How the means average over the factors they do not name (`--emmeans-weights`, spec
    /// `emmeans: { weights: proportional }`); equal unless set. MMRMs honour proportional weights.
    public var weights: LeastSquaresMeansWeights = .equal

    /// A request.
    public init(factor: String, by: String? = nil, adjustment: ContrastAdjustment = .tukey) {
        self.factor = factor
        self.by = by
        self.adjustment = adjustment
    }
}

/// Reads an ANOVA type: `I`, `II`, `III` (or `1`, `2`, `3`), any case.
///
/// ```swift
/// try parseAnovaType("ii").get()   // .marginal
/// ```
///
/// - Returns: the type, or a failure whose message says what to write.
public func parseAnovaType(_ text: String) -> Result<AnovaType, ParseFailure> {
    switch text.trimmingCharacters(in: .whitespaces).uppercased() {
    case "I", "1": .success(.sequential)
    case "II", "2": .success(.marginal)
    case "III", "3": .success(.partial)
    default: .failure(ParseFailure("unknown ANOVA type '\(text)'; write I (sequential), II or III"))
    }
}

/// Reads a contrast adjustment: `tukey`, `holm`, `bonferroni` or `none`, any case.
///
/// - Returns: the adjustment, or a failure suggesting the nearest word.
public func parseAdjustment(_ text: String) -> Result<ContrastAdjustment, ParseFailure> {
    let word = text.trimmingCharacters(in: .whitespaces).lowercased()
    if let adjustment = ContrastAdjustment(rawValue: word) { return .success(adjustment) }
    let names = ContrastAdjustment.allCases.map(\.rawValue)
    let hint = nearestName(to: word, in: names).map { " Did you mean '\($0)'?" } ?? " Use one of \(names.joined(separator: ", "))."
    return .failure(ParseFailure("unknown adjustment '\(text)'.\(hint)"))
}

/// A word that could not be parsed, with a message that says what to write instead.
public struct ParseFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message.
    public let description: String
    init(_ description: String) { self.description = description }
}
