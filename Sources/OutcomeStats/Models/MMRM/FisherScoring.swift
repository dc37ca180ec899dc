import Foundation

/// Minimizes an MMRM's criterion by Fisher scoring: Newton steps with the expected Hessian
/// (positive definite wherever Σ is), a Levenberg damping when it is numerically singular, and
/// step halving until the criterion falls (Armijo's rule).
///
/// Converged means the Newton decrement gᵀH⁻¹g, twice the criterion's predicted fall, is below
/// 10⁻¹⁴·max(1, |f|), or below 10⁻⁸·max(1, |f|) when no step can lower f any more (the rounding
/// floor of the criterion).
enum FisherScoring {
    struct Result {
        /// θ̂.
        var theta: [Double]
        /// The evaluation at θ̂, with derivatives.
        var evaluation: MMRMLikelihood.Evaluation
        /// The criterion at the start.
        var startValue: Double
        /// Scoring iterations taken.
        var iterations: Int
        /// Evaluations of the criterion.
        var evaluations: Int
        /// Whether the decrement met the tolerance.
        var converged: Bool
        /// max |∂f/∂θ| at the end.
        var gradientNorm: Double
    }

    static func minimize(_ likelihood: MMRMLikelihood, from start: [Double], maximumIterations: Int) throws -> Result {
        var theta = start
        var current = try likelihood.evaluate(theta, derivatives: true)
        let startValue = current.value
        var evaluations = 1
        let m = theta.count
        var iterations = 0
        var converged = false
        while iterations < maximumIterations {
            iterations += 1
            let g = current.gradient
            guard let step = dampedNewtonStep(hessian: current.expectedHessian, gradient: g, order: m) else { break }
            var decrement = 0.0
            for k in 0..<m { decrement -= g[k] * step[k] }
            let scale = max(1, abs(current.value))
            if decrement < 1e-14 * scale { converged = true; break }
            var length = 1.0
            var accepted: [Double]?
            for _ in 0..<40 {
                let candidate = (0..<m).map { theta[$0] + length * step[$0] }
                evaluations += 1
                if let trial = try? likelihood.evaluate(candidate, derivatives: false),
                   trial.value.isFinite, trial.value <= current.value - 1e-4 * length * decrement {
                    accepted = candidate
                    break
                }
                length /= 2
            }
            guard let next = accepted else {
                converged = decrement < 1e-8 * scale
                break
            }
            theta = next
            current = try likelihood.evaluate(theta, derivatives: true)
            evaluations += 1
        }
        let gradientNorm = current.gradient.map(abs).max() ?? 0
        return Result(theta: theta, evaluation: current, startValue: startValue, iterations: iterations,
                      evaluations: evaluations, converged: converged, gradientNorm: gradientNorm)
    }

    /// −(H + λ diag H)⁻¹g with the smallest λ in 0, 10⁻¹⁰, 10⁻⁹, … that makes the system
    /// positive definite.
    static func dampedNewtonStep(hessian: [Double], gradient: [Double], order m: Int) -> [Double]? {
        var lambda = 0.0
        for _ in 0..<16 {
            var h = hessian
            for i in 0..<m { h[i + i * m] += lambda * max(abs(hessian[i + i * m]), 1e-12) }
            if let (inverse, _) = SmallDense.inverse(h, order: m) {
                return SmallDense.apply(inverse, order: m, to: gradient).map { -$0 }
            }
            lambda = lambda == 0 ? 1e-10 : lambda * 10
        }
        return nil
    }
}
