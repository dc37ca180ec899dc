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
    init(x: [Double], rows n: Int, columns: [Int], y: [Double], tolerance: Double = LinearModel.rankTolerance) throws {
        rowCount = n
        func column(_ j: Int) -> ArraySlice<Double> { x[(j * n)..<((j + 1) * n)] }
        let norms = columns.map { j in column(j).reduce(0) { $0 + $1 * $1 }.squareRoot() }
        var kept = Array(columns.indices)
        while !kept.isEmpty {
            guard kept.count <= n else {
                throw StatsError.tooFewObservations(observations: n, parameters: kept.count)
            }
            let matrix = kept.flatMap { column(columns[$0]) }
            let qr = try QRDecomposition(matrix: matrix, rows: n, columns: kept.count)
            let diagonal = qr.diagonalMagnitudes
            if let position = kept.indices.first(where: { !(diagonal[$0] > tolerance * norms[kept[$0]]) }) {
                kept.remove(at: position)
                continue
            }
            let qty = try qr.qTransposeTimes(y)
            var head = Array(qty.prefix(kept.count))
            effects = head
            try LAPACK.trtrsUpper(qr.r, order: kept.count, &head)
            estimates = head
            residualSumOfSquares = qty.dropFirst(kept.count).reduce(0) { $0 + $1 * $1 }
            inverseGram = try qr.inverseGram()
            self.kept = kept
            return
        }
        self.kept = []
        estimates = []
        effects = []
        residualSumOfSquares = y.reduce(0) { $0 + $1 * $1 }
        inverseGram = []
    }
}
