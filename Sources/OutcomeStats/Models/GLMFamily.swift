import Foundation

/// The error distribution and link of a generalized linear model.
///
/// | family | link | variance V(μ) | response |
/// |---|---|---|---|
/// | ``binomial`` | logit: η = log(μ/(1 − μ)) | μ(1 − μ) | 0/1 (or a two-level categorical) |
/// | ``poisson`` | log: η = log μ | μ | counts 0, 1, 2, … |
///
/// The link inverse and its derivative are guarded exactly as R's `binomial()` and `poisson()`
/// families guard them (for the logit, |η| > 30 is clamped so μ stays in [ε, 1 − ε]; for the
/// log, μ ≥ ε), so a separated fit behaves as R's `glm` does.
public enum GLMFamily: String, Sendable, Equatable, CaseIterable {
    /// Bernoulli response with the logit link (logistic regression).
    case binomial
    /// Count response with the log link (Poisson regression).
    case poisson

    /// Name of the link function: `logit` or `log`.
    public var linkName: String {
        switch self {
        case .binomial: "logit"
        case .poisson: "log"
        }
    }

    /// What exp(coefficient) means: `odds ratio` or `rate ratio`.
    public var ratioName: String {
        switch self {
        case .binomial: "odds ratio"
        case .poisson: "rate ratio"
        }
    }

    /// μ = g⁻¹(η), guarded as R's C code (`logit_linkinv`, `pmax(exp(eta), .Machine$double.eps)`).
    func mean(_ eta: Double) -> Double {
        switch self {
        case .binomial:
            let t = eta < -30 ? Double.ulpOfOne : (eta > 30 ? 1 / Double.ulpOfOne : exp(eta))
            return t / (1 + t)
        case .poisson:
            return max(exp(eta), Double.ulpOfOne)
        }
    }

    /// dμ/dη, guarded as R's `logit_mu_eta` and `poisson()$mu.eta`.
    func meanDerivative(_ eta: Double) -> Double {
        switch self {
        case .binomial:
            if eta > 30 || eta < -30 { return Double.ulpOfOne }
            let e = exp(eta)
            let opexp = 1 + e
            return e / (opexp * opexp)
        case .poisson:
            return max(exp(eta), Double.ulpOfOne)
        }
    }

    /// η = g(μ).
    func link(_ mu: Double) -> Double {
        switch self {
        case .binomial: log(mu / (1 - mu))
        case .poisson: log(mu)
        }
    }

    /// V(μ).
    func variance(_ mu: Double) -> Double {
        switch self {
        case .binomial: mu * (1 - mu)
        case .poisson: mu
        }
    }

    /// R's starting mean (`mustart`): (y + ½)/2 for the binomial, y + 0.1 for the Poisson.
    func startingMean(_ y: Double) -> Double {
        switch self {
        case .binomial: (y + 0.5) / 2
        case .poisson: y + 0.1
        }
    }

    /// The unit deviance d(y, μ), with y log(y/μ) = 0 at y = 0:
    /// binomial 2[y log(y/μ) + (1 − y) log((1 − y)/(1 − μ))]; Poisson 2[y log(y/μ) − (y − μ)].
    func unitDeviance(_ y: Double, _ mu: Double) -> Double {
        func ylogy(_ y: Double, _ mu: Double) -> Double { y == 0 ? 0 : y * log(y / mu) }
        switch self {
        case .binomial: return 2 * (ylogy(y, mu) + ylogy(1 - y, 1 - mu))
        case .poisson: return 2 * (ylogy(y, mu) - (y - mu))
        }
    }

    /// log f(y; μ): Bernoulli y log μ + (1 − y) log(1 − μ); Poisson y log μ − μ − log y!.
    func logDensity(_ y: Double, _ mu: Double) -> Double {
        switch self {
        case .binomial: return y == 1 ? log(mu) : log1p(-mu)
        case .poisson: return (y == 0 ? 0 : y * log(mu)) - mu - lgamma(y + 1)
        }
    }

    /// Whether `y` is a valid response value: 0 or 1 (binomial), a non-negative integer (Poisson).
    func accepts(_ y: Double) -> Bool {
        switch self {
        case .binomial: y == 0 || y == 1
        case .poisson: y >= 0 && y.isFinite && y.rounded() == y
        }
    }

    /// What a valid response looks like, for error messages.
    var responseDescription: String {
        switch self {
        case .binomial: "0 or 1 (or a categorical column with two levels)"
        case .poisson: "a non-negative whole number (a count)"
        }
    }
}
