import OutcomeStats

/// The model an analysis or `outcomes fit` asks for: `gaussian` is the linear model (least
/// squares), `binomial` and `poisson` are GLMs (``OutcomeStats/GLMFamily``).
public enum ModelFamily: String, Sendable, Equatable, CaseIterable {
    /// Linear model by least squares (identity link, normal errors).
    case gaussian
    /// Logistic regression.
    case binomial
    /// Poisson regression.
    case poisson

    /// The GLM family, or `nil` for the linear model.
    public var glmFamily: GLMFamily? {
        switch self {
        case .gaussian: nil
        case .binomial: .binomial
        case .poisson: .poisson
        }
    }

    /// Parses `text` (case-insensitive; `logistic` and `normal`/`linear` accepted as synonyms).
    ///
    /// - Returns: the family, or `nil` with ``suggestion(for:)`` for the error message.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "gaussian", "normal", "linear": self = .gaussian
        case "binomial", "logistic", "logit": self = .binomial
        case "poisson": self = .poisson
        default: return nil
        }
    }

    /// An error message for an unknown family, suggesting the nearest name.
    ///
    /// - Parameter text: the word that did not parse.
    /// - Returns: one line listing the families.
    public static func unknownMessage(_ text: String) -> String {
        let names = allCases.map(\.rawValue)
        let hint = nearestName(to: text.lowercased(), in: names).map { " Did you mean '\($0)'?" } ?? ""
        return "unknown family '\(text)'; use one of \(names.joined(separator: ", ")).\(hint)"
    }
}
