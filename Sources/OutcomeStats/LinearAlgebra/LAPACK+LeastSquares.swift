import CLapack

/// The LAPACK and BLAS calls of refined least squares and the sandwich covariances. Unlike the
/// first wrappers in `LAPACK.swift` these never copy the n × p factors: at a million rows a copy
/// costs more than the call.
extension LAPACK {
    private static func flag(_ c: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: c)) }

    /// Householder QR of the m × k column-major `a` in place with one block of k reflectors
    /// (`dgeqrt`, recursive and level-3, where `dgeqrf` factors fewer than 32 columns column by
    /// column); returns T of Q = I − V T Vᵀ, k × k, whose diagonal holds the reflector scalars τ.
    static func blockedQR(_ a: inout [Double], rows m: Int, columns k: Int) throws -> [Double] {
        prepare()
        precondition(a.count == m * k && m >= k, "dgeqrt: \(a.count) entries for a \(m) × \(k) matrix")
        var t = [Double](repeating: 0, count: max(1, k * k))
        guard k > 0 else { return t }
        let info = a.withUnsafeMutableBufferPointer { ap in
            t.withUnsafeMutableBufferPointer { tp in
                LAPACKE_dgeqrt(LAPACK_COL_MAJOR, Int32(m), Int32(k), Int32(k), ap.baseAddress, Int32(max(1, m)),
                               tp.baseAddress, Int32(k))
            }
        }
        guard info == 0 else { throw StatsError.lapack(routine: "dgeqrt", info: Int(info)) }
        return t
    }

    /// The first k entries of Qᵀc, Q = I − V T Vᵀ with V the unit lower trapezoidal reflectors
    /// stored below the diagonal of `factors`: (Qᵀc)₁ = c₁ − V₁Tᵀ(Vᵀc). One `dgemv` pass over the
    /// tall part of V.
    static func reflectedTop(factors: [Double], t: [Double], rows m: Int, reflectors k: Int, of c: [Double]) -> [Double] {
        prepare()
        precondition(c.count == m && m >= k, "block reflector: vector of \(c.count) entries for \(m) rows")
        guard k > 0 else { return [] }
        // w = V₁ᵀc₁ + V₂ᵀc₂, V₁ unit lower triangular (k × k), V₂ the rows k..<m.
        var w = [Double](repeating: 0, count: k)
        for j in 0..<k {
            var s = c[j]
            for i in (j + 1)..<max(j + 1, k) { s += factors[i + j * m] * c[i] }
            w[j] = s
        }
        if m > k {
            factors.withUnsafeBufferPointer { vp in
                c.withUnsafeBufferPointer { cp in
                    w.withUnsafeMutableBufferPointer { wp in
                        cblas_dgemv(CblasColMajor, CblasTrans, Int32(m - k), Int32(k), 1.0, vp.baseAddress! + k, Int32(m),
                                    cp.baseAddress! + k, 1, 1.0, wp.baseAddress, 1)
                    }
                }
            }
        }
        // z = Tᵀw (T upper triangular), then c₁ − V₁z.
        var z = [Double](repeating: 0, count: k)
        for i in 0..<k {
            var s = 0.0
            for j in 0...i { s += t[j + i * k] * w[j] }
            z[i] = s
        }
        return (0..<k).map { i in
            var s = z[i]
            for j in 0..<i { s += factors[i + j * m] * z[j] }
            return c[i] - s
        }
    }

    /// Q[u; 0] for a length-k `u`, Q = I − V T Vᵀ: [u; 0] − V T V₁ᵀu, one `dgemv` pass over the
    /// tall part of V.
    static func reflectTop(factors: [Double], t: [Double], rows m: Int, reflectors k: Int, _ u: [Double]) -> [Double] {
        prepare()
        precondition(u.count == k && m >= k, "block reflector: \(u.count) entries for \(k) reflectors")
        var result = [Double](repeating: 0, count: m)
        guard k > 0 else { return result }
        // z = V₁ᵀu, w = Tz.
        var z = [Double](repeating: 0, count: k)
        for j in 0..<k {
            var s = u[j]
            for i in (j + 1)..<k { s += factors[i + j * m] * u[i] }
            z[j] = s
        }
        var w = [Double](repeating: 0, count: k)
        for i in 0..<k {
            var s = 0.0
            for j in i..<k { s += t[i + j * k] * z[j] }
            w[i] = s
        }
        for i in 0..<k {
            var s = w[i]
            for j in 0..<i { s += factors[i + j * m] * w[j] }
            result[i] = u[i] - s
        }
        if m > k {
            factors.withUnsafeBufferPointer { vp in
                w.withUnsafeBufferPointer { wp in
                    result.withUnsafeMutableBufferPointer { rp in
                        cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(m - k), Int32(k), -1.0, vp.baseAddress! + k, Int32(m),
                                    wp.baseAddress, 1, 0.0, rp.baseAddress! + k, 1)
                    }
                }
            }
        }
        return result
    }

    /// The m × k matrix Q₁ with orthonormal columns from a `dgeqrf` factorization (`dorgqr`).
    static func explicitQ(factors: [Double], tau: [Double], rows m: Int, columns k: Int) throws -> [Double] {
        prepare()
        var q = Array(factors[0..<(m * k)])
        let info = q.withUnsafeMutableBufferPointer { qp in
            tau.withUnsafeBufferPointer { tp in
                LAPACKE_dorgqr(LAPACK_COL_MAJOR, Int32(m), Int32(k), Int32(k), qp.baseAddress, Int32(max(1, m)), tp.baseAddress)
            }
        }
        guard info == 0 else { throw StatsError.lapack(routine: "dorgqr", info: Int(info)) }
        return q
    }

    /// AᵀA for the m × k column-major `a` (`dsyrk`), k × k, both triangles filled.
    static func gram(_ a: [Double], rows m: Int, columns k: Int) -> [Double] {
        prepare()
        var c = [Double](repeating: 0, count: k * k)
        guard m > 0, k > 0 else { return c }
        a.withUnsafeBufferPointer { ap in
            c.withUnsafeMutableBufferPointer { cp in
                cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(k), Int32(m), 1.0,
                            ap.baseAddress, Int32(m), 0.0, cp.baseAddress, Int32(k))
            }
        }
        for j in 0..<k { for i in 0..<j { c[j + i * k] = c[i + j * k] } }
        return c
    }

    /// Overwrites the m × k column-major block `b` by B R⁻¹ for the k × k upper-triangular
    /// column-major `r` (`dtrsm`, right side): the rows of Q₁ = X̃R⁻¹ for a block of rows of X̃.
    static func solveRightUpper(_ r: UnsafePointer<Double>, order k: Int, _ b: UnsafeMutablePointer<Double>, rows m: Int) {
        prepare()
        guard m > 0, k > 0 else { return }
        cblas_dtrsm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, Int32(m), Int32(k), 1.0,
                    r, Int32(k), b, Int32(m))
    }

    /// c += AᵀA for the m × k column-major `a` (`dsyrk`), upper triangle of the k × k `c` only.
    static func accumulateGram(_ a: UnsafePointer<Double>, rows m: Int, columns k: Int, into c: inout [Double]) {
        prepare()
        guard m > 0, k > 0 else { return }
        c.withUnsafeMutableBufferPointer { cp in
            cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(k), Int32(m), 1.0,
                        a, Int32(m), 1.0, cp.baseAddress, Int32(k))
        }
    }

    /// Reciprocal condition number of the upper-triangular k × k `r` in the 1-norm (`dtrcon`).
    static func reciprocalCondition(upper r: [Double], order k: Int) throws -> Double {
        prepare()
        var rcond = 0.0
        let info = r.withUnsafeBufferPointer { rp in
            LAPACKE_dtrcon(LAPACK_COL_MAJOR, flag("1"), flag("U"), flag("N"), Int32(k), rp.baseAddress, Int32(max(1, k)), &rcond)
        }
        guard info == 0 else { throw StatsError.lapack(routine: "dtrcon", info: Int(info)) }
        return rcond
    }
}
