/// Least squares that keeps its digits: rank detection, exact power-of-two column scaling,
/// Householder QR and iterative refinement of the augmented system with residuals accumulated
/// in extended precision (Björck 1967).
///
/// The solution b of min ‖y − Xb‖ and its residual r = y − Xb satisfy the augmented system
///
///     [ I   X ] [ r ]   [ y ]
///     [ Xᵀ  0 ] [ b ] = [ 0 ].
///
/// A first solution comes from the QR factorization X̃ = XD = QR, D a diagonal of powers of two
/// that brings every column's norm into [1, 2) (so scaling rounds nothing). The QR is
/// ``FixedOrder/geqrf(_:rows:columns:)``: Householder reflectors in a fixed order of operations, so
/// the factors, and everything computed from them, are the same bits on every machine.
/// Each refinement step computes the residuals of the augmented system, f = y − r − Xb and
/// g = −Xᵀr, in extended precision (``ExtendedArithmetic``), and solves for the correction with
/// the same QR: d₁ = R⁻ᵀg̃, δb̃ = R⁻¹((Qᵀf)₁ − d₁), δr = Q[d₁; (Qᵀf)₂] = f − Q[(Qᵀf)₁ − d₁; 0].
/// The first step starts from r = 0. Steps stop when the correction is below a unit roundoff of
/// the solution, or stops halving, or after ``maximumRefinementSteps``; a well-conditioned design
/// takes two. On NIST's Wampler4 and Wampler5 this lifts the log relative error of the estimates
/// from 7.8 and 5.8 (plain Householder QR) to at least 13.6 (Notebooks-Scripts/nist-lre.md).
///
/// **Rank.** Columns are examined left to right, as R's `lm` (LINPACK `dqrdc2` with limited
/// pivoting) does: column j is aliased when its component orthogonal to the kept columns before
/// it has norm at most `rankTolerance` times its own norm. So of two collinear columns the later
/// one is reported aliased, as R reports it.
///
/// ```swift
/// let ls = try RefinedLeastSquares(matrix: x, rows: n, columns: p, response: y,
///                                  rankTolerance: LinearModel.rankTolerance)
/// ls.keptColumns      // [0, 1, 2]
/// ls.coefficients     // b for the kept columns
/// ```
public struct RefinedLeastSquares: Sendable {
    /// Rows of X.
    public let rowCount: Int
    /// Columns of X, aliased ones included.
    public let columnCount: Int
    /// Indices of the columns of X that were kept (not aliased), ascending.
    public let keptColumns: [Int]
    /// Least-squares coefficients of the kept columns, in X's units.
    public let coefficients: [Double]
    /// Residuals y − Xb, refined.
    public let residuals: [Double]
    /// Refinement steps taken.
    public let refinementSteps: Int
    /// Reciprocal condition number (1-norm) of the column-scaled R; near 0 means ill-conditioned.
    public let reciprocalCondition: Double

    /// The kept columns of X, n × rank, column-major, in X's units.
    let design: [Double]
    /// Powers of two D with X̃ = X D.
    let scales: [Double]
    /// Householder factors of X̃ (R above the diagonal, the reflectors below) and their scalars τ.
    let factors: [Double]
    let tau: [Double]
    let arithmetic: ExtendedArithmetic

    /// Upper limit on refinement steps; convergence normally takes one to three.
    public static let maximumRefinementSteps = 10

    /// The number of kept columns.
    public var rank: Int { keptColumns.count }

    /// Solves min ‖y − Xb‖ over the columns of X that are not aliased.
    ///
    /// - Parameters:
    ///   - matrix: X, `rows` × `columns`, column-major.
    ///   - response: y, of length `rows`.
    ///   - rankTolerance: relative norm below which a column counts as a combination of the
    ///     kept columns before it.
    /// - Throws: ``StatsError/tooFewObservations(observations:parameters:)`` when fewer rows than
    ///   estimable columns; ``StatsError/lapack(routine:info:)`` when LAPACK fails.
    public init(matrix: [Double], rows: Int, columns: Int, response: [Double], rankTolerance: Double) throws {
        try self.init(matrix: matrix, rows: rows, columns: columns, response: response,
                      rankTolerance: rankTolerance, arithmetic: .native)
    }

    init(matrix: [Double], rows n: Int, columns p: Int, response y: [Double], rankTolerance: Double,
         arithmetic: ExtendedArithmetic) throws {
        precondition(matrix.count == n * p, "matrix of \(matrix.count) entries for \(n) × \(p)")
        precondition(y.count == n, "response of length \(y.count) for \(n) rows")
        rowCount = n
        columnCount = p
        self.arithmetic = arithmetic

        var norms = [Double](repeating: 0, count: p)
        var allScales = [Double](repeating: 1, count: p)
        matrix.withUnsafeBufferPointer { xp in
            for j in 0..<p {
                var sum = 0.0
                for i in 0..<n { sum += xp[i + j * n] * xp[i + j * n] }
                norms[j] = sum.squareRoot()
                if norms[j] > 0 && norms[j].isFinite {
                    allScales[j] = Double(sign: .plus, exponent: -norms[j].exponent, significand: 1)
                }
            }
        }

        guard p <= n else { throw StatsError.tooFewObservations(observations: n, parameters: p) }
        // Written once, without zero-filling 8np bytes first; aliased columns are dropped in the
        // same pass that factors the others (``FixedOrder/geqrfDroppingAliased(_:rows:columns:thresholds:)``).
        var a = [Double](unsafeUninitializedCapacity: n * p) { buffer, count in
            matrix.withUnsafeBufferPointer { xp in
                for j in 0..<p {
                    let s = allScales[j]
                    for i in 0..<n { buffer[i + j * n] = xp[i + j * n] * s }
                }
            }
            count = n * p
        }
        let thresholds = (0..<p).map { rankTolerance * norms[$0] * allScales[$0] }
        let (kept, keptTau) = FixedOrder.geqrfDroppingAliased(&a, rows: n, columns: p, thresholds: thresholds)
        let chosen: (factors: [Double], tau: [Double])? = kept.isEmpty ? nil : (Array(a.prefix(n * kept.count)), keptTau)
        keptColumns = kept
        let k = kept.count
        scales = kept.map { allScales[$0] }
        factors = chosen?.factors ?? []
        tau = chosen?.tau ?? []
        design = k == p ? matrix : kept.flatMap { j in matrix[(j * n)..<((j + 1) * n)] }

        guard k > 0 else {
            coefficients = []
            residuals = y
            refinementSteps = 0
            reciprocalCondition = 0
            return
        }
        reciprocalCondition = FixedOrder.reciprocalCondition(upper: Self.upperTriangle(factors, rows: n, order: k), order: k)

        // First solution from the QR, then refinement of the augmented system.
        let qty = FixedOrder.reflectedTop(factors: factors, tau: tau, rows: n, reflectors: k, of: y)
        let scaled = Self.solveUpper(factors, rows: n, order: k, qty)
        let solution = try Self.refine(design: design, scales: scales, factors: factors, tau: tau, rows: n,
                                       y: y, c: nil, start: scaled, arithmetic: arithmetic)
        coefficients = zip(solution.scaledCoefficients, scales).map { $0 * $1 }
        residuals = solution.residuals
        refinementSteps = solution.steps
    }

    /// Refines the solution of [I X̃; X̃ᵀ 0][r; b̃] = [y; D c] from b̃ = `start`.
    static func refine(design: [Double], scales: [Double], factors: [Double], tau: [Double], rows n: Int,
                       y: [Double]?, c: [Double]?, start: [Double],
                       arithmetic: ExtendedArithmetic) throws -> (scaledCoefficients: [Double], residuals: [Double], steps: Int) {
        let k = scales.count
        var b = start
        // The first step starts from r = 0: its f is y − Xb₀ and its correction makes r the
        // projection of that residual, so no separate pass computes r₀.
        var r: [Double]?
        var steps = 0
        var previous = Double.infinity
        while steps < maximumRefinementSteps {
            let (f, g) = arithmetic.augmentedResiduals(x: design, rows: n, columns: k, y: y, c: c, r: r,
                                                       b: zip(b, scales).map { $0 * $1 })
            let gScaled = zip(g, scales).map { $0 * $1 }
            // (Qᵀf)₁; δr = Q[d₁; (Qᵀf)₂] = f − Q[(Qᵀf)₁ − d₁; 0], so (Qᵀf)₂ is never formed.
            let f1 = FixedOrder.reflectedTop(factors: factors, tau: tau, rows: n, reflectors: k, of: f)
            let d1 = solveUpperTransposed(factors, rows: n, order: k, gScaled)
            let u = (0..<k).map { f1[$0] - d1[$0] }
            let db = solveUpper(factors, rows: n, order: k, u)
            var dr = FixedOrder.reflectTop(factors: factors, tau: tau, rows: n, reflectors: k, u)
            for i in 0..<n { dr[i] = f[i] - dr[i] }
            steps += 1
            let size = db.reduce(0) { max($0, abs($1)) }
            let bSize = b.reduce(0) { max($0, abs($1)) }
            if r != nil && !(size < previous) { break }   // stagnation or NaN: keep the last iterate
            for j in 0..<k { b[j] += db[j] }
            if r == nil {
                // The step from r = 0 sets r; its correction of b says nothing about convergence.
                r = dr
                previous = .infinity
            } else {
                for i in 0..<n { r![i] += dr[i] }
                previous = size / 2
            }
            if steps > 1 && size <= Double.ulpOfOne * bSize { break }
        }
        return (b, r ?? [Double](repeating: 0, count: n), steps)
    }

    /// (XᵀX)⁻¹ over the kept columns, rank × rank, column-major, in X's units.
    ///
    /// From R⁻¹R⁻ᵀ of the scaled factorization; when the scaled R is ill-conditioned
    /// (``reciprocalCondition`` below 1e-4, where this loses more than about four of its sixteen
    /// digits) every column is refined as the solution of [I X̃; X̃ᵀ 0][r; z] = [0; −eⱼ].
    public func inverseGram() throws -> [Double] {
        let k = rank
        var gram = gramOfUpperInverse(try scaledRInverse(), order: k)
        if reciprocalCondition < 1e-4 {
            for j in 0..<k {
                var c = [Double](repeating: 0, count: k)
                c[j] = -1 / scales[j]
                let column = try Self.refine(design: design, scales: scales, factors: factors, tau: tau, rows: rowCount,
                                             y: nil, c: c, start: Array(gram[(j * k)..<((j + 1) * k)]),
                                             arithmetic: arithmetic)
                for i in 0..<k { gram[i + j * k] = column.scaledCoefficients[i] }
            }
            for i in 0..<k {
                for j in (i + 1)..<max(i + 1, k) {
                    let mean = (gram[i + j * k] + gram[j + i * k]) / 2
                    gram[i + j * k] = mean
                    gram[j + i * k] = mean
                }
            }
        }
        for j in 0..<k { for i in 0..<k { gram[i + j * k] *= scales[i] * scales[j] } }
        return gram
    }

    /// R⁻¹ of the scaled factorization, rank × rank, upper triangular.
    func scaledRInverse() throws -> [Double] {
        var r = Self.upperTriangle(factors, rows: rowCount, order: rank)
        try FixedOrder.trtriUpper(&r, order: rank)
        return r
    }

    /// Q₁ (n × rank, orthonormal columns) of the scaled factorization; X̃ = Q₁R.
    func thinQ() -> [Double] {
        FixedOrder.explicitQ(factors: factors, tau: tau, rows: rowCount, columns: rank)
    }

    static func upperTriangle(_ factors: [Double], rows n: Int, order k: Int) -> [Double] {
        var r = [Double](repeating: 0, count: k * k)
        for j in 0..<k { for i in 0...j { r[i + j * k] = factors[i + j * n] } }
        return r
    }

    /// Solves R x = v, R the upper triangle of `factors`.
    static func solveUpper(_ factors: [Double], rows n: Int, order k: Int, _ v: [Double]) -> [Double] {
        var x = v
        for i in stride(from: k - 1, through: 0, by: -1) {
            var s = x[i]
            for j in (i + 1)..<max(i + 1, k) { s -= factors[i + j * n] * x[j] }
            x[i] = s / factors[i + i * n]
        }
        return x
    }

    /// Solves Rᵀ x = v, R the upper triangle of `factors`.
    static func solveUpperTransposed(_ factors: [Double], rows n: Int, order k: Int, _ v: [Double]) -> [Double] {
        var x = v
        for i in 0..<k {
            var s = x[i]
            for j in 0..<i { s -= factors[j + i * n] * x[j] }
            x[i] = s / factors[i + i * n]
        }
        return x
    }
}
