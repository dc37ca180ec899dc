/// The Householder QR factorization X = QR of a tall column-major matrix, in the fixed order of
/// ``FixedOrder`` (the same bits on every machine).
///
/// Solves least-squares problems without ever forming XᵀX: the solution of min ‖y − Xb‖ is
/// R b = (Qᵀy)₁..ₙ, and (XᵀX)⁻¹ = R⁻¹R⁻ᵀ comes from the triangular inverse.
///
/// ```swift
/// let qr = try QRDecomposition(matrix: x, rows: 16, columns: 7)
/// let b = try qr.solve(y)
/// ```
public struct QRDecomposition: Sendable {
    /// Rows of the factored matrix.
    public let rowCount: Int
    /// Columns of the factored matrix.
    public let columnCount: Int
    private let factors: [Double]
    private let tau: [Double]

    /// Factors the `rows` × `columns` column-major `matrix`.
    ///
    /// - Precondition: `rows >= columns` and `matrix.count == rows * columns`.
    /// - Throws: nothing for finite input (Householder QR does not fail); the signature keeps room
    ///   for ``StatsError`` should a factorization need to refuse its input.
    public init(matrix: [Double], rows: Int, columns: Int) throws {
        precondition(rows >= columns, "QR needs at least as many rows (\(rows)) as columns (\(columns))")
        var a = matrix
        tau = try FixedOrder.geqrf(&a, rows: rows, columns: columns)
        factors = a
        rowCount = rows
        columnCount = columns
    }

    /// Factors the columns of the `rows` × `columns` column-major `matrix` that are not aliased:
    /// left to right, column j is dropped when its part orthogonal to the kept columns before it
    /// has a norm at most `relativeTolerance`·‖xⱼ‖ (R's `lm` rule; the later of two collinear
    /// columns goes). One Householder pass, however many columns are dropped.
    ///
    /// - Returns: the kept columns, ascending, and the QR of those columns.
    /// - Throws: ``StatsError/tooFewObservations(observations:parameters:)`` when `columns > rows`.
    static func droppingAliasedColumns(of matrix: [Double], rows n: Int, columns p: Int,
                                       relativeTolerance: Double) throws -> (kept: [Int], qr: QRDecomposition) {
        guard p <= n else { throw StatsError.tooFewObservations(observations: n, parameters: p) }
        let thresholds = (0..<p).map { j in
            relativeTolerance * matrix[(j * n)..<((j + 1) * n)].reduce(0) { $0 + $1 * $1 }.squareRoot()
        }
        var a = matrix
        let (kept, tau) = FixedOrder.geqrfDroppingAliased(&a, rows: n, columns: p, thresholds: thresholds)
        return (kept, QRDecomposition(factors: Array(a.prefix(n * kept.count)), tau: tau, rows: n, columns: kept.count))
    }

    private init(factors: [Double], tau: [Double], rows: Int, columns: Int) {
        self.factors = factors
        self.tau = tau.isEmpty ? [0] : tau
        rowCount = rows
        columnCount = columns
    }

    /// |R_jj|, the norm of column j orthogonal to the columns before it.
    public var diagonalMagnitudes: [Double] {
        (0..<columnCount).map { abs(factors[$0 + $0 * rowCount]) }
    }

    /// The upper-triangular factor R, `columns` × `columns`, column-major.
    public var r: [Double] {
        var result = [Double](repeating: 0, count: columnCount * columnCount)
        for j in 0..<columnCount {
            for i in 0...j { result[i + j * columnCount] = factors[i + j * rowCount] }
        }
        return result
    }

    /// Qᵀv for a vector of length ``rowCount``.
    public func qTransposeTimes(_ v: [Double]) -> [Double] {
        precondition(v.count == rowCount, "vector of length \(v.count) for a QR of \(rowCount) rows")
        var c = v
        FixedOrder.ormqrTranspose(factors: factors, tau: tau, rows: rowCount, reflectors: columnCount, &c, columns: 1)
        return c
    }

    /// The least-squares solution b of min ‖y − Xb‖.
    ///
    /// - Throws: ``StatsError/lapack(routine:info:)`` when R is exactly singular.
    public func solve(_ y: [Double]) throws -> [Double] {
        var qty = Array(qTransposeTimes(y).prefix(columnCount))
        try FixedOrder.trtrsUpper(r, order: columnCount, &qty)
        return qty
    }

    /// (XᵀX)⁻¹ = R⁻¹R⁻ᵀ, `columns` × `columns`, column-major, symmetric.
    public func inverseGram() throws -> [Double] {
        var rinv = r
        try FixedOrder.trtriUpper(&rinv, order: columnCount)
        return gramOfUpperInverse(rinv, order: columnCount)
    }
}

/// R⁻¹R⁻ᵀ from R⁻¹ (k × k, upper triangular, column-major): (R⁻¹R⁻ᵀ)ᵢⱼ = Σₘ R⁻¹ᵢₘR⁻¹ⱼₘ over
/// m ≥ max(i, j), in that fixed order; symmetric, column-major.
func gramOfUpperInverse(_ rInverse: [Double], order k: Int) -> [Double] {
    var result = [Double](repeating: 0, count: k * k)
    for i in 0..<k {
        for j in i..<k {
            var sum = 0.0
            for m in j..<k { sum += rInverse[i + m * k] * rInverse[j + m * k] }
            result[i + j * k] = sum
            result[j + i * k] = sum
        }
    }
    return result
}
