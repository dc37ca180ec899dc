import Foundation

/// The penalized least-squares problem of a linear mixed model at a given θ (Bates et al. 2015,
/// eq. 11–18): minimize ‖y − Xβ − ZΛ(θ)u‖² + ‖u‖² over β and u.
///
/// With the sparse Cholesky factor L of ΛᵀZᵀZΛ + I, the blocks R_ZX = L⁻¹ΛᵀZᵀX and
/// R_XᵀR_X = XᵀX − R_ZXᵀR_ZX, everything the profiled deviance needs is
/// log|L|², log|R_X|², the penalized residual sum of squares r² and β̂.
protocol PenalizedLeastSquares: Sendable {
    /// Number of observations n.
    var observationCount: Int { get }
    /// Number of fixed-effects columns p.
    var fixedCount: Int { get }
    /// Solves the problem at `theta`.
    ///
    /// - Throws: ``StatsError/mixedModel(_:)`` when XᵀV⁻¹X is not positive definite.
    func solve(theta: [Double]) throws -> PenalizedSolution
    /// The conditional modes b = Λû of every block at `theta` and `beta`: per block, one array of
    /// k values per group (group-major).
    func conditionalModes(theta: [Double], beta: [Double]) throws -> [[Double]]
}

/// What one solve of the penalized least-squares problem yields.
struct PenalizedSolution: Sendable {
    /// log|L|² = log det(ΛᵀZᵀZΛ + I).
    let logDeterminantL: Double
    /// log|R_X|² = log det(XᵀV⁻¹X / σ²).
    let logDeterminantRX: Double
    /// R_X, the upper-triangular p × p factor (column-major) of XᵀX − R_ZXᵀR_ZX.
    let rx: [Double]
    /// β̂ at θ.
    let beta: [Double]
    /// r² = ‖y − Xβ̂ − ZΛû‖² + ‖û‖².
    let penalizedResidualSumOfSquares: Double

    /// Finishes a solve from the downdated cross products: factors `xtvx` = XᵀX − R_ZXᵀR_ZX,
    /// solves for β̂ with `rhs` = Xᵀy − R_ZXᵀc_u and forms r² = `yy` − ‖c_β‖², with
    /// `yy` = yᵀy − ‖c_u‖².
    init(logDeterminantL: Double, xtvx: [Double], rhs: [Double], yy: Double, p: Int) throws {
        var rx = xtvx
        guard FixedOrder.potrfUpper(&rx, order: p) else {
            throw StatsError.mixedModel("the fixed-effects cross-product matrix is not positive definite at this θ; "
                                        + "check the fixed effects for collinear columns")
        }
        // c_β = R_X⁻ᵀ rhs, β̂ = R_X⁻¹ c_β.
        var c = rhs
        rx.withUnsafeBufferPointer { r in
            c.withUnsafeMutableBufferPointer { cp in
                FixedOrder.trsm(r.baseAddress!, order: p, lower: false, transpose: true, cp.baseAddress!, columns: 1)
            }
        }
        var beta = c
        rx.withUnsafeBufferPointer { r in
            beta.withUnsafeMutableBufferPointer { bp in
                FixedOrder.trsm(r.baseAddress!, order: p, lower: false, transpose: false, bp.baseAddress!, columns: 1)
            }
        }
        var logRX = 0.0
        for j in 0..<p { logRX += 2 * Foundation.log(rx[j + j * p]) }
        self.logDeterminantL = logDeterminantL
        self.logDeterminantRX = logRX
        self.rx = rx
        self.beta = beta
        self.penalizedResidualSumOfSquares = yy - c.reduce(0) { $0 + $1 * $1 }
    }

    private init(logDeterminantL: Double, logDeterminantRX: Double, rx: [Double], beta: [Double], penalizedResidualSumOfSquares: Double) {
        self.logDeterminantL = logDeterminantL
        self.logDeterminantRX = logDeterminantRX
        self.rx = rx
        self.beta = beta
        self.penalizedResidualSumOfSquares = penalizedResidualSumOfSquares
    }

    /// The solution of the problem with response y + Xβ₀ given this one for y: β̂ + β₀.
    func shifted(by offset: [Double]) -> PenalizedSolution {
        PenalizedSolution(logDeterminantL: logDeterminantL, logDeterminantRX: logDeterminantRX, rx: rx,
                          beta: zip(beta, offset).map { $0 + $1 }, penalizedResidualSumOfSquares: penalizedResidualSumOfSquares)
    }

    /// (R_XᵀR_X)⁻¹ = R_X⁻¹R_X⁻ᵀ, p × p column-major: Cov(β̂) / σ².
    func unscaledCovariance() throws -> [Double] {
        let p = rx.count == 0 ? 0 : Int(Double(rx.count).squareRoot().rounded())
        var identity = [Double](repeating: 0, count: p * p)
        for j in 0..<p { identity[j + j * p] = 1 }
        FixedOrder.potrsUpper(rx, order: p, &identity, columns: p)
        // Symmetrize the last bits.
        for j in 0..<p { for i in (j + 1)..<p {
            let mean = (identity[i + j * p] + identity[j + i * p]) / 2
            identity[i + j * p] = mean
            identity[j + i * p] = mean
        } }
        return identity
    }
}

/// Small dense helpers for k × k blocks (k is the number of varying effects, typically 1–3).
enum SmallMatrix {
    /// Q = TᵀAT + I for lower-triangular T and symmetric A (k × k, column-major), into `q`.
    @inline(__always)
    static func penalizedBlock(t: UnsafePointer<Double>, a: UnsafePointer<Double>, k: Int,
                               scratch: UnsafeMutablePointer<Double>, into q: UnsafeMutablePointer<Double>) {
        // scratch = A T
        for j in 0..<k {
            for i in 0..<k {
                var s = 0.0
                for l in j..<k { s += a[i + l * k] * t[l + j * k] }
                scratch[i + j * k] = s
            }
        }
        // q = Tᵀ scratch + I
        for j in 0..<k {
            for i in 0..<k {
                var s = 0.0
                for l in i..<k { s += t[l + i * k] * scratch[l + j * k] }
                q[i + j * k] = s + (i == j ? 1 : 0)
            }
        }
    }

    /// In-place lower Cholesky of the k × k positive-definite `q`; returns log det(q).
    @inline(__always)
    static func choleskyLower(_ q: UnsafeMutablePointer<Double>, k: Int) -> Double {
        var logDet = 0.0
        for j in 0..<k {
            var d = q[j + j * k]
            for l in 0..<j { d -= q[j + l * k] * q[j + l * k] }
            let root = d.squareRoot()
            q[j + j * k] = root
            logDet += 2 * Foundation.log(root)
            for i in (j + 1)..<k {
                var s = q[i + j * k]
                for l in 0..<j { s -= q[i + l * k] * q[j + l * k] }
                q[i + j * k] = s / root
            }
            for i in 0..<j { q[i + j * k] = 0 }
        }
        return logDet
    }

    /// Y = L⁻¹Tᵀ for lower-triangular L and T (k × k), into `y` (column-major).
    @inline(__always)
    static func solveLowerTimesTTranspose(l: UnsafePointer<Double>, t: UnsafePointer<Double>, k: Int,
                                          into y: UnsafeMutablePointer<Double>) {
        for j in 0..<k {
            for i in 0..<k {
                var s = t[j + i * k]  // Tᵀ[i, j]
                for m in 0..<i { s -= l[i + m * k] * y[m + j * k] }
                y[i + j * k] = s / l[i + i * k]
            }
        }
    }
}
