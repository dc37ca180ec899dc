/// Triangular solves, inverses and condition numbers in a fixed order (the jobs of LAPACK
/// `dtrtrs`, `dtrtri`, `dtrcon` and BLAS `dtrsm`).
extension FixedOrder {
    /// Solves R x = b in place for the upper-triangular n × n `r` (the job of `dtrtrs`).
    ///
    /// - Throws: ``StatsError/lapack(routine:info:)`` with `info` = j + 1 when Rⱼⱼ = 0.
    static func trtrsUpper(_ r: [Double], order n: Int, _ b: inout [Double]) throws {
        precondition(r.count >= n * n && b.count >= n, "trtrs: \(r.count) and \(b.count) entries for order \(n)")
        if let zero = (0..<n).first(where: { r[$0 + $0 * n] == 0 }) {
            throw StatsError.lapack(routine: "dtrtrs", info: zero + 1)
        }
        r.withUnsafeBufferPointer { rp in
            b.withUnsafeMutableBufferPointer { bp in
                solveUpper(rp.baseAddress!, order: n, bp.baseAddress!, transpose: false)
            }
        }
    }

    /// R x = b (or Rᵀx = b) in place, R upper triangular n × n: back substitution by columns
    /// of R (an axpy each), forward substitution by dot products with R's columns.
    @inline(__always)
    static func solveUpper(_ r: UnsafePointer<Double>, order n: Int, _ b: UnsafeMutablePointer<Double>, transpose: Bool) {
        if transpose {
            for j in 0..<n { b[j] = (b[j] - dot(r + j * n, b, count: j)) / r[j + j * n] }
        } else {
            for j in stride(from: n - 1, through: 0, by: -1) {
                b[j] /= r[j + j * n]
                axpy(-b[j], r + j * n, b, count: j)
            }
        }
    }

    /// L x = b (or Lᵀx = b) in place, L lower triangular n × n.
    @inline(__always)
    static func solveLower(_ l: UnsafePointer<Double>, order n: Int, _ b: UnsafeMutablePointer<Double>, transpose: Bool) {
        if transpose {
            for j in stride(from: n - 1, through: 0, by: -1) {
                let below = n - j - 1
                b[j] = (b[j] - dot(l + j + 1 + j * n, b + j + 1, count: below)) / l[j + j * n]
            }
        } else {
            for j in 0..<n {
                b[j] /= l[j + j * n]
                axpy(-b[j], l + j + 1 + j * n, b + j + 1, count: n - j - 1)
            }
        }
    }

    /// Solves op(T) X = B in place for the n × n triangular `t` and the n × `columns` `b`
    /// (the job of `dtrsm`, left side), op(T) = T or Tᵀ, T lower or upper.
    static func trsm(_ t: UnsafePointer<Double>, order n: Int, lower: Bool, transpose: Bool,
                     _ b: UnsafeMutablePointer<Double>, columns: Int) {
        for column in 0..<columns {
            if lower {
                solveLower(t, order: n, b + column * n, transpose: transpose)
            } else {
                solveUpper(t, order: n, b + column * n, transpose: transpose)
            }
        }
    }

    /// Overwrites the m × k column-major block `b` by B R⁻¹ for the k × k upper-triangular
    /// `r` (the job of `dtrsm`, right side): column j of the result is
    /// (bⱼ − Σ_{i<j} Rᵢⱼ·resultᵢ)·(1/Rⱼⱼ), the sum in ascending i, each row on its own (four
    /// terms per pass over the column, ``axpy4(_:_:_:count:)``). The reciprocal, as reference
    /// BLAS takes it, costs at most one more rounding than a division.
    static func solveRightUpper(_ r: UnsafePointer<Double>, order k: Int, _ b: UnsafeMutablePointer<Double>, rows m: Int) {
        guard m > 0, k > 0 else { return }
        for j in 0..<k {
            let column = b + j * m
            var i = 0
            while i + 4 <= j {
                axpy4((-r[i + j * k], -r[i + 1 + j * k], -r[i + 2 + j * k], -r[i + 3 + j * k]),
                      (UnsafePointer(b + i * m), UnsafePointer(b + (i + 1) * m), UnsafePointer(b + (i + 2) * m),
                       UnsafePointer(b + (i + 3) * m)), column, count: m)
                i += 4
            }
            while i < j {
                axpy(-r[i + j * k], b + i * m, column, count: m)
                i += 1
            }
            let reciprocal = 1 / r[j + j * k]
            for row in 0..<m { column[row] *= reciprocal }
        }
    }

    /// Inverts the n × n upper-triangular `r` in place (the job of `dtrtri`): column j of R⁻¹ is
    /// −(R⁻¹)ⱼⱼ · R⁻¹₁..ⱼ₋₁ R₁..ⱼ₋₁,ⱼ with the leading block already inverted.
    ///
    /// - Throws: ``StatsError/lapack(routine:info:)`` with `info` = j + 1 when Rⱼⱼ = 0.
    static func trtriUpper(_ r: inout [Double], order n: Int) throws {
        precondition(r.count >= n * n, "trtri: \(r.count) entries for order \(n)")
        if let zero = (0..<n).first(where: { r[$0 + $0 * n] == 0 }) {
            throw StatsError.lapack(routine: "dtrtri", info: zero + 1)
        }
        r.withUnsafeMutableBufferPointer { rp in
            let a = rp.baseAddress!
            for j in 0..<n {
                let inverseDiagonal = 1 / a[j + j * n]
                a[j + j * n] = inverseDiagonal
                // x ← (R⁻¹)₁..ⱼ₋₁ x for x = column j above the diagonal: row i uses xᵢ..xⱼ₋₁, so
                // ascending i reads only entries not yet overwritten.
                let x = a + j * n
                for i in 0..<j {
                    var sum = 0.0
                    for l in i..<j { sum += a[i + l * n] * x[l] }
                    x[i] = sum
                }
                for i in 0..<j { x[i] *= -inverseDiagonal }
            }
        }
    }

    /// Reciprocal condition number in the 1-norm of the upper-triangular k × k `r`:
    /// 1/(‖R‖₁‖R⁻¹‖₁), with R⁻¹ formed exactly as ``trtriUpper(_:order:)`` forms it (LAPACK's
    /// `dtrcon` estimates ‖R⁻¹‖₁ instead). 0 when R is singular.
    static func reciprocalCondition(upper r: [Double], order k: Int) -> Double {
        guard k > 0 else { return 0 }
        var inverse = Array(r.prefix(k * k))
        guard (try? trtriUpper(&inverse, order: k)) != nil else { return 0 }
        func oneNorm(_ m: [Double]) -> Double {
            var largest = 0.0
            for j in 0..<k {
                var sum = 0.0
                for i in 0...j { sum += abs(m[i + j * k]) }
                largest = max(largest, sum)
            }
            return largest
        }
        let product = oneNorm(r) * oneNorm(inverse)
        return product.isFinite && product > 0 ? 1 / product : 0
    }
}
