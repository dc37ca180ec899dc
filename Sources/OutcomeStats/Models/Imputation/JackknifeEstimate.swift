import Foundation

/// An estimate with its delete-one jackknife standard error (Efron & Stein 1981), as R's rbmi
/// reports conditional-mean imputation (`method_condmean(type = "jackknife")`):
///
///     θ̄₍.₎ = Σθ₍ᵢ₎/n,  SE = √((n − 1)/n · Σ(θ₍ᵢ₎ − θ̄₍.₎)²)
///
/// with the full-data estimate θ̂ as the point estimate and a normal reference distribution.
///
/// ```swift
/// let jackknife = try JackknifeEstimate(estimate: 1.02, replicates: [1.01, 1.05, 0.99, 1.03])
/// (jackknife.estimate, jackknife.standardError)
/// ```
public struct JackknifeEstimate: Sendable, Equatable {
    /// θ̂, the estimate from all subjects.
    public let estimate: Double
    /// The jackknife standard error.
    public let standardError: Double
    /// n, the number of leave-one-out replicates.
    public let replicates: Int

    /// The jackknife of `estimate` from its leave-one-out `replicates`.
    ///
    /// - Throws: ``StatsError/domain(_:)`` for fewer than two replicates or a non-finite value.
    public init(estimate: Double, replicates: [Double]) throws {
        let n = replicates.count
        guard n >= 2 else { throw StatsError.domain("the jackknife needs at least two leave-one-out replicates (got \(n))") }
        guard estimate.isFinite, replicates.allSatisfy(\.isFinite) else {
            throw StatsError.domain("a jackknife replicate has a non-finite estimate")
        }
        let mean = replicates.reduce(0, +) / Double(n)
        let squares = replicates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        self.estimate = estimate
        standardError = (Double(n - 1) / Double(n) * squares).squareRoot()
        self.replicates = n
    }

    /// The two-sided p-value of θ̂/SE against the standard normal.
    public var pValue: Double { 2 * Normal.standard.survival(abs(estimate / standardError)) }

    /// The normal confidence interval at `level`.
    public func confidenceInterval(level: Double = 0.95) -> (low: Double, high: Double) {
        let q = Normal.standard.quantile(0.5 + level / 2)
        return (estimate - q * standardError, estimate + q * standardError)
    }
}
