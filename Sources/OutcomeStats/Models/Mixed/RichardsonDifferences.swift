/// First and second derivatives of a vector-valued function by central differences with
/// Richardson extrapolation, as R's `numDeriv` computes them (the method lmerTest relies on):
/// initial steps hᵢ = 0.1|xᵢ| (1e-4 when |xᵢ| < 1.78e-5), four levels each halving the step,
/// three rounds of extrapolation removing the h², h⁴ and h⁶ error terms. Accurate to about 1e-9
/// relative for the smooth deviance functions of a mixed model.
struct RichardsonDifferences {
    /// First derivatives: `first[i]` is ∂g/∂xᵢ (a vector like g's value).
    let first: [[Double]]
    /// Second derivatives: `second[i][j]` is ∂²g/∂xᵢ∂xⱼ (symmetric in i, j).
    let second: [[[Double]]]
    /// g(x).
    let value: [Double]
    /// Number of evaluations of g.
    let evaluations: Int

    static let levels = 4

    /// Differentiates `g` at `x`.
    init(at x: [Double], _ g: ([Double]) throws -> [Double]) throws {
        let m = x.count
        let zeroTolerance = (Double.ulpOfOne / 7e-7).squareRoot()
        let h0 = x.map { 0.1 * abs($0) + (abs($0) < zeroTolerance ? 1e-4 : 0) }
        var count = 1
        let center = try g(x)
        let width = center.count
        func extrapolate(_ estimates: [[Double]]) -> [Double] {
            var a = estimates
            var power = 4.0
            while a.count > 1 {
                a = (0..<(a.count - 1)).map { k in (0..<width).map { (power * a[k + 1][$0] - a[k][$0]) / (power - 1) } }
                power *= 4
            }
            return a[0]
        }
        var first = [[Double]](repeating: [], count: m)
        var second = [[[Double]]](repeating: [[Double]](repeating: [], count: m), count: m)
        for i in 0..<m {
            var firstEstimates: [[Double]] = []
            var secondEstimates: [[Double]] = []
            var h = h0[i]
            for _ in 0..<Self.levels {
                var xp = x; xp[i] += h
                var xm = x; xm[i] -= h
                let gp = try g(xp), gm = try g(xm)
                count += 2
                firstEstimates.append((0..<width).map { (gp[$0] - gm[$0]) / (2 * h) })
                secondEstimates.append((0..<width).map { (gp[$0] - 2 * center[$0] + gm[$0]) / (h * h) })
                h /= 2
            }
            first[i] = extrapolate(firstEstimates)
            second[i][i] = extrapolate(secondEstimates)
        }
        for i in 0..<m {
            for j in 0..<i {
                var estimates: [[Double]] = []
                var hi = h0[i], hj = h0[j]
                for _ in 0..<Self.levels {
                    var x1 = x; x1[i] += hi; x1[j] += hj
                    var x2 = x; x2[i] += hi; x2[j] -= hj
                    var x3 = x; x3[i] -= hi; x3[j] += hj
                    var x4 = x; x4[i] -= hi; x4[j] -= hj
                    let g1 = try g(x1), g2 = try g(x2), g3 = try g(x3), g4 = try g(x4)
                    count += 4
                    estimates.append((0..<width).map { (g1[$0] - g2[$0] - g3[$0] + g4[$0]) / (4 * hi * hj) })
                    hi /= 2
                    hj /= 2
                }
                second[i][j] = extrapolate(estimates)
                second[j][i] = second[i][j]
            }
        }
        self.first = first
        self.second = second
        self.value = center
        self.evaluations = count
    }
}
