extension ExtendedArithmetic {
    /// Unit roundoff: 2⁻⁶⁴ for `Float80`, 2⁻¹⁰⁴ for double-double (a conservative 106 − 2 bits).
    var unitRoundoff: Double {
        switch self {
        #if arch(x86_64) && !os(Windows) && !os(Android)
        case .float80: 0x1p-64
        #endif
        case .doubleDouble: 0x1p-104
        }
    }

    /// One block of a corrected-seminormal-equations step: for the m × k column-major block X
    /// of the design, its response y and the current coefficients b, the residuals r = y − Xb
    /// accumulated in extended precision (written rounded to `residuals`), and g += Xᵀr with r
    /// unrounded, so g carries the digits a double residual would lose.
    ///
    /// - Parameters:
    ///   - x: m × k, column-major, leading dimension m.
    ///   - y: m responses.
    ///   - b: k coefficients (in the block's units).
    ///   - residuals: room for m values.
    ///   - gradient: k running sums, in double-double.
    func blockResiduals(x: UnsafePointer<Double>, rows m: Int, columns k: Int, y: UnsafePointer<Double>, b: [Double],
                        residuals: UnsafeMutablePointer<Double>, gradient: inout [DoubleDouble]) {
        switch self {
        #if arch(x86_64) && !os(Windows) && !os(Android)
        case .float80: Self.float80BlockResiduals(x: x, m: m, k: k, y: y, b: b, residuals: residuals, gradient: &gradient)
        #endif
        case .doubleDouble: Self.doubleDoubleBlockResiduals(x: x, m: m, k: k, y: y, b: b, residuals: residuals, gradient: &gradient)
        }
    }

    #if arch(x86_64) && !os(Windows) && !os(Android)
    private static func float80BlockResiduals(x: UnsafePointer<Double>, m: Int, k: Int, y: UnsafePointer<Double>, b: [Double],
                                              residuals: UnsafeMutablePointer<Double>, gradient: inout [DoubleDouble]) {
        let b80 = b.map { Float80($0) }
        var r80 = [Float80](repeating: 0, count: m)
        r80.withUnsafeMutableBufferPointer { rp in
            b80.withUnsafeBufferPointer { bp in
                // Four rows at a time: four independent x87 dependency chains.
                var i = 0
                while i + 4 <= m {
                    var a0 = Float80(y[i]), a1 = Float80(y[i + 1]), a2 = Float80(y[i + 2]), a3 = Float80(y[i + 3])
                    var base = i
                    for j in 0..<k {
                        let bj = bp[j]
                        a0 -= Float80(x[base]) * bj
                        a1 -= Float80(x[base + 1]) * bj
                        a2 -= Float80(x[base + 2]) * bj
                        a3 -= Float80(x[base + 3]) * bj
                        base += m
                    }
                    rp[i] = a0; rp[i + 1] = a1; rp[i + 2] = a2; rp[i + 3] = a3
                    i += 4
                }
                while i < m {
                    var a = Float80(y[i])
                    var base = i
                    for j in 0..<k {
                        a -= Float80(x[base]) * bp[j]
                        base += m
                    }
                    rp[i] = a
                    i += 1
                }
            }
            for i in 0..<m { residuals[i] = Double(rp[i]) }
            for j in 0..<k {
                let column = x + j * m
                var s0: Float80 = 0, s1: Float80 = 0, s2: Float80 = 0, s3: Float80 = 0
                var i = 0
                while i + 4 <= m {
                    s0 += Float80(column[i]) * rp[i]
                    s1 += Float80(column[i + 1]) * rp[i + 1]
                    s2 += Float80(column[i + 2]) * rp[i + 2]
                    s3 += Float80(column[i + 3]) * rp[i + 3]
                    i += 4
                }
                while i < m {
                    s0 += Float80(column[i]) * rp[i]
                    i += 1
                }
                let s = (s0 + s1) + (s2 + s3)
                let high = Double(s)
                gradient[j] = gradient[j] + DoubleDouble(high: high, low: Double(s - Float80(high)))
            }
        }
    }
    #endif

    private static func doubleDoubleBlockResiduals(x: UnsafePointer<Double>, m: Int, k: Int, y: UnsafePointer<Double>, b: [Double],
                                                   residuals: UnsafeMutablePointer<Double>, gradient: inout [DoubleDouble]) {
        var high = (0..<m).map { y[$0] }
        var low = [Double](repeating: 0, count: m)
        for j in 0..<k {
            let bj = -b[j]
            let column = x + j * m
            for i in 0..<m {
                let (product, productError) = twoProduct(column[i], bj)
                let (sum, e) = twoSum(high[i], product)
                high[i] = sum
                low[i] += productError + e
            }
        }
        for i in 0..<m {
            (high[i], low[i]) = twoSum(high[i], low[i])
            residuals[i] = high[i]
        }
        for j in 0..<k {
            let column = x + j * m
            var s = 0.0
            var compensation = 0.0
            for i in 0..<m {
                let (p, pe) = twoProduct(column[i], high[i])
                let (t, te) = twoSum(s, p)
                s = t
                compensation += pe + te + column[i] * low[i]
            }
            gradient[j] = gradient[j] + DoubleDouble(high: s, low: compensation)
        }
    }
}
