/// How a categorical variable is coded in a design matrix.
public enum Contrast: Sendable, Equatable {
    /// Treatment (dummy) coding against a reference level: one 0/1 column per other level.
    /// `nil` takes the first level in sorted order, as R does.
    case treatment(reference: String?)

    /// Treatment coding against the first sorted level.
    public static let treatment = Contrast.treatment(reference: nil)
}
