import CLapack

/// Cholesky, triangular-solve, rank-k update and symmetric eigen wrappers (LAPACK `dpotrf`,
/// `dpotrs`, BLAS `dtrsm`, `dsyrk`, `dgemv`, LAPACK `dsyev`) for the mixed-model code.
/// Matrices are column-major with leading dimension equal to their row count.
extension LAPACK {
    /// Factors the symmetric positive-definite n × n `a` in place as `a = RᵀR` (upper `R`,
    /// `dpotrf` with `U`); the strictly lower triangle is zeroed so `a` holds exactly R.
    ///
    /// - Returns: `false` when `a` is not positive definite (LAPACK `info > 0`).
    static func potrfUpper(_ a: inout [Double], order n: Int) throws -> Bool {
        prepare()
        precondition(a.count == n * n, "potrf: \(a.count) entries for a \(n) × \(n) matrix")
        if n == 0 { return true }
        let info = a.withUnsafeMutableBufferPointer { ap in
            LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), Int32(n), ap.baseAddress, Int32(n))
        }
        if info > 0 { return false }
        guard info == 0 else { throw StatsError.lapack(routine: "dpotrf", info: Int(info)) }
        for j in 0..<n { for i in (j + 1)..<n { a[i + j * n] = 0 } }
        return true
    }

    /// Factors the symmetric positive-definite n × n `a` in place as `a = LLᵀ` (lower `L`,
    /// `dpotrf` with `L`); the upper triangle is left as it was.
    ///
    /// - Returns: `false` when `a` is not positive definite.
    static func potrfLower(_ a: UnsafeMutablePointer<Double>, order n: Int) throws -> Bool {
        prepare()
        if n == 0 { return true }
        let info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), a, Int32(n))
        if info > 0 { return false }
        guard info == 0 else { throw StatsError.lapack(routine: "dpotrf", info: Int(info)) }
        return true
    }

    /// Solves `RᵀR x = b` with the upper factor of ``potrfUpper(_:order:)`` (`dpotrs`), `b`
    /// (n × columns) overwritten by x.
    static func potrsUpper(_ r: [Double], order n: Int, _ b: inout [Double], columns: Int) throws {
        prepare()
        precondition(b.count == n * columns, "potrs: \(b.count) entries for \(n) × \(columns)")
        if n == 0 || columns == 0 { return }
        let info = r.withUnsafeBufferPointer { rp in
            b.withUnsafeMutableBufferPointer { bp in
                LAPACKE_dpotrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), Int32(n), Int32(columns),
                               rp.baseAddress, Int32(n), bp.baseAddress, Int32(n))
            }
        }
        guard info == 0 else { throw StatsError.lapack(routine: "dpotrs", info: Int(info)) }
    }

    /// Solves `op(T) X = B` in place for the n × n triangular `t` (`dtrsm`, left side), where
    /// `op(T)` is T or Tᵀ and T is lower or upper.
    static func trsm(_ t: UnsafePointer<Double>, order n: Int, lower: Bool, transpose: Bool,
                     _ b: UnsafeMutablePointer<Double>, columns: Int) {
        prepare()
        if n == 0 || columns == 0 { return }
        cblas_dtrsm(CblasColMajor, CblasLeft, lower ? CblasLower : CblasUpper, transpose ? CblasTrans : CblasNoTrans,
                    CblasNonUnit, Int32(n), Int32(columns), 1.0, t, Int32(n), b, Int32(n))
    }

    /// `C ← βC + α AᵀA` for the `rows` × n column-major `a`, upper triangle of the n × n `c`
    /// (`dsyrk`); the lower triangle is then filled by symmetry.
    static func syrkTranspose(_ a: UnsafePointer<Double>, rows: Int, columns n: Int, alpha: Double, beta: Double,
                              _ c: inout [Double]) {
        prepare()
        precondition(c.count == n * n, "syrk: \(c.count) entries for a \(n) × \(n) result")
        if n == 0 { return }
        c.withUnsafeMutableBufferPointer { cp in
            cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(n), Int32(rows), alpha, a, Int32(max(1, rows)),
                        beta, cp.baseAddress, Int32(n))
        }
        for j in 0..<n { for i in (j + 1)..<n { c[i + j * n] = c[j + i * n] } }
    }

    /// `y ← βy + α Aᵀx` for the `rows` × `columns` column-major `a` (`dgemv`).
    static func gemvTranspose(_ a: UnsafePointer<Double>, rows: Int, columns: Int, _ x: UnsafePointer<Double>,
                              alpha: Double, beta: Double, _ y: UnsafeMutablePointer<Double>) {
        prepare()
        if rows == 0 || columns == 0 { return }
        cblas_dgemv(CblasColMajor, CblasTrans, Int32(rows), Int32(columns), alpha, a, Int32(rows), x, 1, beta, y, 1)
    }

    /// Eigenvalues (ascending) and orthonormal eigenvectors (columns) of the symmetric n × n `a`
    /// (`dsyev`).
    static func symmetricEigen(_ a: [Double], order n: Int) throws -> (values: [Double], vectors: [Double]) {
        prepare()
        precondition(a.count == n * n, "syev: \(a.count) entries for a \(n) × \(n) matrix")
        if n == 0 { return ([], []) }
        var vectors = a
        var values = [Double](repeating: 0, count: n)
        let info = vectors.withUnsafeMutableBufferPointer { vp in
            values.withUnsafeMutableBufferPointer { wp in
                LAPACKE_dsyev(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")), Int32(n),
                              vp.baseAddress, Int32(n), wp.baseAddress)
            }
        }
        guard info == 0 else { throw StatsError.lapack(routine: "dsyev", info: Int(info)) }
        return (values, vectors)
    }
}
