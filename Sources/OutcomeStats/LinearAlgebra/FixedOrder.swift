import CFixedOrder

/// Dense linear algebra in a fixed order of operations: the same bits on every x86-64 machine,
/// whatever its vector units, and at every thread count.
///
/// OutcomeStats used OpenBLAS for these kernels until it was measured that OpenBLAS picks its
/// kernels by CPU (`OPENBLAS_CORETYPE`), and that the kernels sum in different orders: the same
/// fit differed by 1e-12 relative (least squares, GLM) and by up to 2e-6 (a mixed model's
/// p-value, after 263, 286 or 294 optimizer evaluations) between Prescott, Sandybridge and
/// Haswell kernels on one machine. At the sizes a regression has (p ≤ a few dozen columns),
/// the kernels here are memory-bound level-2 loops that run as fast as OpenBLAS's
/// (see the commit that introduced them and the README's benchmark numbers).
///
/// Every reduction runs in one documented order: ``dot(_:_:count:)`` keeps four partial sums
/// (the lanes of a `SIMD4<Double>`, element i going to lane i mod 4, for i below the last
/// multiple of 4), adds them as (s₀ + s₁) + (s₂ + s₃) and then the tail in index order. The
/// vector kernels are C (`CFixedOrder`): an AVX path holds the four sums in one register and an
/// SSE2 path in two, so both perform the same IEEE operations on every partial sum; neither is
/// compiled with fused multiply-add. Swift contracts no `a * b + c` either, so every rounding is
/// the same on every machine, whichever path its CPU takes. Threads only ever split
/// work into fixed chunks merged in a fixed order (``StreamedLeastSquares``).
///
/// Matrices are column-major with leading dimension equal to their row count, as in LAPACK;
/// each function names the LAPACK routine whose job it does. Shape mistakes are preconditions;
/// an exactly singular triangle is ``StatsError/lapack(routine:info:)`` with LAPACK's `info`.
enum FixedOrder {
    /// Σ aᵢbᵢ over `count` entries, in the fixed order described above.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count n: Int) -> Double {
        n <= 0 ? 0 : fo_dot(a, b, n)
    }

    /// Two dot products against one vector: (Σ aᵢvᵢ, Σ bᵢvᵢ), each ``dot(_:_:count:)``.
    @inline(__always)
    static func dot2(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, with v: UnsafePointer<Double>,
                     count n: Int) -> (Double, Double) {
        (dot(a, v, count: n), dot(b, v, count: n))
    }

    /// Four dot products against one vector in one pass, each in the order of
    /// ``dot(_:_:count:)`` (so each equals its own `dot`, bit for bit).
    @inline(__always)
    static func dot4(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafePointer<Double>,
                     _ d: UnsafePointer<Double>, with v: UnsafePointer<Double>,
                     count n: Int) -> (Double, Double, Double, Double) {
        guard n > 0 else { return (0, 0, 0, 0) }
        var out = (0.0, 0.0, 0.0, 0.0)
        withUnsafeMutableBytes(of: &out) { fo_dot4(a, b, c, d, v, n, $0.baseAddress!.assumingMemoryBound(to: Double.self)) }
        return out
    }

    /// y ← (((y + α₀x₀) + α₁x₁) + α₂x₂) + α₃x₃ entry by entry: four ``axpy(_:_:_:count:)`` calls
    /// in that order, bit for bit, with one pass over y.
    @inline(__always)
    static func axpy4(_ alphas: (Double, Double, Double, Double),
                      _ x: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>),
                      _ y: UnsafeMutablePointer<Double>, count n: Int) {
        guard n > 0 else { return }
        var a = alphas
        withUnsafeBytes(of: &a) { fo_axpy4($0.baseAddress!.assumingMemoryBound(to: Double.self), x.0, x.1, x.2, x.3, y, n) }
    }

    /// yₜ ← yₜ + αₜx for four vectors y₀…y₃ and one x: four ``axpy(_:_:_:count:)`` calls, bit for
    /// bit, reading x once.
    @inline(__always)
    static func axpyInto4(_ alphas: (Double, Double, Double, Double), _ x: UnsafePointer<Double>,
                          _ y: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>,
                                UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>), count n: Int) {
        guard n > 0 else { return }
        var a = alphas
        withUnsafeBytes(of: &a) { fo_axpy_into4($0.baseAddress!.assumingMemoryBound(to: Double.self), x, y.0, y.1, y.2, y.3, n) }
    }

    /// y ← y + αx over `count` entries (each entry on its own: y[i] + α·x[i], two roundings).
    @inline(__always)
    static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count n: Int) {
        if n > 0 { fo_axpy(alpha, x, y, n) }
    }

    /// ‖x‖₂ over `count` entries: the square root of ``dot(_:_:count:)``, or, when that overflows
    /// or underflows, the same sum over x scaled by a power of two near 1/max|xᵢ|.
    static func norm(_ x: UnsafePointer<Double>, count n: Int) -> Double {
        let sum = dot(x, x, count: n)
        if sum.isFinite && (sum == 0 || sum > 1e-290) && sum < 1e290 { return sum.squareRoot() }
        var largest = 0.0
        for i in 0..<n { largest = max(largest, abs(x[i])) }
        guard largest > 0, largest.isFinite else { return largest == 0 ? 0 : (largest.isNaN ? .nan : .infinity) }
        let scale = Double(sign: .plus, exponent: -largest.exponent, significand: 1)
        var scaled = 0.0
        for i in 0..<n {
            let v = x[i] * scale
            scaled += v * v
        }
        return scaled.squareRoot() / scale
    }
}
