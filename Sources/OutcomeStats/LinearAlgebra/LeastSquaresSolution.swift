/// What a linear fit needs of its least-squares solution, whichever way it was computed:
/// ``RefinedLeastSquares`` (the whole design in memory) or ``StreamedLeastSquares`` (the design
/// a block of rows at a time).
protocol LeastSquaresSolution: Sendable {
    /// Rows of X.
    var rowCount: Int { get }
    /// Indices of the columns of X that were kept (not aliased), ascending.
    var keptColumns: [Int] { get }
    /// Least-squares coefficients of the kept columns, in X's units.
    var coefficients: [Double] { get }
    /// Residuals y − Xb.
    var residuals: [Double] { get }
    /// Refinement steps taken.
    var refinementSteps: Int { get }
    /// Reciprocal condition number (1-norm) of the column-scaled R.
    var reciprocalCondition: Double { get }
    /// (XᵀX)⁻¹ over the kept columns, rank × rank, column-major, in X's units.
    func inverseGram() throws -> [Double]
    /// The sandwich covariance of `estimator` (not classical), rank × rank, in X's units;
    /// `clusters` holds the group id (0..<G) of each row for ``CovarianceEstimator/cluster(by:)``.
    func sandwich(_ estimator: CovarianceEstimator, clusters: [Int]?) throws -> [Double]
}

extension LeastSquaresSolution {
    /// The number of kept columns.
    var rank: Int { keptColumns.count }
}

/// A matrix X with its response y that can be read a block of rows at a time.
protocol RowBlockSource: Sendable {
    /// Rows of X.
    var rowCount: Int { get }
    /// Columns of X.
    var columnCount: Int { get }
    /// Writes rows `range` of the columns `columns` of X, column k multiplied by `scales[k]`,
    /// column-major with leading dimension `range.count`, into `block`.
    func fill(_ range: Range<Int>, columns: [Int], scales: [Double], into block: UnsafeMutablePointer<Double>)
    /// Writes y at rows `range` into `out`.
    func fillResponse(_ range: Range<Int>, into out: UnsafeMutablePointer<Double>)
}

extension DesignColumns: RowBlockSource {}

/// A column-major matrix in memory as a ``RowBlockSource``.
struct DenseRows: RowBlockSource {
    let matrix: [Double]
    let response: [Double]
    let columnCount: Int
    var rowCount: Int { response.count }

    func fill(_ range: Range<Int>, columns: [Int], scales: [Double], into block: UnsafeMutablePointer<Double>) {
        let n = rowCount
        let m = range.count
        matrix.withUnsafeBufferPointer { xp in
            for (k, j) in columns.enumerated() {
                for i in 0..<m { block[i + k * m] = xp[range.lowerBound + i + j * n] * scales[k] }
            }
        }
    }

    func fillResponse(_ range: Range<Int>, into out: UnsafeMutablePointer<Double>) {
        for (i, row) in range.enumerated() { out[i] = response[row] }
    }
}

/// Columns in memory with each row multiplied by a weight (√wᵢ of weighted least squares), and a
/// response already weighted: the working problem of one IRLS step as a ``RowBlockSource``.
struct WeightedColumnRows: RowBlockSource {
    /// The columns of X, each of length n.
    let columns: [[Double]]
    /// √wᵢ per row.
    let roots: [Double]
    /// The weighted response.
    let response: [Double]
    var rowCount: Int { roots.count }
    var columnCount: Int { columns.count }

    func fill(_ range: Range<Int>, columns selected: [Int], scales: [Double], into block: UnsafeMutablePointer<Double>) {
        let m = range.count
        roots.withUnsafeBufferPointer { w in
            for (k, j) in selected.enumerated() {
                let s = scales[k]
                columns[j].withUnsafeBufferPointer { x in
                    for i in 0..<m { block[i + k * m] = x[range.lowerBound + i] * w[range.lowerBound + i] * s }
                }
            }
        }
    }

    func fillResponse(_ range: Range<Int>, into out: UnsafeMutablePointer<Double>) {
        response.withUnsafeBufferPointer { y in
            for i in 0..<range.count { out[i] = y[range.lowerBound + i] }
        }
    }

    /// The least-squares solution of the weighted problem and R of its QR (p × p), by the
    /// stacked QR of ``StreamedLeastSquares/factor(_:)`` (no refinement: an IRLS step, as R's
    /// `glm.fit`, solves its working problem by one QR).
    func solve() throws -> (coefficients: [Double], r: [Double]) {
        let p = columnCount
        let full = try StreamedLeastSquares.factor(self)
        var r = [Double](repeating: 0, count: p * p)
        var c = [Double](repeating: 0, count: p)
        for j in 0..<p {
            for i in 0...j { r[i + j * p] = full[i + j * (p + 1)] }
            c[j] = full[j + p * (p + 1)]
        }
        try FixedOrder.trtrsUpper(r, order: p, &c)
        return (c, r)
    }
}
