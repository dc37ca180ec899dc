import Foundation

/// The covariance structures in SAS PROC MIXED's parameters ψ, where Kenward–Roger's
/// second-derivative term is taken (``KenwardRoger``).
///
/// The fit's own parameters θ (``CovarianceStructure``) are unconstrained, so Σ is nonlinear in
/// them even where SAS's parameters are linear. Kenward–Roger's adjustment without its R term
/// is the same in every parametrization; the R term is not. Taking it in SAS's parameters makes
/// `kenward-roger` equal SAS's `DDFM=KR`: zero for `UN`, `CS` and `TOEP`, which are linear in
/// their variances and covariances, and the second derivatives of
///
/// | structure | SAS type | ψ | Σₛᵤ |
/// |---|---|---|---|
/// | `csh` | CSH | σₛ², ρ | σₛσᵤρ (s ≠ u) |
/// | `ar1` | AR(1) | σ², ρ | σ²ρ^{abs(s−u)} |
/// | `ar1h` | ARH(1) | σₛ², ρ | σₛσᵤρ^{abs(s−u)} |
/// | `toeph` | TOEPH | σₛ², ρₖ | σₛσᵤρ_{abs(s−u)} |
/// | `ad` | (none: ANTE(1) with one variance) | σ², ρₖ | σ²Πₖ₌ₛ^{u−1}ρₖ |
/// | `adh` | ANTE(1) | σₛ², ρₖ | σₛσᵤΠₖ₌ₛ^{u−1}ρₖ |
/// | `sp_exp` | SP(EXP) | σ², ρ | σ²exp(−dₛᵤ/ρ) |
///
/// otherwise. One visit leaves one variance, linear.
extension CovarianceStructure {
    /// Whether Σ is linear in SAS's parameters (Kenward–Roger's R term vanishes).
    func isLinearInSASParameters(visits t: Int) -> Bool {
        t == 1 || self == .unstructured || self == .compoundSymmetry || self == .toeplitz
    }

    /// SAS's parameters ψ of the matrix `sigma` (t × t, of this structure), or `nil` when the
    /// structure is linear in them or they are at a boundary (an `sp_exp` correlation of 0 or 1).
    func sasParameters(of sigma: [Double], times: [Double]) -> [Double]? {
        let t = times.count
        guard !isLinearInSASParameters(visits: t) else { return nil }
        let variances = (0..<t).map { sigma[$0 + $0 * t] }
        func correlation(_ i: Int, _ j: Int) -> Double { sigma[i + j * t] / (variances[i] * variances[j]).squareRoot() }
        switch self {
        case .heterogeneousCompoundSymmetry, .heterogeneousAutoregressive:
            return variances + [correlation(1, 0)]
        case .autoregressive:
            return [variances[0], correlation(1, 0)]
        case .heterogeneousToeplitz:
            return variances + (1..<t).map { correlation($0, 0) }
        case .anteDependence:
            return [variances[0]] + (1..<t).map { correlation($0, $0 - 1) }
        case .heterogeneousAnteDependence:
            return variances + (1..<t).map { correlation($0, $0 - 1) }
        case .spatialExponential:
            // ρ from the closest pair of distinct times: σ²exp(−d/ρ) there is furthest from 0.
            var best: (distance: Double, ratio: Double)?
            for j in 0..<t { for i in (j + 1)..<t {
                let d = abs(times[i] - times[j])
                if d > 0, best.map({ d < $0.distance }) ?? true { best = (d, correlation(i, j)) }
            } }
            guard let best, best.ratio > 0, best.ratio < 1 else { return nil }
            return [variances[0], -best.distance / Foundation.log(best.ratio)]
        case .unstructured, .compoundSymmetry, .toeplitz:
            return nil
        }
    }

    /// Σ(ψ) in SAS's parameters, each entry with its gradient and Hessian in ψ (t × t,
    /// column-major). Only for the structures ``sasParameters(of:times:)`` gives ψ for.
    func sasCovariance(_ psi: [Double], times: [Double]) -> [SecondOrderDual] {
        let t = times.count
        let m = psi.count
        let x = psi.enumerated().map { SecondOrderDual.variable($0.element, index: $0.offset, count: m) }
        let zero = SecondOrderDual.constant(0, count: m)
        var sigma = [SecondOrderDual](repeating: zero, count: t * t)
        let heterogeneous = isHeterogeneous
        let sds = heterogeneous ? (0..<t).map { x[$0].squareRoot() } : [SecondOrderDual](repeating: x[0].squareRoot(), count: t)
        let offset = heterogeneous ? t : 1
        func set(_ i: Int, _ j: Int, correlation: SecondOrderDual) {
            sigma[i + j * t] = i == j ? (heterogeneous ? x[i] : x[0]) : sds[i] * sds[j] * correlation
        }
        switch self {
        case .heterogeneousCompoundSymmetry:
            for j in 0..<t { for i in 0..<t { set(i, j, correlation: x[offset]) } }
        case .autoregressive, .heterogeneousAutoregressive:
            var powers = [SecondOrderDual.constant(1, count: m)]
            for _ in 1..<t { powers.append(powers.last! * x[offset]) }
            for j in 0..<t { for i in 0..<t { set(i, j, correlation: powers[abs(i - j)]) } }
        case .heterogeneousToeplitz:
            for j in 0..<t { for i in 0..<t where i != j { set(i, j, correlation: x[offset + abs(i - j) - 1]) } }
            for i in 0..<t { set(i, i, correlation: zero) }
        case .anteDependence, .heterogeneousAnteDependence:
            for j in 0..<t {
                set(j, j, correlation: zero)
                var product = SecondOrderDual.constant(1, count: m)
                for i in (j + 1)..<t {
                    product = product * x[offset + i - 1]
                    set(i, j, correlation: product)
                    sigma[j + i * t] = sigma[i + j * t]
                }
            }
        case .spatialExponential:
            let inverseRange = x[1].reciprocal()
            for j in 0..<t { for i in 0..<t {
                sigma[i + j * t] = i == j ? x[0] : x[0] * (inverseRange * -abs(times[i] - times[j])).exp()
            } }
        case .unstructured, .compoundSymmetry, .toeplitz:
            preconditionFailure("\(name) is linear in SAS's parameters")
        }
        return sigma
    }
}
