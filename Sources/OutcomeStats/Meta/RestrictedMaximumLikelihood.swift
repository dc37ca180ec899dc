import Foundation

/// REML τ² of an intercept-only random-effects model by Fisher scoring, as metafor's
/// `rma(method = "REML")` computes it, with a tighter stopping rule.
///
/// - Start: the Hedges estimate τ²₀ = max(0, [Σ(yᵢ − ȳ)² − (1 − 1/k)Σvᵢ] / (k − 1)).
/// - Step: τ² ← τ² + [yᵀPPy − tr P] / tr PP (score over expected information), P at wᵢ = 1/(vᵢ + τ²).
/// - A step that would make τ² negative: when the step evaluated at τ² = 0 is ≤ 0, τ² = 0 is a
///   constrained stationary point and the step goes there (metafor's step-halving approaches it
///   geometrically); otherwise the step is halved until τ² ≥ 0, as metafor does. At τ² = 0 with a
///   non-positive step the iteration stays at 0.
/// - Converged when |Δτ²| ≤ tolerance · τ², or |Δτ²| ≤ 16 ε (τ² + v̄) (v̄ the mean within-study
///   variance), the rounding floor below which the score cannot resolve τ²; at most
///   `maximumIterations` steps.
/// - metafor's `ll0check`: if the restricted log-likelihood at 0 exceeds that at the result by more
///   than ε^¼, τ² = 0.
struct RestrictedMaximumLikelihood {
    let tauSquared: Double
    let summary: FisherScoringSummary

    init(estimates y: [Double], variances v: [Double], tolerance: Double, maximumIterations: Int) {
        let k = y.count
        precondition(k >= 2, "REML needs at least two studies")
        let n = Double(k)
        let ybar = y.reduce(0, +) / n
        let ss = y.reduce(0) { $0 + ($1 - ybar) * ($1 - ybar) }
        let vbar = v.reduce(0, +) / n
        let start = max(0, (ss - (1 - 1 / n) * v.reduce(0, +)) / (n - 1))

        func step(at tau2: Double) -> Double {
            let s = InverseVarianceWeights(estimates: y, variances: v, tauSquared: tau2)
            return (s.squaredWeightedSquares - s.traceP) / s.tracePP
        }

        var tau2 = start
        var iterations = 0
        var truncated = 0
        var relative = Double.infinity
        var converged = false
        while iterations < maximumIterations {
            iterations += 1
            var adjustment = step(at: tau2)
            if adjustment.isNaN { adjustment = 0 }
            var next: Double
            if tau2 + adjustment >= 0 {
                next = tau2 + adjustment
            } else {
                truncated += 1
                if tau2 == 0 || step(at: 0) <= 0 {
                    next = 0
                } else {
                    while tau2 + adjustment < 0 { adjustment /= 2 }
                    next = tau2 + adjustment
                }
            }
            let change = abs(next - tau2)
            relative = change == 0 ? 0 : (next > 0 ? change / next : .infinity)
            tau2 = next
            if change <= tolerance * tau2 || change <= 16 * Double.ulpOfOne * (tau2 + vbar) {
                converged = true
                break
            }
        }

        var reset = false
        if converged && tau2 > 0 {
            let atZero = InverseVarianceWeights(estimates: y, variances: v, tauSquared: 0).restrictedLogLikelihood()
            let atEstimate = InverseVarianceWeights(estimates: y, variances: v, tauSquared: tau2).restrictedLogLikelihood()
            if atZero - atEstimate > pow(Double.ulpOfOne, 0.25) {
                tau2 = 0
                reset = true
            }
        }
        tauSquared = tau2
        summary = FisherScoringSummary(initialTauSquared: start, iterations: iterations, truncatedSteps: truncated,
                                       lastRelativeChange: relative, tolerance: tolerance,
                                       maximumIterations: maximumIterations, isConverged: converged,
                                       isResetToZero: reset)
    }
}
