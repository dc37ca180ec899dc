/// Least squares on a subset of a design's columns, with aliased columns detected in order as
/// ``LinearModel`` (and R's `lm`) detects them: the building block of ANOVA tables, which
/// compare the full model with models that drop terms.
struct SubsetLeastSquares {
    /// Positions (into the `columns` argument) of the columns kept, in order.
    let kept: [Int]
    /// Coefficients of the kept columns.
    let estimates: [Double]
    /// Qᵀy over the kept columns: effect k is the part of y that column k explains beyond the
    /// kept columns before it (R's `effects`).
    let effects: [Double]
    /// Residual sum of squares ‖y − Xb‖², summed from the last n − rank entries of Qᵀy.
    let residualSumOfSquares: Double
    /// (XᵀX)⁻¹ of the kept columns, rank × rank column-major.
    let inverseGram: [Double]
    /// Number of rows.
    let rowCount: Int

    /// Residual degrees of freedom n − rank.
    var residualDegreesOfFreedom: Int { rowCount - kept.count }

    /// Fits y on `columns` of the n-row column-major `x`.
    ///
    /// `observations` and `extraResidualSumOfSquares` let a problem reduced by
    /// ``ReducedLeastSquares`` (x = R, y = (Qᵀy)₁..ₚ) report the degrees of freedom and the
    /// residual sum of squares of the original one.
    init(x: [Double], rows n: Int, columns: [Int], y: [Double], tolerance: Double = LinearModel.rankTolerance,
         observations: Int? = nil, extraResidualSumOfSquares: Double = 0) throws {
        rowCount = observations ?? n
        func column(_ j: Int) -> ArraySlice<Double> { x[(j * n)..<((j + 1) * n)] }
        let selected = columns.flatMap { column($0) }
        if columns.count > n {
            throw StatsError.tooFewObservations(observations: observations ?? n, parameters: columns.count)
        }
        let (kept, qr) = try QRDecomposition.droppingAliasedColumns(of: selected, rows: n, columns: columns.count,
                                                                    relativeTolerance: tolerance)
        if !kept.isEmpty {
            let qty = qr.qTransposeTimes(y)
            var head = Array(qty.prefix(kept.count))
            effects = head
            try FixedOrder.trtrsUpper(qr.r, order: kept.count, &head)
            estimates = head
            residualSumOfSquares = qty.dropFirst(kept.count).reduce(0) { $0 + $1 * $1 } + extraResidualSumOfSquares
            inverseGram = try qr.inverseGram()
            self.kept = kept
            return
        }
        self.kept = []
        estimates = []
        effects = []
        residualSumOfSquares = y.reduce(0) { $0 + $1 * $1 } + extraResidualSumOfSquares
        inverseGram = []
    }
}

/// One QR factorization X = QR of all columns of a design, reused for every submodel: with
/// Qᵀy = (c, d), ‖y − X_S b‖² = ‖c − R_S b‖² + ‖d‖² for any column subset S, so a submodel is
/// a p-row problem on (R_S, c). The columns of R keep the norms of X's, so aliased columns are
/// detected in the reduced problem exactly as in the full one.
struct ReducedLeastSquares {
    /// R, p × p column-major (upper triangular).
    let r: [Double]
    /// c = the first p entries of Qᵀy.
    let c: [Double]
    /// ‖d‖², the residual sum of squares of the full model.
    let tailSumOfSquares: Double
    /// Observations n.
    let rowCount: Int
    /// Columns p.
    let columnCount: Int

    /// Factors the n × p column-major `x` (every column, aliased ones included).
    ///
    /// - Throws: ``StatsError/tooFewObservations(observations:parameters:)`` when n < p.
    init(x: [Double], rows n: Int, columns p: Int, y: [Double]) throws {
        guard n >= p else { throw StatsError.tooFewObservations(observations: n, parameters: p) }
        let qr = try QRDecomposition(matrix: x, rows: n, columns: p)
        let qty = qr.qTransposeTimes(y)
        r = qr.r
        c = Array(qty.prefix(p))
        tailSumOfSquares = qty.dropFirst(p).reduce(0) { $0 + $1 * $1 }
        rowCount = n
        columnCount = p
    }

    /// The least-squares fit on `columns`, with the original problem's n and RSS.
    func fit(columns: [Int]) throws -> SubsetLeastSquares {
        try SubsetLeastSquares(x: r, rows: columnCount, columns: columns, y: c, observations: rowCount,
                               extraResidualSumOfSquares: tailSumOfSquares)
    }
}
