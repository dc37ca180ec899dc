/// How a linear mixed model's variance parameters are estimated.
public enum Estimation: String, Sendable, Equatable, CaseIterable {
    /// Restricted (residual) maximum likelihood, lme4's default: unbiased-style variance
    /// components that account for the fixed effects' degrees of freedom.
    case reml
    /// Maximum likelihood: needed to compare models that differ in their fixed effects.
    case ml
}
