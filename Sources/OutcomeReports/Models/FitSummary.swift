import OutcomeStats

/// A fit as the text R's `summary()` prints for it: one type for every model, whose `text` each
/// model supplies in its own folder (``LinearModelSummary``, ``GeneralizedLinearModelSummary``,
/// ``MixedModelSummary``).
///
/// ```swift
/// print(FitSummary(fit: fit, dataLabel: "visits.csv").text)
/// ```
public struct FitSummary<Fit: StatisticalFit>: Sendable {
    /// The fit to describe.
    public let fit: Fit
    /// The data file as the user named it.
    public let dataLabel: String
    /// Number formatting.
    public let format: NumberFormat

    /// A summary of `fit`.
    ///
    /// - Parameters:
    ///   - fit: the fit.
    ///   - dataLabel: the data file as named by the user.
    ///   - format: the number policy.
    public init(fit: Fit, dataLabel: String, format: NumberFormat = .standard) {
        self.fit = fit
        self.dataLabel = dataLabel
        self.format = format
    }
}
