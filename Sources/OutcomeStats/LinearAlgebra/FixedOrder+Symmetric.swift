import CFixedOrder
import Foundation

/// Cholesky factors, Gram matrices, matrix–vector products and the symmetric eigenproblem in a
/// fixed order (the jobs of LAPACK `dpotrf`, `dpotrs`, `dsyev` and BLAS `dsyrk`, `dgemv`).
extension FixedOrder {
    /// Factors the symmetric positive-definite n × n `a` in place as a = RᵀR (upper R; the job of
    /// `dpotrf` with `U`): Rᵢⱼ = (aᵢⱼ − R₁..ᵢ₋₁,ᵢ·R₁..ᵢ₋₁,ⱼ)/Rᵢᵢ column by column. The strictly
    /// lower triangle is zeroed, so `a` holds exactly R.
    ///
    /// - Returns: `false` when `a` is not (numerically) positive definite.
    static func potrfUpper(_ a: inout [Double], order n: Int) -> Bool {
        precondition(a.count == n * n, "potrf: \(a.count) entries for a \(n) × \(n) matrix")
        let ok = a.withUnsafeMutableBufferPointer { ap -> Bool in
            let r = ap.baseAddress!
            for j in 0..<n {
                let column = r + j * n
                for i in 0..<j { column[i] = (column[i] - dot(r + i * n, column, count: i)) / r[i + i * n] }
                let d = column[j] - dot(column, column, count: j)
                guard d > 0 else { return false }
                column[j] = d.squareRoot()
            }
            return true
        }
        guard ok else { return false }
        for j in 0..<n { for i in (j + 1)..<max(j + 1, n) { a[i + j * n] = 0 } }
        return true
    }

    /// Factors the symmetric positive-definite n × n `a` (its lower triangle) in place as a = LLᵀ
    /// (the job of `dpotrf` with `L`); the strict upper triangle is left as it was.
    ///
    /// Right-looking by panels of ``choleskyPanel`` columns: a panel is factored column by
    /// column, then the trailing lower triangle is downdated by the panel (a rank-`panel`
    /// update, each entry subtracting its sum over the panel's columns in index order).
    ///
    /// - Returns: `false` when `a` is not (numerically) positive definite.
    static func potrfLower(_ a: UnsafeMutablePointer<Double>, order n: Int) -> Bool {
        var start = 0
        while start < n {
            let end = min(n, start + choleskyPanel)
            // Factor the panel columns start..<end (rows start..<n), left-looking inside the panel.
            for j in start..<end {
                let column = a + j * n
                for k in start..<j { axpy(-a[j + k * n], a + j + k * n, column + j, count: n - j) }
                let d = column[j]
                guard d > 0 else { return false }
                let root = d.squareRoot()
                column[j] = root
                for i in (j + 1)..<max(j + 1, n) { column[i] /= root }
            }
            // Trailing update: A₂₂ ← A₂₂ − L₂₁L₂₁ᵀ, lower triangle, four columns at a time; each
            // entry subtracts Σₖ LᵢₖLⱼₖ summed over the panel in ascending k
            // (``FixedOrder/gemmSubtract(rows:columns:depth:_:_:_:_:into:_:)`` below the 4 × 4
            // diagonal block, the same sums one by one on and below its diagonal).
            if end < n {
                let width = end - start
                let panel = a + start * n
                var j = end
                while j < n {
                    let columns = min(4, n - j)
                    for c in 0..<columns {
                        for i in (j + c)..<(j + columns) {
                            var sum = 0.0
                            for k in 0..<width { sum += panel[i + k * n] * panel[j + c + k * n] }
                            a[i + (j + c) * n] -= sum
                        }
                    }
                    let below = j + columns
                    gemmSubtract(rows: n - below, columns: columns, depth: width, panel + below, n, panel + j, n,
                                 into: a + below + j * n, n)
                    j += columns
                }
            }
            start = end
        }
        return true
    }

    /// C ← C − A Bᵀ for the `rows` × `depth` A and the `columns` × `depth` B (column-major,
    /// leading dimensions `lda`, `ldb`, `ldc`): each entry subtracts its Σₖ AᵢₖBⱼₖ, summed in
    /// ascending k, once (the job of `dgemm`, vectorized across rows so no sum is split).
    @inline(__always)
    static func gemmSubtract(rows m: Int, columns nc: Int, depth kd: Int, _ a: UnsafePointer<Double>, _ lda: Int,
                             _ b: UnsafePointer<Double>, _ ldb: Int, into c: UnsafeMutablePointer<Double>, _ ldc: Int) {
        fo_gemm_nt_subtract(m, nc, kd, a, lda, b, ldb, c, ldc)
    }

    /// Columns per panel of ``potrfLower(_:order:)``.
    static let choleskyPanel = 64

    /// Solves RᵀR x = b with the upper factor of ``potrfUpper(_:order:)`` (the job of `dpotrs`),
    /// `b` (n × columns) overwritten by x.
    static func potrsUpper(_ r: [Double], order n: Int, _ b: inout [Double], columns: Int) {
        precondition(b.count == n * columns, "potrs: \(b.count) entries for \(n) × \(columns)")
        r.withUnsafeBufferPointer { rp in
            b.withUnsafeMutableBufferPointer { bp in
                for column in 0..<columns {
                    solveUpper(rp.baseAddress!, order: n, bp.baseAddress! + column * n, transpose: true)
                    solveUpper(rp.baseAddress!, order: n, bp.baseAddress! + column * n, transpose: false)
                }
            }
        }
    }

    /// C ← βC + α AᵀA for the `rows` × n column-major `a` (the job of `dsyrk`), both triangles of
    /// the n × n `c` filled. β = 0 ignores what `c` held, as BLAS does.
    static func syrkTranspose(_ a: UnsafePointer<Double>, rows: Int, columns n: Int, alpha: Double, beta: Double,
                              _ c: inout [Double]) {
        precondition(c.count == n * n, "syrk: \(c.count) entries for a \(n) × \(n) result")
        for j in 0..<n {
            for i in 0...j {
                let product = alpha * dot(a + i * rows, a + j * rows, count: rows)
                let value = beta == 0 ? product : beta * c[i + j * n] + product
                c[i + j * n] = value
                c[j + i * n] = value
            }
        }
    }

    /// c += AᵀA for the m × k column-major `a`, upper triangle of the k × k `c` only (the job of
    /// `dsyrk`); four entries of a column of C per pass over the rows.
    static func accumulateGram(_ a: UnsafePointer<Double>, rows m: Int, columns k: Int, into c: inout [Double]) {
        guard m > 0, k > 0 else { return }
        c.withUnsafeMutableBufferPointer { cp in
            for j in 0..<k {
                let aj = a + j * m
                var i = 0
                while i + 3 <= j {
                    let (d0, d1, d2, d3) = dot4(a + i * m, a + (i + 1) * m, a + (i + 2) * m, a + (i + 3) * m,
                                                with: aj, count: m)
                    cp[i + j * k] += d0
                    cp[i + 1 + j * k] += d1
                    cp[i + 2 + j * k] += d2
                    cp[i + 3 + j * k] += d3
                    i += 4
                }
                while i + 1 <= j {
                    let (d0, d1) = dot2(a + i * m, a + (i + 1) * m, with: aj, count: m)
                    cp[i + j * k] += d0
                    cp[i + 1 + j * k] += d1
                    i += 2
                }
                if i == j { cp[j + j * k] += dot(aj, aj, count: m) }
            }
        }
    }

    /// AᵀA for the m × k column-major `a`, k × k, both triangles filled.
    static func gram(_ a: [Double], rows m: Int, columns k: Int) -> [Double] {
        var c = [Double](repeating: 0, count: k * k)
        guard m > 0, k > 0 else { return c }
        a.withUnsafeBufferPointer { ap in accumulateGram(ap.baseAddress!, rows: m, columns: k, into: &c) }
        for j in 0..<k { for i in 0..<j { c[j + i * k] = c[i + j * k] } }
        return c
    }

    /// y ← βy + α Aᵀx for the `rows` × `columns` column-major `a` (the job of `dgemv`); β = 0
    /// ignores what `y` held.
    static func gemvTranspose(_ a: UnsafePointer<Double>, rows: Int, columns: Int, _ x: UnsafePointer<Double>,
                              alpha: Double, beta: Double, _ y: UnsafeMutablePointer<Double>) {
        for j in 0..<columns {
            let product = alpha * dot(a + j * rows, x, count: rows)
            y[j] = beta == 0 ? product : beta * y[j] + product
        }
    }

    /// Eigenvalues (ascending) and orthonormal eigenvectors (columns) of the symmetric n × n `a`
    /// (the job of `dsyev`), by cyclic Jacobi rotations in row order until every off-diagonal
    /// entry is below a unit roundoff of its diagonal pair. Meant for the small matrices of
    /// the mixed model's Hessian (n ≤ a few dozen); an eigenvector's sign is arbitrary, as
    /// LAPACK's is.
    ///
    /// - Throws: ``StatsError/lapack(routine:info:)`` when 100 sweeps do not converge.
    static func symmetricEigen(_ a: [Double], order n: Int) throws -> (values: [Double], vectors: [Double]) {
        precondition(a.count == n * n, "syev: \(a.count) entries for a \(n) × \(n) matrix")
        if n == 0 { return ([], []) }
        var m = a
        for j in 0..<n { for i in (j + 1)..<n { m[i + j * n] = m[j + i * n] } }
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i + i * n] = 1 }
        var converged = false
        for _ in 0..<100 {
            var rotated = false
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    let apq = m[p + q * n]
                    let app = m[p + p * n], aqq = m[q + q * n]
                    if apq == 0 { continue }
                    if abs(apq) <= Double.ulpOfOne / 2 * (abs(app) * abs(aqq)).squareRoot() {
                        m[p + q * n] = 0
                        m[q + p * n] = 0
                        continue
                    }
                    rotated = true
                    let theta = (aqq - app) / (2 * apq)
                    let t = Double(signOf: theta, magnitudeOf: 1) / (abs(theta) + hypotenuse(theta, 1))
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let mkp = m[k + p * n], mkq = m[k + q * n]
                        m[k + p * n] = c * mkp - s * mkq
                        m[k + q * n] = s * mkp + c * mkq
                    }
                    for k in 0..<n {
                        let mpk = m[p + k * n], mqk = m[q + k * n]
                        m[p + k * n] = c * mpk - s * mqk
                        m[q + k * n] = s * mpk + c * mqk
                    }
                    m[p + q * n] = 0
                    m[q + p * n] = 0
                    for k in 0..<n {
                        let vkp = v[k + p * n], vkq = v[k + q * n]
                        v[k + p * n] = c * vkp - s * vkq
                        v[k + q * n] = s * vkp + c * vkq
                    }
                }
            }
            if !rotated {
                converged = true
                break
            }
        }
        guard converged else { throw StatsError.lapack(routine: "dsyev", info: n) }
        let order = (0..<n).sorted { (m[$0 + $0 * n], $0) < (m[$1 + $1 * n], $1) }
        let values = order.map { m[$0 + $0 * n] }
        var vectors = [Double](repeating: 0, count: n * n)
        for (target, source) in order.enumerated() {
            for i in 0..<n { vectors[i + target * n] = v[i + source * n] }
        }
        return (values, vectors)
    }
}
