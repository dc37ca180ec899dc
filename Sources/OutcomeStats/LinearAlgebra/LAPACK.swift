import CLapack

/// Thin wrappers over the LAPACK routines OutcomeStats uses: they compute leading dimensions,
/// query workspaces and turn `info` into ``StatsError/lapack(routine:info:)``.
///
/// OpenBLAS splits work by thread count and so may change the last bits of a result between
/// machines with different core counts; the first call pins it to one thread, which also costs
/// nothing at the sizes a regression has (p ≤ a few dozen columns).
enum LAPACK {
    /// Also turns off LAPACKE's scan of every input matrix for NaN: our matrices are checked
    /// when they are built (complete cases, finite function values), and at a million rows the
    /// scan of the n × p factors cost more than applying them.
    private static let singleThreaded: Void = {
        openblas_set_num_threads(1)
        LAPACKE_set_nancheck(0)
    }()

    /// Makes sure OpenBLAS runs single-threaded before any call.
    static func prepare() { _ = singleThreaded }

    private static func char(_ c: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: c)) }

    /// Householder QR of the m × n column-major `a` in place (LAPACK `dgeqrf`); returns τ.
    static func geqrf(_ a: inout [Double], rows m: Int, columns n: Int) throws -> [Double] {
        prepare()
        precondition(a.count == m * n, "geqrf: \(a.count) entries for a \(m) × \(n) matrix")
        var tau = [Double](repeating: 0, count: max(1, min(m, n)))
        let info = a.withUnsafeMutableBufferPointer { ap in
            tau.withUnsafeMutableBufferPointer { tp in
                LAPACKE_dgeqrf(LAPACK_COL_MAJOR, Int32(m), Int32(n), ap.baseAddress, Int32(max(1, m)), tp.baseAddress)
            }
        }
        guard info == 0 else { throw StatsError.lapack(routine: "dgeqrf", info: Int(info)) }
        return tau
    }

    /// Overwrites the m × k column-major `c` by Qᵀc, Q from ``geqrf(_:rows:columns:)`` (`dormqr`).
    static func ormqrTranspose(factors: [Double], tau: [Double], rows m: Int, reflectors k: Int,
                               _ c: inout [Double], columns nc: Int) throws {
        prepare()
        precondition(c.count == m * nc, "ormqr: \(c.count) entries for a \(m) × \(nc) matrix")
        var a = factors
        let info = a.withUnsafeMutableBufferPointer { ap in
            tau.withUnsafeBufferPointer { tp in
                c.withUnsafeMutableBufferPointer { cp in
                    LAPACKE_dormqr(LAPACK_COL_MAJOR, char("L"), char("T"), Int32(m), Int32(nc), Int32(k),
                                   ap.baseAddress, Int32(max(1, m)), tp.baseAddress, cp.baseAddress, Int32(max(1, m)))
                }
            }
        }
        guard info == 0 else { throw StatsError.lapack(routine: "dormqr", info: Int(info)) }
    }

    /// Inverts the n × n upper-triangular `r` in place (`dtrtri`).
    static func trtriUpper(_ r: inout [Double], order n: Int) throws {
        prepare()
        let info = r.withUnsafeMutableBufferPointer { rp in
            LAPACKE_dtrtri(LAPACK_COL_MAJOR, char("U"), char("N"), Int32(n), rp.baseAddress, Int32(max(1, n)))
        }
        guard info == 0 else { throw StatsError.lapack(routine: "dtrtri", info: Int(info)) }
    }

    /// Solves R x = b for upper-triangular n × n `r` (`dtrtrs`), b overwritten by x.
    static func trtrsUpper(_ r: [Double], order n: Int, _ b: inout [Double]) throws {
        prepare()
        var a = r
        let info = a.withUnsafeMutableBufferPointer { ap in
            b.withUnsafeMutableBufferPointer { bp in
                LAPACKE_dtrtrs(LAPACK_COL_MAJOR, char("U"), char("N"), char("N"), Int32(n), 1,
                               ap.baseAddress, Int32(max(1, n)), bp.baseAddress, Int32(max(1, n)))
            }
        }
        guard info == 0 else { throw StatsError.lapack(routine: "dtrtrs", info: Int(info)) }
    }
}
