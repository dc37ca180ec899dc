import Foundation

/// Weighted sums of an intercept-only meta-analysis at one value of τ², computed without
/// cancellation.
///
/// With weights wᵢ = 1/(vᵢ + τ²), W = diag(w) and S = Σwᵢ, the REML projection is
/// P = W − w wᵀ/S. What the estimators need of it has closed forms:
///
/// - μ̂ = Σwᵢyᵢ / S
/// - yᵀPy = Σwᵢ(yᵢ − μ̂)²  (Cochran's Q when τ² = 0)
/// - yᵀPPy = ‖Py‖² = Σwᵢ²(yᵢ − μ̂)²
/// - tr P = Σwᵢ(1 − wᵢ/S) = Σwᵢrᵢ / S, with rᵢ = Σ_{j≠i} wⱼ
/// - tr PP = ΣᵢⱼPᵢⱼ² = Σwᵢ²rᵢ²/S² + Σwᵢ²qᵢ/S², with qᵢ = Σ_{j≠i} wⱼ²
///
/// The leave-one-out sums rᵢ and qᵢ come from prefix and suffix sums of positive terms, so
/// tr P and tr PP keep full relative accuracy even when one study dominates the weights
/// (where the textbook S − Σw²/S cancels).
struct InverseVarianceWeights {
    /// wᵢ = 1/(vᵢ + τ²).
    let weights: [Double]
    /// S = Σwᵢ.
    let sum: Double
    /// μ̂ = Σwᵢyᵢ / S.
    let mean: Double
    /// yᵀPy = Σwᵢ(yᵢ − μ̂)².
    let weightedSquares: Double
    /// yᵀPPy = Σwᵢ²(yᵢ − μ̂)².
    let squaredWeightedSquares: Double
    /// tr P.
    let traceP: Double
    /// tr PP = ΣᵢⱼPᵢⱼ².
    let tracePP: Double

    init(estimates y: [Double], variances v: [Double], tauSquared: Double) {
        let k = y.count
        precondition(k == v.count && k >= 1, "estimates and variances must have the same positive length")
        let w = v.map { 1 / ($0 + tauSquared) }
        let s = leaveOneOutSums(w)
        let s2 = leaveOneOutSums(w.map { $0 * $0 })
        let total = s.total
        let mu = zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } / total
        var q = 0.0, qq = 0.0, trace = 0.0, tracePP = 0.0
        for i in 0..<k {
            let d = y[i] - mu
            let wd2 = w[i] * d * d
            q += wd2
            qq += w[i] * wd2
            trace += w[i] * s.others[i]
            let a = w[i] * s.others[i]
            tracePP += a * a + w[i] * w[i] * s2.others[i]
        }
        weights = w
        sum = total
        mean = mu
        weightedSquares = q
        squaredWeightedSquares = qq
        traceP = trace / total
        self.tracePP = tracePP / (total * total)
    }

    /// The restricted log-likelihood of the intercept-only model at this τ²:
    /// −½(k−1) log 2π − ½Σlog(vᵢ + τ²) − ½ log S − ½ yᵀPy (metafor's `ll.REML`).
    func restrictedLogLikelihood() -> Double {
        let k = Double(weights.count)
        let logDet = weights.reduce(0) { $0 - log($1) }
        return -0.5 * (k - 1) * log(2 * Double.pi) - 0.5 * logDet - 0.5 * log(sum) - 0.5 * weightedSquares
    }
}

/// The total Σxᵢ and, for each i, Σ_{j≠i} xⱼ from prefix and suffix sums (no subtraction).
private func leaveOneOutSums(_ x: [Double]) -> (total: Double, others: [Double]) {
    let k = x.count
    var prefix = [Double](repeating: 0, count: k + 1)
    for i in 0..<k { prefix[i + 1] = prefix[i] + x[i] }
    var suffix = [Double](repeating: 0, count: k + 1)
    for i in stride(from: k - 1, through: 0, by: -1) { suffix[i] = suffix[i + 1] + x[i] }
    return (prefix[k], (0..<k).map { prefix[$0] + suffix[$0 + 1] })
}
