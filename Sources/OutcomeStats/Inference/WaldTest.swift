/// The Wald F test of a linear hypothesis L β = c on a fitted linear model (car's
/// `linearHypothesis(model, L, c)` with its default F form):
///
///     F = (Lβ̂ − c)ᵀ (L V Lᵀ)⁻ (Lβ̂ − c) / q,   q = rank(L),   F ~ F(q, n − rank)
///
/// where V is the fit's coefficient covariance (classical σ̂²(XᵀX)⁻¹, or whichever estimator
/// the fit carries). Rows of L that repeat others do not add to q: (L V Lᵀ) is factored by
/// ``PivotedCholesky`` at its numerical rank.
///
/// ```swift
/// let test = try fit.waldTest(LinearHypothesis(parsing: "techniquedeep_tissue = techniquefriction"))
/// test.statistic; test.pValue
/// ```
public struct WaldTest: Sendable, Equatable {
    /// The hypothesis as written.
    public let hypothesis: String
    /// The F statistic.
    public let statistic: Double
    /// q = rank(L).
    public let numeratorDegreesOfFreedom: Int
    /// The fit's residual degrees of freedom.
    public let denominatorDegreesOfFreedom: Int
    /// P(F(q, df) > statistic).
    public let pValue: Double
    /// The sum of squares the hypothesis explains, F · q · σ̂² (car's "Sum of Sq").
    public let sumOfSquares: Double
}

extension LinearModelFit {
    /// The Wald F test of `hypothesis`.
    ///
    /// - Parameter hypothesis: restrictions on the coefficients, by name.
    /// - Returns: the test.
    /// - Throws: ``StatsError/domain(_:)`` when the hypothesis names an unknown coefficient
    ///   (with a suggestion) or puts weight on an aliased one, or when the fit has no residual
    ///   degrees of freedom.
    public func waldTest(_ hypothesis: LinearHypothesis) throws -> WaldTest {
        let names = coefficients.map(\.term)
        let r = estimableTerms.count
        var positions: [String: Int] = [:]
        for (k, term) in estimableTerms.enumerated() { positions[term] = k }
        var l: [[Double]] = []
        for row in hypothesis.rows {
            var weights = [Double](repeating: 0, count: r)
            for (name, weight) in row {
                guard names.contains(name) else {
                    let hint = nearestName(to: name, in: names).map { ". Did you mean '\($0)'?" }
                        ?? "; coefficients are " + names.joined(separator: ", ")
                    throw StatsError.domain("hypothesis '\(hypothesis.label)' names unknown coefficient '\(name)'\(hint)")
                }
                guard let k = positions[name] else {
                    throw StatsError.domain("hypothesis '\(hypothesis.label)' involves aliased coefficient '\(name)', which the data cannot estimate")
                }
                weights[k] += weight
            }
            l.append(weights)
        }
        guard residualDegreesOfFreedom > 0 else {
            throw StatsError.domain("a Wald test needs residual degrees of freedom; the fit has none")
        }
        let estimates = estimableTerms.map { coefficient($0)!.estimate! }
        let test = waldStatistic(l: l, c: hypothesis.rightHandSide, estimates: estimates, covariance: covariance)
        let sigma2 = residualStandardError * residualStandardError
        return WaldTest(
            hypothesis: hypothesis.label, statistic: test.f, numeratorDegreesOfFreedom: test.rank,
            denominatorDegreesOfFreedom: residualDegreesOfFreedom,
            pValue: test.rank > 0
                ? FisherF(numerator: Double(test.rank), denominator: Double(residualDegreesOfFreedom)).survival(test.f) : .nan,
            sumOfSquares: test.f * Double(test.rank) * sigma2)
    }
}

/// F = (Lb − c)ᵀ(L V Lᵀ)⁻(Lb − c) / q with q the numerical rank of L V Lᵀ; `covariance` is
/// the column-major covariance of `estimates`.
func waldStatistic(l: [[Double]], c: [Double], estimates: [Double], covariance: [Double]) -> (f: Double, rank: Int) {
    let q = l.count
    let r = estimates.count
    var discrepancy = [Double](repeating: 0, count: q)
    for i in 0..<q {
        var sum = 0.0
        for k in 0..<r { sum += l[i][k] * estimates[k] }
        discrepancy[i] = sum - c[i]
    }
    // L V, then (L V) Lᵀ.
    var lv = [[Double]](repeating: [Double](repeating: 0, count: r), count: q)
    for i in 0..<q {
        for j in 0..<r {
            var sum = 0.0
            for k in 0..<r where l[i][k] != 0 { sum += l[i][k] * covariance[k + j * r] }
            lv[i][j] = sum
        }
    }
    var middle = [Double](repeating: 0, count: q * q)
    for i in 0..<q {
        for j in 0..<q {
            var sum = 0.0
            for k in 0..<r where l[j][k] != 0 { sum += lv[i][k] * l[j][k] }
            middle[i + j * q] = sum
        }
    }
    let cholesky = PivotedCholesky(matrix: middle, order: q)
    guard cholesky.rank > 0 else { return (.nan, 0) }
    return (cholesky.quadraticForm(discrepancy) / Double(cholesky.rank), cholesky.rank)
}
