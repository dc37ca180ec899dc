import Foundation

/// A within-subject covariance structure of an MMRM, with R mmrm's and SAS's names.
///
/// Every structure is a function Σ(θ) of unconstrained parameters θ, so that every θ gives a
/// positive definite matrix:
///
/// | structure | Σ | θ |
/// |---|---|---|
/// | `us` | LLᵀ | log diag L, then the lower off-diagonal of L by columns |
/// | `cs` | σ²((1 − ρ)I + ρ11ᵀ) | log σ, logit-type map of ρ onto (−1/(t−1), 1) |
/// | `csh` | DRD, R as `cs` | log σₛ per visit, then ρ |
/// | `ar1` | σ²ρ^{abs(s−u)} | log σ, φ with ρ = φ/√(1+φ²) |
/// | `ar1h` | σₛσᵤρ^{abs(s−u)} | log σₛ, φ |
/// | `toep` | σ²ρ_{abs(s−u)} | log σ, partial autocorrelations πₖ = φₖ/√(1+φₖ²) |
/// | `toeph` | σₛσᵤρ_{abs(s−u)} | log σₛ, πₖ |
/// | `ad` | σ² Πₖ₌ₛ^{u−1} ρₖ | log σ, ρₖ = φₖ/√(1+φₖ²) |
/// | `adh` | σₛσᵤ Πₖ ρₖ | log σₛ, ρₖ |
/// | `sp_exp` | σ²ρ^{abs(tₛ−tᵤ)} | log σ, ρ = logistic(η) in (0, 1) |
///
/// t is the number of visits. The Toeplitz autocorrelations come from the partial ones by the
/// Durbin–Levinson recursion, which maps (−1, 1)^{t−1} onto exactly the positive definite
/// Toeplitz correlation matrices.
public enum CovarianceStructure: String, Sendable, Hashable, CaseIterable {
    /// Unstructured (`us`): every variance and covariance free.
    case unstructured = "us"
    /// Compound symmetry (`cs`): one variance, one correlation.
    case compoundSymmetry = "cs"
    /// Heterogeneous compound symmetry (`csh`).
    case heterogeneousCompoundSymmetry = "csh"
    /// First-order autoregressive (`ar1`).
    case autoregressive = "ar1"
    /// Heterogeneous first-order autoregressive (`ar1h`).
    case heterogeneousAutoregressive = "ar1h"
    /// Toeplitz (`toep`): one correlation per lag.
    case toeplitz = "toep"
    /// Heterogeneous Toeplitz (`toeph`).
    case heterogeneousToeplitz = "toeph"
    /// Ante-dependence (`ad`): one correlation per pair of adjacent visits.
    case anteDependence = "ad"
    /// Heterogeneous ante-dependence (`adh`).
    case heterogeneousAnteDependence = "adh"
    /// Spatial exponential (`sp_exp`) over numeric times.
    case spatialExponential = "sp_exp"

    /// The name in a formula: `us`, `ar1h`, `sp_exp`.
    public var name: String { rawValue }

    /// The structure called `name` in a formula, or `nil`.
    public init?(name: String) { self.init(rawValue: name) }

    /// Whether the variances differ by visit.
    public var isHeterogeneous: Bool {
        switch self {
        case .heterogeneousCompoundSymmetry, .heterogeneousAutoregressive, .heterogeneousToeplitz,
             .heterogeneousAnteDependence, .unstructured: true
        default: false
        }
    }

    /// Whether the time is numeric (distances), not a categorical visit.
    public var isSpatial: Bool { self == .spatialExponential }

    /// The number of parameters for `visits` visits.
    public func parameterCount(visits t: Int) -> Int {
        switch self {
        case .unstructured: t * (t + 1) / 2
        case .compoundSymmetry, .autoregressive, .spatialExponential: t > 1 ? 2 : 1
        case .heterogeneousCompoundSymmetry, .heterogeneousAutoregressive: t > 1 ? t + 1 : 1
        case .toeplitz, .anteDependence: t
        case .heterogeneousToeplitz, .heterogeneousAnteDependence: 2 * t - 1
        }
    }

    /// Names of the parameters, for the optimizer's record.
    public func parameterNames(visits t: Int) -> [String] {
        var names: [String] = []
        switch self {
        case .unstructured:
            names = (0..<t).map { "log L[\($0 + 1),\($0 + 1)]" }
            for j in 0..<t { for i in (j + 1)..<max(t, j + 1) { names.append("L[\(i + 1),\(j + 1)]") } }
        case .compoundSymmetry, .autoregressive, .spatialExponential:
            names = ["log sigma"] + (t > 1 ? ["rho (transformed)"] : [])
        case .heterogeneousCompoundSymmetry, .heterogeneousAutoregressive:
            names = (0..<t).map { "log sigma[\($0 + 1)]" } + (t > 1 ? ["rho (transformed)"] : [])
        case .toeplitz, .anteDependence:
            names = ["log sigma"] + (1..<max(t, 1)).map { "rho[\($0)] (transformed)" }
        case .heterogeneousToeplitz, .heterogeneousAnteDependence:
            names = (0..<t).map { "log sigma[\($0 + 1)]" } + (1..<max(t, 1)).map { "rho[\($0)] (transformed)" }
        }
        return names
    }

    /// Σ(θ) (t × t, column-major) with its exact derivatives ∂Σ/∂θₖ, by forward-mode
    /// differentiation of the parameter map.
    ///
    /// - Parameters:
    ///   - theta: the parameters (``parameterCount(visits:)`` of them).
    ///   - times: the visits' numeric times (used by ``spatialExponential`` only; t of them).
    func covariance(_ theta: [Double], times: [Double]) -> (value: [Double], derivatives: [[Double]]) {
        let t = times.count
        let m = theta.count
        let x = theta.enumerated().map { Dual.variable($0.element, index: $0.offset, count: m) }
        var sigma = [Dual](repeating: Dual.constant(0, count: m), count: t * t)
        func sds(_ count: Int) -> [Dual] { (0..<count).map { x[$0].exp() } }
        switch self {
        case .unstructured:
            var l = [Dual](repeating: Dual.constant(0, count: m), count: t * t)
            for i in 0..<t { l[i + i * t] = x[i].exp() }
            var next = t
            for j in 0..<t { for i in (j + 1)..<max(t, j + 1) { l[i + j * t] = x[next]; next += 1 } }
            for j in 0..<t {
                for i in j..<t {
                    var s = Dual.constant(0, count: m)
                    for k in 0...j { s = s + l[i + k * t] * l[j + k * t] }
                    sigma[i + j * t] = s
                    sigma[j + i * t] = s
                }
            }
        case .compoundSymmetry, .heterogeneousCompoundSymmetry:
            let heterogeneous = self == .heterogeneousCompoundSymmetry
            let sd = heterogeneous ? sds(t) : [Dual](repeating: x[0].exp(), count: t)
            let rho: Dual
            if t > 1 {
                let lower = -1 / Double(t - 1)
                rho = Dual.constant(lower, count: m) + x[heterogeneous ? t : 1].logistic() * (1 - lower)
            } else {
                rho = Dual.constant(0, count: m)
            }
            for j in 0..<t { for i in 0..<t { sigma[i + j * t] = i == j ? sd[i] * sd[i] : sd[i] * sd[j] * rho } }
        case .autoregressive, .heterogeneousAutoregressive:
            let heterogeneous = self == .heterogeneousAutoregressive
            let sd = heterogeneous ? sds(t) : [Dual](repeating: x[0].exp(), count: t)
            let rho = t > 1 ? x[heterogeneous ? t : 1].boundedCorrelation() : Dual.constant(0, count: m)
            var powers = [Dual.constant(1, count: m)]
            for _ in 1..<max(t, 1) { powers.append(powers.last! * rho) }
            for j in 0..<t { for i in 0..<t { sigma[i + j * t] = sd[i] * sd[j] * powers[abs(i - j)] } }
        case .toeplitz, .heterogeneousToeplitz:
            let heterogeneous = self == .heterogeneousToeplitz
            let sd = heterogeneous ? sds(t) : [Dual](repeating: x[0].exp(), count: t)
            let offset = heterogeneous ? t : 1
            let partial = (0..<max(t - 1, 0)).map { x[offset + $0].boundedCorrelation() }
            let rho = Self.autocorrelations(partial: partial, count: m)
            for j in 0..<t { for i in 0..<t { sigma[i + j * t] = sd[i] * sd[j] * rho[abs(i - j)] } }
        case .anteDependence, .heterogeneousAnteDependence:
            let heterogeneous = self == .heterogeneousAnteDependence
            let sd = heterogeneous ? sds(t) : [Dual](repeating: x[0].exp(), count: t)
            let offset = heterogeneous ? t : 1
            let rho = (0..<max(t - 1, 0)).map { x[offset + $0].boundedCorrelation() }
            for j in 0..<t {
                sigma[j + j * t] = sd[j] * sd[j]
                var product = Dual.constant(1, count: m)
                for i in (j + 1)..<max(t, j + 1) {
                    product = product * rho[i - 1]
                    sigma[i + j * t] = sd[i] * sd[j] * product
                    sigma[j + i * t] = sigma[i + j * t]
                }
            }
        case .spatialExponential:
            let variance = (x[0] * 2).exp()
            let logRho = t > 1 ? x[1].logLogistic() : Dual.constant(0, count: m)
            for j in 0..<t {
                for i in 0..<t {
                    sigma[i + j * t] = i == j ? variance : variance * (logRho * abs(times[i] - times[j])).exp()
                }
            }
        }
        let value = sigma.map(\.value)
        let derivatives = (0..<m).map { k in sigma.map { $0.gradient[k] } }
        return (value, derivatives)
    }

    /// Autocorrelations ρ₀ = 1, ρ₁, …, ρ_{t−1} from partial autocorrelations π₁ … π_{t−1}
    /// (Durbin–Levinson).
    static func autocorrelations(partial: [Dual], count m: Int) -> [Dual] {
        var rho = [Dual.constant(1, count: m)]
        var a: [Dual] = []   // a_{k,1..k}
        for (k0, pi) in partial.enumerated() {
            let k = k0 + 1
            var numerator = Dual.constant(1, count: m)
            var tail = Dual.constant(0, count: m)
            for j in 1..<k {
                numerator = numerator - a[j - 1] * rho[j]
                tail = tail + a[j - 1] * rho[k - j]
            }
            rho.append(pi * numerator + tail)
            var next = a
            for j in 1..<k { next[j - 1] = a[j - 1] - pi * a[k - j - 1] }
            next.append(pi)
            a = next
        }
        return rho
    }

    /// Starting parameters from an empirical covariance matrix (t × t): the structure's
    /// variances from its diagonal, correlations zero (the identity for `us` when the empirical
    /// matrix is not positive definite).
    func startingParameters(empirical: [Double], visits t: Int) -> [Double] {
        let variances = (0..<t).map { max(empirical[$0 + $0 * t], 1e-8) }
        let meanLogSD = variances.map { Foundation.log($0) / 2 }.reduce(0, +) / Double(max(t, 1))
        switch self {
        case .unstructured:
            if let l = SmallDense.choleskyLower(empirical, order: t) {
                var theta = (0..<t).map { Foundation.log(max(l[$0 + $0 * t], 1e-8)) }
                for j in 0..<t { for i in (j + 1)..<max(t, j + 1) { theta.append(l[i + j * t]) } }
                return theta
            }
            var theta = variances.map { Foundation.log($0) / 2 }
            theta += [Double](repeating: 0, count: t * (t - 1) / 2)
            return theta
        case .compoundSymmetry:
            // logistic(η) = 1/t gives ρ = 0.
            return [meanLogSD] + (t > 1 ? [Foundation.log(1 / Double(t - 1))] : [])
        case .heterogeneousCompoundSymmetry:
            return variances.map { Foundation.log($0) / 2 } + (t > 1 ? [Foundation.log(1 / Double(t - 1))] : [])
        case .autoregressive:
            return [meanLogSD] + (t > 1 ? [0] : [])
        case .heterogeneousAutoregressive:
            return variances.map { Foundation.log($0) / 2 } + (t > 1 ? [0] : [])
        case .toeplitz, .anteDependence:
            return [meanLogSD] + [Double](repeating: 0, count: max(t - 1, 0))
        case .heterogeneousToeplitz, .heterogeneousAnteDependence:
            return variances.map { Foundation.log($0) / 2 } + [Double](repeating: 0, count: max(t - 1, 0))
        case .spatialExponential:
            return [meanLogSD] + (t > 1 ? [0] : [])
        }
    }
}
