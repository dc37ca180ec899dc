/// How a linear model's coefficient covariance (and so its standard errors, tests and
/// intervals) is estimated.
///
/// With X̃ = W^½X the (weighted) design, ẽ = W^½e the (weighted) residuals, hᵢ the leverages
/// (diagonal of the hat matrix) and B = (X̃ᵀX̃)⁻¹:
///
/// | estimator | covariance | as in R |
/// |---|---|---|
/// | ``classical`` | σ̂²B, σ̂² = Σẽᵢ²/(n − k) | `vcov(lm)` |
/// | ``hc0`` | B (Σ ẽᵢ² x̃ᵢx̃ᵢᵀ) B | `sandwich::vcovHC(type = "HC0")` |
/// | ``hc1`` | n/(n − k) · HC0 | `"HC1"` (Stata's `robust`) |
/// | ``hc2`` | B (Σ ẽᵢ²/(1 − hᵢ) x̃ᵢx̃ᵢᵀ) B | `"HC2"` |
/// | ``hc3`` | B (Σ ẽᵢ²/(1 − hᵢ)² x̃ᵢx̃ᵢᵀ) B | `"HC3"` (MacKinnon & White 1985) |
/// | ``cluster(by:)`` | G/(G − 1) · (n − 1)/(n − k) · B (Σ_g s_g s_gᵀ) B, s_g = Σ_{i∈g} ẽᵢx̃ᵢ | `sandwich::vcovCL(type = "HC1")`, Stata's `vce(cluster)` (CR1) |
///
/// t statistics, p-values and intervals use the t distribution on the residual degrees of
/// freedom n − k under every estimator, as `lmtest::coeftest` does; the overall F test becomes the
/// Wald F test of all slopes with the chosen covariance (`lmtest::waldtest(..., vcov = )`).
/// The sandwich is computed from the rows qᵢ of the thin Q₁ of the QR factorization X̃ = Q₁R,
/// never from (XᵀX)⁻¹ or an n × n hat matrix: hᵢ = ‖qᵢ‖², and B M B = R⁻¹(Q₁ᵀ Ω Q₁)R⁻ᵀ.
public enum CovarianceEstimator: Sendable, Hashable, CustomStringConvertible {
    /// σ̂²(XᵀX)⁻¹, which assumes independent homoskedastic errors.
    case classical
    /// White's heteroskedasticity-consistent estimator, no small-sample correction.
    case hc0
    /// HC0 scaled by n/(n − k).
    case hc1
    /// HC0 with squared residuals divided by 1 − hᵢ.
    case hc2
    /// HC0 with squared residuals divided by (1 − hᵢ)²: the recommended default for small samples.
    case hc3
    /// Cluster-robust CR1 with clusters given by the values of a column (numeric or categorical).
    case cluster(by: String)

    /// Short name, as results JSON writes it: `classical`, `HC0` … `HC3`, `CR1`.
    public var name: String {
        switch self {
        case .classical: "classical"
        case .hc0: "HC0"
        case .hc1: "HC1"
        case .hc2: "HC2"
        case .hc3: "HC3"
        case .cluster: "CR1"
        }
    }

    /// The clustering column of ``cluster(by:)``.
    public var clusterColumn: String? {
        if case .cluster(let column) = self { return column }
        return nil
    }

    /// A sentence for a report's notes, e.g. "Standard errors: HC3 (heteroskedasticity-consistent)."
    public var description: String {
        switch self {
        case .classical: "Standard errors: classical (independent, homoskedastic errors)."
        case .hc0, .hc1, .hc2, .hc3: "Standard errors: \(name) heteroskedasticity-consistent (sandwich)."
        case .cluster(let column):
            "Standard errors: CR1 cluster-robust by '\(column)' (small-sample factor G/(G-1)·(n-1)/(n-k), as Stata and sandwich::vcovCL)."
        }
    }
}

extension RefinedLeastSquares {
    /// Rows of X̃ per block when the sandwich forms Q₁ = X̃R⁻¹ block by block.
    static let sandwichBlockRows = 4096

    /// The sandwich covariance of the kept coefficients, rank × rank, column-major, in X's units.
    ///
    /// The rows qᵢ of Q₁ are formed a block of rows at a time as X̃R⁻¹ (a triangular solve), so
    /// memory stays O(block × rank) at any n; when the scaled R is ill-conditioned (reciprocal
    /// condition below 1e-6, where X̃R⁻¹ loses orthogonality) Q₁ comes from the Householder
    /// reflectors instead (`dorgqr`).
    ///
    /// - Parameters:
    ///   - estimator: any estimator but ``CovarianceEstimator/classical``.
    ///   - clusters: group id (0..<G) of each row, for ``CovarianceEstimator/cluster(by:)``.
    ///   - explicitQ: force the Householder Q₁ (tests compare the two paths).
    func sandwichCovariance(_ estimator: CovarianceEstimator, clusters: [Int]?, explicitQ: Bool = false) throws -> [Double] {
        precondition(estimator != .classical, "the classical covariance is not a sandwich")
        let n = rowCount
        let k = rank
        let e = residuals
        let q: [Double]? = explicitQ || reciprocalCondition < 1e-6 ? try thinQ() : nil
        let r = Self.upperTriangle(factors, rows: n, order: k)
        let groups = clusters.map { ($0.max() ?? -1) + 1 } ?? 0
        var meat = [Double](repeating: 0, count: k * k)
        var scores = [Double](repeating: 0, count: groups * k)
        let hcFactor = estimator == .hc1 ? (Double(n) / Double(n - k)).squareRoot() : 1
        let needsLeverage = estimator == .hc2 || estimator == .hc3
        var block = [Double](repeating: 0, count: Self.sandwichBlockRows * k)
        var weight = [Double](repeating: 0, count: Self.sandwichBlockRows)
        for start in stride(from: 0, to: n, by: Self.sandwichBlockRows) {
            let m = min(Self.sandwichBlockRows, n - start)
            if block.count != m * k { block = [Double](repeating: 0, count: m * k) }
            // Column-wise loops over raw buffers: each inner loop is contiguous and vectorizes.
            block.withUnsafeMutableBufferPointer { bp in
                let source = q ?? design
                source.withUnsafeBufferPointer { sp in
                    for j in 0..<k {
                        let s = q == nil ? scales[j] : 1
                        let from = start + j * n
                        for i in 0..<m { bp[i + j * m] = sp[from + i] * s }
                    }
                }
            }
            if q == nil { LAPACK.solveRightUpper(r, order: k, &block, rows: m) }
            block.withUnsafeMutableBufferPointer { bp in
                e.withUnsafeBufferPointer { ep in
                    weight.withUnsafeMutableBufferPointer { wp in
                        if let clusters {
                            for j in 0..<k {
                                let base = j * groups
                                for i in 0..<m { scores[clusters[start + i] + base] += bp[i + j * m] * ep[start + i] }
                            }
                            return
                        }
                        for i in 0..<m { wp[i] = 0 }
                        if needsLeverage {
                            for j in 0..<k { for i in 0..<m { wp[i] += bp[i + j * m] * bp[i + j * m] } }
                        }
                        for i in 0..<m {
                            let h = wp[i]
                            switch estimator {
                            case .hc2: wp[i] = abs(ep[start + i]) / (1 - h).squareRoot()
                            case .hc3: wp[i] = abs(ep[start + i]) / (1 - h)
                            default: wp[i] = abs(ep[start + i]) * hcFactor
                            }
                        }
                        for j in 0..<k { for i in 0..<m { bp[i + j * m] *= wp[i] } }
                    }
                }
            }
            if clusters == nil { LAPACK.accumulateGram(block, rows: m, columns: k, into: &meat) }
        }
        if clusters != nil {
            meat = LAPACK.gram(scores, rows: groups, columns: k)
            let adjustment = Double(groups) / Double(groups - 1) * Double(n - 1) / Double(n - k)
            for index in meat.indices { meat[index] *= adjustment }
        } else {
            for j in 0..<k { for i in 0..<j { meat[j + i * k] = meat[i + j * k] } }
        }
        // R⁻¹ M R⁻ᵀ, then undo the column scaling.
        let rInverse = try scaledRInverse()
        var left = [Double](repeating: 0, count: k * k)   // R⁻¹M
        for j in 0..<k {
            for i in 0..<k {
                var s = 0.0
                for m in i..<k { s += rInverse[i + m * k] * meat[m + j * k] }
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

/// Group ids 0..<G of the values of `column` at `rows` (first appearance order).
///
/// - Throws: ``StatsError/domain(_:)`` when the column does not exist, a used row has no cluster
///   value, or there is only one cluster.
func clusterIds(column: String, frame: Frame, rows: [Int]) throws -> [Int] {
    guard let values = frame[column] else {
        let hint = nearestName(to: column, in: frame.columnNames).map { ". Did you mean '\($0)'?" } ?? ""
        throw StatsError.domain("cluster column '\(column)' is not in the data\(hint)")
    }
    var ids: [Int] = []
    ids.reserveCapacity(rows.count)
    switch values {
    case .categorical(let c):
        var map = [Int32: Int]()
        for row in rows {
            let code = c.codes[row]
            guard code >= 0 else { throw StatsError.domain("cluster column '\(column)' is missing at data row \(row + 1), a row the model uses") }
            if let id = map[code] { ids.append(id) } else { map[code] = map.count; ids.append(map.count - 1) }
        }
    case .numeric(let x):
        var map = [Double: Int]()
        for row in rows {
            let v = x[row]
            guard !v.isNaN else { throw StatsError.domain("cluster column '\(column)' is missing at data row \(row + 1), a row the model uses") }
            if let id = map[v] { ids.append(id) } else { map[v] = map.count; ids.append(map.count - 1) }
        }
    }
    guard Set(ids).count >= 2 else {
        throw StatsError.domain("cluster-robust standard errors need at least two clusters; '\(column)' has \(Set(ids).count)")
    }
    return ids
}
