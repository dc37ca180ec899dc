import Foundation
import RealModule
import Testing
@testable import OutcomeStats

/// The closed forms for μ̂, yᵀPy, yᵀPPy, tr P and tr PP agree with the explicit k × k matrix
/// P = W − wwᵀ/Σw built entry by entry, to 1e-13 relative.
@Test(arguments: [0.0, 0.3, 25.0])
func closedFormsMatchTheExplicitProjection(tauSquared: Double) {
    let y = [-0.89, -1.59, -1.35, -1.44, -0.22, -0.79, -1.62, 0.01, -0.47]
    let v = [0.33, 0.19, 0.42, 0.02, 0.05, 0.007, 0.22, 0.004, 0.056]
    let s = InverseVarianceWeights(estimates: y, variances: v, tauSquared: tauSquared)
    let k = y.count
    let w = v.map { 1 / ($0 + tauSquared) }
    let total = w.reduce(0, +)
    var p = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    for i in 0..<k { for j in 0..<k { p[i][j] = (i == j ? w[i] : 0) - w[i] * w[j] / total } }
    let py = (0..<k).map { i in (0..<k).reduce(0) { $0 + p[i][$1] * y[$1] } }
    let yPy = zip(y, py).reduce(0) { $0 + $1.0 * $1.1 }
    let yPPy = py.reduce(0) { $0 + $1 * $1 }
    let trace = (0..<k).reduce(0) { $0 + p[$1][$1] }
    let tracePP = p.joined().reduce(0) { $0 + $1 * $1 }
    let mean = zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } / total
    #expect(s.mean.isApproximatelyEqual(to: mean, relativeTolerance: 1e-13))
    #expect(s.weightedSquares.isApproximatelyEqual(to: yPy, relativeTolerance: 1e-13))
    #expect(s.squaredWeightedSquares.isApproximatelyEqual(to: yPPy, relativeTolerance: 1e-13))
    #expect(s.traceP.isApproximatelyEqual(to: trace, relativeTolerance: 1e-13))
    #expect(s.tracePP.isApproximatelyEqual(to: tracePP, relativeTolerance: 1e-13))
    #expect(s.sum.isApproximatelyEqual(to: total, relativeTolerance: 1e-13))
}

/// With one study holding almost all the weight, tr P = Σ_{i≠j}wᵢwⱼ / Σw stays accurate where the
/// textbook Σw − Σw²/Σw loses digits: for weights (1e8, 1, 1) tr P = (2e8 + 2e8 + 2)/(1e8 + 2).
@Test func traceKeepsAccuracyUnderDominantWeight() {
    let s = InverseVarianceWeights(estimates: [0, 1, 2], variances: [1e-8, 1, 1], tauSquared: 0)
    let exact = (4e8 + 2) / (1e8 + 2)
    #expect(abs(s.traceP - exact) <= 4 * Double.ulpOfOne * exact)
}
