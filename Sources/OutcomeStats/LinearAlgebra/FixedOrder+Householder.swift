/// Householder QR in a fixed order (the jobs of LAPACK `dgeqrf`, `dtpqrt`, `dormqr`, `dorgqr`).
///
/// Reflectors follow LAPACK's conventions (`dlarfg`): H = I − τ v vᵀ with v₁ = 1, the rest of v
/// stored below the diagonal, and β = −sign(α)·‖[α; x]‖ on the diagonal, so factors and τ can
/// be read as LAPACK's would be. Columns are updated four at a time (``FixedOrder/dot4(_:_:_:_:with:count:)``,
/// ``FixedOrder/axpyInto4(_:_:_:count:)``), which reads each reflector once for four columns and
/// gives the same bits as one at a time.
extension FixedOrder {
    /// √(a² + b²) without overflow or harmful underflow (LAPACK `dlapy2`); deterministic
    /// because every operation is a correctly rounded IEEE one.
    static func hypotenuse(_ a: Double, _ b: Double) -> Double {
        let x = abs(a), y = abs(b)
        let larger = max(x, y), smaller = min(x, y)
        guard larger > 0, larger.isFinite else { return larger.isNaN || smaller.isNaN ? .nan : larger }
        let ratio = smaller / larger
        return larger * (1 + ratio * ratio).squareRoot()
    }

    /// Generates the reflector that maps [α; x] to [β; 0] (`dlarfg`): x is overwritten by v's
    /// tail, α by β; returns τ (0 when x is already 0, H = I).
    @inline(__always)
    static func reflector(alpha: inout Double, _ x: UnsafeMutablePointer<Double>, count n: Int) -> Double {
        let xNorm = norm(x, count: n)
        guard xNorm != 0 else { return 0 }
        let beta = -Double(signOf: alpha, magnitudeOf: hypotenuse(alpha, xNorm))
        let tau = (beta - alpha) / beta
        let scale = 1 / (alpha - beta)
        for i in 0..<n { x[i] *= scale }
        alpha = beta
        return tau
    }

    /// Applies H = I − τ[1; v][1; v]ᵀ to the columns `first..<end` of a matrix whose column c has
    /// its head at `head + c * headStride` and its tail (the `count` rows v acts on) at
    /// `tail + c * tailStride`.
    @inline(__always)
    static func applyReflector(tau: Double, _ v: UnsafePointer<Double>, count n: Int,
                               heads: UnsafeMutablePointer<Double>, headStride: Int,
                               tails: UnsafeMutablePointer<Double>, tailStride: Int, columns: Range<Int>) {
        guard tau != 0 else { return }
        var c = columns.lowerBound
        while c + 4 <= columns.upperBound {
            let t0 = tails + c * tailStride, t1 = tails + (c + 1) * tailStride
            let t2 = tails + (c + 2) * tailStride, t3 = tails + (c + 3) * tailStride
            let (d0, d1, d2, d3) = dot4(t0, t1, t2, t3, with: v, count: n)
            let w0 = heads[c * headStride] + d0, w1 = heads[(c + 1) * headStride] + d1
            let w2 = heads[(c + 2) * headStride] + d2, w3 = heads[(c + 3) * headStride] + d3
            heads[c * headStride] -= tau * w0
            heads[(c + 1) * headStride] -= tau * w1
            heads[(c + 2) * headStride] -= tau * w2
            heads[(c + 3) * headStride] -= tau * w3
            axpyInto4((-tau * w0, -tau * w1, -tau * w2, -tau * w3), v, (t0, t1, t2, t3), count: n)
            c += 4
        }
        while c + 2 <= columns.upperBound {
            let t0 = tails + c * tailStride, t1 = tails + (c + 1) * tailStride
            let (d0, d1) = dot2(t0, t1, with: v, count: n)
            let w0 = heads[c * headStride] + d0
            let w1 = heads[(c + 1) * headStride] + d1
            heads[c * headStride] -= tau * w0
            heads[(c + 1) * headStride] -= tau * w1
            axpy(-tau * w0, v, t0, count: n)
            axpy(-tau * w1, v, t1, count: n)
            c += 2
        }
        if c < columns.upperBound {
            let t0 = tails + c * tailStride
            let w0 = heads[c * headStride] + dot(t0, v, count: n)
            heads[c * headStride] -= tau * w0
            axpy(-tau * w0, v, t0, count: n)
        }
    }

    /// Householder QR of the m × n column-major `a` in place (the job of `dgeqrf`): R on and
    /// above the diagonal, the reflectors' tails below it; returns τ.
    static func geqrf(_ a: inout [Double], rows m: Int, columns n: Int) throws -> [Double] {
        precondition(a.count == m * n, "geqrf: \(a.count) entries for a \(m) × \(n) matrix")
        var tau = [Double](repeating: 0, count: max(1, min(m, n)))
        a.withUnsafeMutableBufferPointer { ap in
            let base = ap.baseAddress!
            for j in 0..<min(m, n) {
                let tail = m - j - 1
                var alpha = base[j + j * m]
                let v = base + j + 1 + j * m
                tau[j] = reflector(alpha: &alpha, v, count: tail)
                base[j + j * m] = alpha
                applyReflector(tau: tau[j], v, count: tail, heads: base + j, headStride: m,
                               tails: base + j + 1, tailStride: m, columns: (j + 1)..<n)
            }
        }
        return tau
    }

    /// Householder QR with the limited pivoting of R's `lm` (LINPACK `dqrdc2`): columns left to
    /// right, column j dropped as aliased when the norm of its part orthogonal to the kept columns
    /// before it, |Rⱼⱼ|, is not above `thresholds[j]` (NaN counts as aliased). One pass: a dropped
    /// column receives no further reflectors and influences nothing, so the kept columns' factors
    /// are bit for bit those of ``geqrf(_:rows:columns:)`` on the kept columns alone.
    ///
    /// - Returns: the kept columns (ascending) and their τ; `a`'s first m × rank entries hold the
    ///   factors of the kept columns (the rest is scratch).
    static func geqrfDroppingAliased(_ a: inout [Double], rows m: Int, columns n: Int,
                                     thresholds: [Double]) -> (kept: [Int], tau: [Double]) {
        precondition(a.count == m * n && thresholds.count == n, "geqrf: \(a.count) entries for a \(m) × \(n) matrix")
        var kept: [Int] = []
        var tau: [Double] = []
        a.withUnsafeMutableBufferPointer { ap in
            let base = ap.baseAddress!
            for j in 0..<n {
                let r = kept.count
                guard r < m else { break }
                let column = base + j * m
                let tail = m - r - 1
                let magnitude = hypotenuse(column[r], norm(column + r + 1, count: tail))
                guard magnitude > thresholds[j] else { continue }
                let target = base + r * m
                if r != j { target.update(from: column, count: m) }
                var alpha = target[r]
                let v = target + r + 1
                let t = reflector(alpha: &alpha, v, count: tail)
                target[r] = alpha
                tau.append(t)
                kept.append(j)
                applyReflector(tau: t, v, count: tail, heads: base + r, headStride: m,
                               tails: base + r + 1, tailStride: m, columns: (j + 1)..<n)
            }
        }
        return (kept, tau)
    }

    /// Replaces the k × k upper-triangular `r` by the R factor of the stacked matrix [R; B], B the
    /// m × k column-major `block`, overwritten by the reflectors (the job of `dtpqrt` with l = 0).
    ///
    /// Starting from R = 0 and stacking every block of rows of X in turn gives the R of X's
    /// Householder QR (up to the signs of its rows) without storing X.
    static func stackedQR(_ r: UnsafeMutablePointer<Double>, order k: Int, block: UnsafeMutablePointer<Double>, rows m: Int) {
        guard k > 0, m > 0 else { return }
        for j in 0..<k {
            var alpha = r[j + j * k]
            let v = block + j * m
            let tau = reflector(alpha: &alpha, v, count: m)
            r[j + j * k] = alpha
            applyReflector(tau: tau, v, count: m, heads: r + j, headStride: k, tails: block, tailStride: m,
                           columns: (j + 1)..<k)
        }
    }

    /// The reflectors of a ``geqrf(_:rows:columns:)`` factorization applied to the length-m
    /// vector `w` in place: Qᵀw (`transpose`, H₁ first) or Qw (H_k first).
    static func applyQ(factors: UnsafePointer<Double>, tau: [Double], rows m: Int, reflectors k: Int,
                       _ w: UnsafeMutablePointer<Double>, transpose: Bool) {
        let order: [Int] = transpose ? Array(0..<k) : Array((0..<k).reversed())
        for j in order where tau[j] != 0 {
            let tail = m - j - 1
            let v = factors + j + 1 + j * m
            let s = w[j] + dot(v, w + j + 1, count: tail)
            w[j] -= tau[j] * s
            axpy(-tau[j] * s, v, w + j + 1, count: tail)
        }
    }

    /// Overwrites the m × nc column-major `c` by Qᵀc, Q from ``geqrf(_:rows:columns:)`` (the job of `dormqr`).
    static func ormqrTranspose(factors: [Double], tau: [Double], rows m: Int, reflectors k: Int,
                               _ c: inout [Double], columns nc: Int) {
        precondition(c.count == m * nc, "ormqr: \(c.count) entries for a \(m) × \(nc) matrix")
        factors.withUnsafeBufferPointer { fp in
            c.withUnsafeMutableBufferPointer { cp in
                for column in 0..<nc {
                    applyQ(factors: fp.baseAddress!, tau: tau, rows: m, reflectors: k, cp.baseAddress! + column * m,
                           transpose: true)
                }
            }
        }
    }

    /// The first k entries of Qᵀc for a length-m `c`.
    static func reflectedTop(factors: [Double], tau: [Double], rows m: Int, reflectors k: Int, of c: [Double]) -> [Double] {
        precondition(c.count == m && m >= k, "reflectors: vector of \(c.count) entries for \(m) rows")
        var w = c
        factors.withUnsafeBufferPointer { fp in
            w.withUnsafeMutableBufferPointer { wp in
                applyQ(factors: fp.baseAddress!, tau: tau, rows: m, reflectors: k, wp.baseAddress!, transpose: true)
            }
        }
        return Array(w.prefix(k))
    }

    /// Q[u; 0] for a length-k `u`, a vector of length m.
    static func reflectTop(factors: [Double], tau: [Double], rows m: Int, reflectors k: Int, _ u: [Double]) -> [Double] {
        precondition(u.count == k && m >= k, "reflectors: \(u.count) entries for \(k) reflectors")
        var w = [Double](repeating: 0, count: m)
        for i in 0..<k { w[i] = u[i] }
        factors.withUnsafeBufferPointer { fp in
            w.withUnsafeMutableBufferPointer { wp in
                applyQ(factors: fp.baseAddress!, tau: tau, rows: m, reflectors: k, wp.baseAddress!, transpose: false)
            }
        }
        return w
    }

    /// The m × k matrix Q₁ with orthonormal columns from a ``geqrf(_:rows:columns:)``
    /// factorization (the job of `dorgqr`): H₁⋯H_k applied to [I; 0], H_k first.
    static func explicitQ(factors: [Double], tau: [Double], rows m: Int, columns k: Int) -> [Double] {
        var q = [Double](repeating: 0, count: m * k)
        for j in 0..<k { q[j + j * m] = 1 }
        factors.withUnsafeBufferPointer { fp in
            q.withUnsafeMutableBufferPointer { qp in
                let base = qp.baseAddress!
                for j in (0..<k).reversed() {
                    let tail = m - j - 1
                    applyReflector(tau: tau[j], fp.baseAddress! + j + 1 + j * m, count: tail,
                                   heads: base + j, headStride: m, tails: base + j + 1, tailStride: m, columns: j..<k)
                }
            }
        }
        return q
    }
}
