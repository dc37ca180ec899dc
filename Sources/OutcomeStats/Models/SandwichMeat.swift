/// The "meat" of a sandwich covariance, M = Q₁ᵀ Ω Q₁ (heteroskedasticity-consistent) or
/// Σ_g s_g s_gᵀ (cluster-robust), accumulated a block of rows of Q₁ at a time, and the sandwich
/// B M B = R⁻¹ M R⁻ᵀ it makes. Shared by the dense and the streamed least squares, which differ
/// only in where the rows of Q₁ come from.
///
/// The rows qᵢ of Q₁ carry the leverages, hᵢ = ‖qᵢ‖², and the weight of row i is |eᵢ| (HC0),
/// |eᵢ|·√(n/(n − k)) (HC1), |eᵢ|/√(1 − hᵢ) (HC2) or |eᵢ|/(1 − hᵢ) (HC3); M is the Gram matrix of
/// the weighted rows (`dsyrk` per block). For clusters the scores s_g = Σ_{i∈g} eᵢqᵢ are summed
/// per group and M = G/(G − 1) · (n − 1)/(n − k) · Σ_g s_g s_gᵀ.
struct SandwichMeat: Sendable {
    let estimator: CovarianceEstimator
    /// Columns of Q₁ (the rank).
    let order: Int
    /// Rows the fit used, n.
    let rowCount: Int
    /// Number of clusters G, or 0.
    let groupCount: Int
    /// Upper triangle of Σ wᵢ²qᵢqᵢᵀ, order × order, column-major.
    private(set) var meat: [Double]
    /// Per cluster and column, Σ_{i∈g} eᵢqᵢⱼ: `scores[g + j * groupCount]`.
    private(set) var scores: [Double]
    private var weight: [Double] = []

    /// An empty accumulator.
    ///
    /// - Parameters:
    ///   - estimator: any estimator but ``CovarianceEstimator/classical``.
    ///   - order: k, columns of Q₁.
    ///   - rows: n.
    ///   - groups: G for ``CovarianceEstimator/cluster(by:)``, else 0.
    init(_ estimator: CovarianceEstimator, order k: Int, rows n: Int, groups: Int) {
        precondition(estimator != .classical, "the classical covariance is not a sandwich")
        self.estimator = estimator
        order = k
        rowCount = n
        groupCount = groups
        meat = [Double](repeating: 0, count: k * k)
        scores = [Double](repeating: 0, count: groups * k)
    }

    /// Adds the rows of Q₁ in `q` (m × order, column-major; overwritten by the weighted rows),
    /// their residuals `e` and, for clusters, their group ids.
    mutating func add(_ q: UnsafeMutablePointer<Double>, rows m: Int, residuals e: UnsafePointer<Double>,
                      clusters: UnsafePointer<Int>?) {
        let k = order
        if let clusters {
            for j in 0..<k {
                let base = j * groupCount
                for i in 0..<m { scores[clusters[i] + base] += q[i + j * m] * e[i] }
            }
            return
        }
        if weight.count < m { weight = [Double](repeating: 0, count: m) }
        let hcFactor = estimator == .hc1 ? (Double(rowCount) / Double(rowCount - k)).squareRoot() : 1
        let needsLeverage = estimator == .hc2 || estimator == .hc3
        weight.withUnsafeMutableBufferPointer { wp in
            // hᵢ = ‖qᵢ‖², then the weight; one loop per estimator so each vectorizes.
            for i in 0..<m { wp[i] = 0 }
            if needsLeverage {
                for j in 0..<k {
                    let column = q + j * m
                    for i in 0..<m { wp[i] += column[i] * column[i] }
                }
            }
            switch estimator {
            case .hc2: for i in 0..<m { wp[i] = abs(e[i]) / (1 - wp[i]).squareRoot() }
            case .hc3: for i in 0..<m { wp[i] = abs(e[i]) / (1 - wp[i]) }
            default: for i in 0..<m { wp[i] = abs(e[i]) * hcFactor }
            }
            for j in 0..<k {
                let column = q + j * m
                for i in 0..<m { column[i] *= wp[i] }
            }
        }
        FixedOrder.accumulateGram(q, rows: m, columns: k, into: &meat)
    }

    /// Adds another accumulator's sums (for blocks accumulated separately, merged in a fixed order).
    mutating func absorb(_ other: SandwichMeat) {
        for index in meat.indices { meat[index] += other.meat[index] }
        for index in scores.indices { scores[index] += other.scores[index] }
    }

    /// R⁻¹ M R⁻ᵀ with the column scaling D undone: the sandwich covariance in X's units.
    ///
    /// - Parameters:
    ///   - rInverse: R⁻¹ of the scaled factorization X̃ = XD = Q₁R, order × order, upper.
    ///   - scales: the diagonal of D.
    func covariance(rInverse: [Double], scales: [Double]) -> [Double] {
        let k = order
        var middle: [Double]
        if groupCount > 0 {
            middle = FixedOrder.gram(scores, rows: groupCount, columns: k)
            let adjustment = Double(groupCount) / Double(groupCount - 1) * Double(rowCount - 1) / Double(rowCount - k)
            for index in middle.indices { middle[index] *= adjustment }
        } else {
            middle = meat
            for j in 0..<k { for i in 0..<j { middle[j + i * k] = middle[i + j * k] } }
        }
        var left = [Double](repeating: 0, count: k * k)   // R⁻¹M
        for j in 0..<k {
            for i in 0..<k {
                var s = 0.0
                for m in i..<k { s += rInverse[i + m * k] * middle[m + j * k] }
                left[i + j * k] = s
            }
        }
        var result = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in i..<k {
                var s = 0.0
                for m in j..<k { s += left[i + m * k] * rInverse[j + m * k] }
                let value = s * scales[i] * scales[j]
                result[i + j * k] = value
                result[j + i * k] = value
            }
        }
        return result
    }
}
