import Foundation

/// Satterthwaite degrees of freedom for the fixed effects of a linear mixed model, computed as
/// lmerTest computes them (Kuznetsova, Brockhoff & Christensen 2017).
///
/// The variance parameters are φ = (θ, σ). With the deviance as a function of φ (σ not
/// profiled out),
///
///     d(θ, σ) = log|L|² + r²(θ)/σ² + (n − p_R) log(2πσ²) + [REML] log|R_X|²,   p_R = p (REML) or 0 (ML),
///
/// A = ∇²d at φ̂ and Cov(φ̂) ≈ 2A⁺ (pseudo-inverse over eigenvalues > 1e-8, as lmerTest). For
/// the coefficient j, v = Var(β̂ⱼ) = σ²[(R_XᵀR_X)⁻¹]ⱼⱼ and gₖ = ∂v/∂φₖ; then
///
///     ν = 2v² / (gᵀ Cov(φ̂) g).
///
/// Derivatives with respect to θ are Richardson-extrapolated central differences of log|L|²,
/// log|R_X|², r² and (R_XᵀR_X)⁻¹ (``RichardsonDifferences``); those with respect to σ are exact.
enum Satterthwaite {
    /// Degrees of freedom for each coefficient (NaN where the variance has no gradient).
    static func degreesOfFreedom(system: PenalizedLeastSquares, theta: [Double], sigma: Double,
                                 reml: Bool) throws -> (degrees: [Double], evaluations: Int) {
        let p = system.fixedCount
        let n = Double(system.observationCount)
        let m = theta.count
        // g(θ) = [log|L|² (+ log|R_X|²), r², diag((R_XᵀR_X)⁻¹)…]
        let differences = try RichardsonDifferences(at: theta) { t in
            let solution = try system.solve(theta: t)
            let unscaled = try solution.unscaledCovariance()
            return [solution.logDeterminantL + (reml ? solution.logDeterminantRX : 0),
                    solution.penalizedResidualSumOfSquares] + (0..<p).map { unscaled[$0 + $0 * p] }
        }
        let r2 = differences.value[1]
        let sigma2 = sigma * sigma
        let pR = reml ? Double(p) : 0
        let size = m + 1
        var hessian = [Double](repeating: 0, count: size * size)
        for i in 0..<m {
            for j in 0..<m {
                hessian[i + j * size] = differences.second[i][j][0] + differences.second[i][j][1] / sigma2
            }
            let cross = -2 / (sigma2 * sigma) * differences.first[i][1]
            hessian[i + m * size] = cross
            hessian[m + i * size] = cross
        }
        hessian[m + m * size] = 6 * r2 / (sigma2 * sigma2) - 2 * (n - pR) / sigma2
        // Cov(φ̂) = 2 A⁺ over eigenvalues above 1e-8.
        let (values, vectors) = try FixedOrder.symmetricEigen(hessian, order: size)
        var covariance = [Double](repeating: 0, count: size * size)
        for (index, value) in values.enumerated() where value > 1e-8 {
            for j in 0..<size { for i in 0..<size {
                covariance[i + j * size] += 2 * vectors[i + index * size] * vectors[j + index * size] / value
            } }
        }
        var degrees: [Double] = []
        for coefficient in 0..<p {
            let unscaled = differences.value[2 + coefficient]
            let variance = sigma2 * unscaled
            var gradient = (0..<m).map { sigma2 * differences.first[$0][2 + coefficient] }
            gradient.append(2 * sigma * unscaled)
            var denominator = 0.0
            for j in 0..<size { for i in 0..<size { denominator += gradient[i] * covariance[i + j * size] * gradient[j] } }
            degrees.append(denominator > 0 ? 2 * variance * variance / denominator : .nan)
        }
        return (degrees, differences.evaluations)
    }
}
