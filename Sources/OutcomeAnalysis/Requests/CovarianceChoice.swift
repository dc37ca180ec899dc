import OutcomeStats

/// A covariance estimator written as text, as `--covariance` and a spec's `covariance:` take it.
public struct CovarianceChoiceError: Error, Sendable, CustomStringConvertible {
    /// What was wrong and what to write instead.
    public let description: String
}

extension CovarianceEstimator {
    /// The words ``init(parsing:)`` accepts.
    public static let choices = ["classical", "hc0", "hc1", "hc2", "hc3", "cluster:COLUMN", "empirical (MMRM)"]

    /// Parses `classical`, `hc0` … `hc3` (any case) or `cluster:COLUMN` (CR1 by that column).
    ///
    /// ```swift
    /// try CovarianceEstimator(parsing: "HC3")            // .hc3
    /// try CovarianceEstimator(parsing: "cluster:site")   // .cluster(by: "site")
    /// ```
    ///
    /// - Throws: ``CovarianceChoiceError`` naming the accepted words and the nearest one.
    public init(parsing text: String) throws {
        let word = text.trimmingCharacters(in: .whitespaces)
        let lower = word.lowercased()
        if lower.hasPrefix("cluster:") || lower.hasPrefix("cr1:") {
            let column = String(word[word.index(after: word.firstIndex(of: ":")!)...]).trimmingCharacters(in: .whitespaces)
            guard !column.isEmpty else {
                throw CovarianceChoiceError(description: "covariance '\(text)' names no column; write cluster:COLUMN, e.g. cluster:site")
            }
            self = .cluster(by: column)
            return
        }
        switch lower {
        case "classical", "const", "ols": self = .classical
        case "hc0": self = .hc0
        case "hc1": self = .hc1
        case "hc2": self = .hc2
        case "hc3": self = .hc3
        case "empirical": self = .empirical
        default:
            let hint = nearestName(to: lower, in: ["hc3", "hc0", "hc1", "hc2", "classical", "cluster", "empirical"])
                .map { $0 == "cluster" ? " Did you mean 'cluster:COLUMN'?" : " Did you mean '\($0)'?" } ?? ""
            throw CovarianceChoiceError(description: "unknown covariance '\(text)'; use one of \(Self.choices.joined(separator: ", ")).\(hint)")
        }
    }
}
