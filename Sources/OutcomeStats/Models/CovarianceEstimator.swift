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
/// ``empirical`` is the MMRM's (``MMRMCoefficientCovariance/empirical``); a linear model refuses it.
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
    /// An MMRM's empirical (sandwich) covariance by subject, SAS's `EMPIRICAL` (CR0); linear
    /// models refuse it (their by-patient sandwich is ``cluster(by:)``).
    case empirical

    /// Short name, as results JSON writes it: `classical`, `HC0` … `HC3`, `CR1`.
    public var name: String {
        switch self {
        case .classical: "classical"
        case .hc0: "HC0"
        case .hc1: "HC1"
        case .hc2: "HC2"
        case .hc3: "HC3"
        case .cluster: "CR1"
        case .empirical: "empirical"
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
        case .empirical: "Standard errors: empirical (sandwich by subject, SAS's EMPIRICAL)."
        }
    }
}

extension RefinedLeastSquares: LeastSquaresSolution {
    /// ``sandwichCovariance(_:clusters:explicitQ:)`` with Q₁ formed as the condition allows.
    func sandwich(_ estimator: CovarianceEstimator, clusters: [Int]?) throws -> [Double] {
        try sandwichCovariance(estimator, clusters: clusters)
    }

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
        let n = rowCount
        let k = rank
        guard k > 0 else { return [] }
        let q: [Double]? = explicitQ || reciprocalCondition < 1e-6 ? thinQ() : nil
        let r = Self.upperTriangle(factors, rows: n, order: k)
        var meat = SandwichMeat(estimator, order: k, rows: n, groups: clusters.map { ($0.max() ?? -1) + 1 } ?? 0)
        var block = [Double](repeating: 0, count: Self.sandwichBlockRows * k)
        let source = q ?? design
        for start in stride(from: 0, to: n, by: Self.sandwichBlockRows) {
            let m = min(Self.sandwichBlockRows, n - start)
            block.withUnsafeMutableBufferPointer { bp in
                source.withUnsafeBufferPointer { sp in
                    for j in 0..<k {
                        let s = q == nil ? scales[j] : 1
                        let from = start + j * n
                        for i in 0..<m { bp[i + j * m] = sp[from + i] * s }
                    }
                }
                if q == nil { FixedOrder.solveRightUpper(r, order: k, bp.baseAddress!, rows: m) }
                residuals.withUnsafeBufferPointer { ep in
                    if let clusters {
                        clusters.withUnsafeBufferPointer { cp in
                            meat.add(bp.baseAddress!, rows: m, residuals: ep.baseAddress! + start, clusters: cp.baseAddress! + start)
                        }
                    } else {
                        meat.add(bp.baseAddress!, rows: m, residuals: ep.baseAddress! + start, clusters: nil)
                    }
                }
            }
        }
        return meat.covariance(rInverse: try scaledRInverse(), scales: scales)
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
