/// The extended-precision arithmetic that accumulates residuals in refined least squares and
/// sums in the descriptive statistics.
///
/// On x86-64 it is the x87 80-bit `Float80` (64-bit significand, 11 bits more than `Double`);
/// elsewhere, where Swift has no `Float80`, it is double-double arithmetic (a pair of doubles,
/// error-free transformations with fused multiply-add, about 106 bits), which is at least as
/// accurate and is also compiled and tested on x86-64.
enum ExtendedArithmetic: Sendable, CaseIterable {
    #if arch(x86_64) && !os(Windows) && !os(Android)
    /// The x87 80-bit format.
    case float80
    #endif
    /// Pairs of doubles (Dekker/Knuth two-sum and fma two-product; Ogita–Rump–Oishi Dot2).
    case doubleDouble

    /// The arithmetic used by default on this machine.
    static var native: ExtendedArithmetic {
        #if arch(x86_64) && !os(Windows) && !os(Android)
        .float80
        #else
        .doubleDouble
        #endif
    }

    /// The residuals of the augmented system [I X; Xᵀ 0][r; b] = [y; c]:
    /// f = y − r − Xb and g = c − Xᵀr, each accumulated in extended precision and rounded once.
    /// One pass over X computes both (each xᵢⱼ is read once).
    ///
    /// - Parameters:
    ///   - x: the n × p column-major matrix.
    ///   - y: the first right-hand side (`nil` for zero).
    ///   - c: the second right-hand side (`nil` for zero).
    ///   - r: the current residual (`nil` for zero: then g = c).
    func augmentedResiduals(x: [Double], rows n: Int, columns p: Int, y: [Double]?, c: [Double]?,
                            r: [Double]?, b: [Double]) -> (f: [Double], g: [Double]) {
        switch self {
        #if arch(x86_64) && !os(Windows) && !os(Android)
        case .float80: return Self.float80Residuals(x: x, n: n, p: p, y: y, c: c, r: r, b: b)
        #endif
        case .doubleDouble: return Self.doubleDoubleResiduals(x: x, n: n, p: p, y: y, c: c, r: r, b: b)
        }
    }

    /// Σ values, accumulated in extended precision, with the sum of squared deviations from the
    /// mean Σ(vᵢ − v̄)² in a second pass (the mean held in extended precision).
    func sumAndCentredSquares(_ values: [Double]) -> (sum: Double, mean: Double, centredSquares: Double) {
        let n = values.count
        guard n > 0 else { return (0, .nan, .nan) }
        switch self {
        #if arch(x86_64) && !os(Windows) && !os(Android)
        case .float80:
            var sum: Float80 = 0
            for v in values { sum += Float80(v) }
            let mean = sum / Float80(n)
            var squares: Float80 = 0
            var deviationSum: Float80 = 0
            for v in values {
                let d = Float80(v) - mean
                squares += d * d
                deviationSum += d
            }
            // Corrected two-pass formula (Chan, Golub & LeVeque): removes the mean's rounding.
            squares -= deviationSum * deviationSum / Float80(n)
            return (Double(sum), Double(mean), Double(squares))
        #endif
        case .doubleDouble:
            var sum = DoubleDouble(0)
            for v in values { sum = sum + v }
            let mean = sum / Double(n)
            var squares = DoubleDouble(0)
            var deviationSum = DoubleDouble(0)
            for v in values {
                let d = DoubleDouble(v) - mean
                squares = squares + d * d
                deviationSum = deviationSum + d
            }
            squares = squares - deviationSum * deviationSum / Double(n)
            return (sum.value, mean.value, squares.value)
        }
    }

    /// Σ wᵢ(yᵢ − rᵢ − m)² with m = Σ wᵢ(yᵢ − rᵢ) / Σ wᵢ (or m = 0 when `centred` is false), every
    /// difference and sum in extended precision: the model sum of squares of the fitted values
    /// y − r without rounding them first (it keeps SmLs07–09's F statistic, whose responses are
    /// 10¹² + a few tenths).
    func modelSumOfSquares(y: [Double], r: [Double], weights: [Double]?, centred: Bool) -> Double {
        let n = y.count
        switch self {
        #if arch(x86_64) && !os(Windows) && !os(Android)
        case .float80:
            var mean: Float80 = 0
            if centred {
                var sum: Float80 = 0
                var total: Float80 = 0
                for i in 0..<n {
                    let w = Float80(weights?[i] ?? 1)
                    sum += w * (Float80(y[i]) - Float80(r[i]))
                    total += w
                }
                mean = sum / total
            }
            var squares: Float80 = 0
            for i in 0..<n {
                let d = Float80(y[i]) - Float80(r[i]) - mean
                squares += Float80(weights?[i] ?? 1) * d * d
            }
            return Double(squares)
        #endif
        case .doubleDouble:
            var mean = DoubleDouble(0)
            if centred {
                var sum = DoubleDouble(0)
                var total = DoubleDouble(0)
                for i in 0..<n {
                    let w = DoubleDouble(weights?[i] ?? 1)
                    sum = sum + w * (DoubleDouble(y[i]) - DoubleDouble(r[i]))
                    total = total + w
                }
                mean = sum / total.value
            }
            var squares = DoubleDouble(0)
            for i in 0..<n {
                let d = DoubleDouble(y[i]) - DoubleDouble(r[i]) - mean
                squares = squares + DoubleDouble(weights?[i] ?? 1) * d * d
            }
            return squares.value
        }
    }

    /// Σ vᵢ², accumulated in extended precision.
    func sumOfSquares(_ v: [Double]) -> Double {
        switch self {
        #if arch(x86_64) && !os(Windows) && !os(Android)
        case .float80:
            var s: Float80 = 0
            for x in v { s += Float80(x) * Float80(x) }
            return Double(s)
        #endif
        case .doubleDouble:
            var s = DoubleDouble(0)
            for x in v { s = s + DoubleDouble(x) * DoubleDouble(x) }
            return s.value
        }
    }

    #if arch(x86_64) && !os(Windows) && !os(Android)
    private static func float80Residuals(x: [Double], n: Int, p: Int, y: [Double]?, c: [Double]?,
                                         r: [Double]?, b: [Double]) -> (f: [Double], g: [Double]) {
        var f = [Double](repeating: 0, count: n)
        var g = c ?? [Double](repeating: 0, count: p)
        let zeros = [Double](repeating: 0, count: r == nil ? n : 0)
        // Rows in blocks of 2048: fᵢ is accumulated row by row in an x87 register (no 80-bit
        // store per term), then each column's share of g is summed over the block while it is
        // still in cache, so X is read from memory once.
        let blockRows = 2048
        var g80 = g.map { Float80($0) }
        let b80 = b.map { Float80($0) }
        x.withUnsafeBufferPointer { xp in
            (r ?? zeros).withUnsafeBufferPointer { rp in
                b80.withUnsafeBufferPointer { bp in
                    for start in stride(from: 0, to: n, by: blockRows) {
                        let m = min(blockRows, n - start)
                        // Four rows at a time: four independent x87 dependency chains.
                        var i = start
                        let end = start + m
                        while i + 4 <= end {
                            var a0: Float80 = (y.map { Float80($0[i]) } ?? 0) - Float80(rp[i])
                            var a1: Float80 = (y.map { Float80($0[i + 1]) } ?? 0) - Float80(rp[i + 1])
                            var a2: Float80 = (y.map { Float80($0[i + 2]) } ?? 0) - Float80(rp[i + 2])
                            var a3: Float80 = (y.map { Float80($0[i + 3]) } ?? 0) - Float80(rp[i + 3])
                            var base = i
                            for j in 0..<p {
                                let bj = bp[j]
                                a0 -= Float80(xp[base]) * bj
                                a1 -= Float80(xp[base + 1]) * bj
                                a2 -= Float80(xp[base + 2]) * bj
                                a3 -= Float80(xp[base + 3]) * bj
                                base += n
                            }
                            f[i] = Double(a0)
                            f[i + 1] = Double(a1)
                            f[i + 2] = Double(a2)
                            f[i + 3] = Double(a3)
                            i += 4
                        }
                        while i < end {
                            var a: Float80 = (y.map { Float80($0[i]) } ?? 0) - Float80(rp[i])
                            var base = i
                            for j in 0..<p {
                                a -= Float80(xp[base]) * bp[j]
                                base += n
                            }
                            f[i] = Double(a)
                            i += 1
                        }
                        guard r != nil else { continue }
                        for j in 0..<p {
                            let base = j * n
                            var s0: Float80 = 0, s1: Float80 = 0, s2: Float80 = 0, s3: Float80 = 0
                            var i = start
                            while i + 4 <= end {
                                s0 += Float80(xp[base + i]) * Float80(rp[i])
                                s1 += Float80(xp[base + i + 1]) * Float80(rp[i + 1])
                                s2 += Float80(xp[base + i + 2]) * Float80(rp[i + 2])
                                s3 += Float80(xp[base + i + 3]) * Float80(rp[i + 3])
                                i += 4
                            }
                            while i < end {
                                s0 += Float80(xp[base + i]) * Float80(rp[i])
                                i += 1
                            }
                            g80[j] -= (s0 + s1) + (s2 + s3)
                        }
                    }
                }
            }
        }
        for j in 0..<p { g[j] = Double(g80[j]) }
        return (f, g)
    }
    #endif

    private static func doubleDoubleResiduals(x: [Double], n: Int, p: Int, y: [Double]?, c: [Double]?,
                                              r: [Double]?, b: [Double]) -> (f: [Double], g: [Double]) {
        var f = [Double](repeating: 0, count: n)
        var g = c ?? [Double](repeating: 0, count: p)
        let zeros = [Double](repeating: 0, count: r == nil ? n : 0)
        x.withUnsafeBufferPointer { xp in
            (r ?? zeros).withUnsafeBufferPointer { rp in
                var high = y ?? [Double](repeating: 0, count: n)
                var low = [Double](repeating: 0, count: n)
                for i in 0..<n {
                    let (s, e) = twoSum(high[i], -rp[i])
                    high[i] = s
                    low[i] = e
                }
                for j in 0..<p {
                    let bj = -b[j]
                    let base = j * n
                    var s = g[j]
                    var compensation = 0.0
                    for i in 0..<n {
                        let xij = xp[base + i]
                        let (product, productError) = twoProduct(xij, bj)
                        let (sum, e) = twoSum(high[i], product)
                        high[i] = sum
                        low[i] += productError + e
                        if r != nil {
                            let (gp, gpError) = twoProduct(xij, -rp[i])
                            let (gs, ge) = twoSum(s, gp)
                            s = gs
                            compensation += gpError + ge
                        }
                    }
                    g[j] = s + compensation
                }
                for i in 0..<n { f[i] = high[i] + low[i] }
            }
        }
        return (f, g)
    }
}

/// a + b = s + e exactly (Knuth's two-sum).
@inline(__always) func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
    let s = a + b
    let bb = s - a
    return (s, (a - (s - bb)) + (b - bb))
}

/// a · b = p + e exactly (fused multiply-add).
@inline(__always) func twoProduct(_ a: Double, _ b: Double) -> (Double, Double) {
    let p = a * b
    return (p, (-p).addingProduct(a, b))
}

/// An unevaluated sum high + low of two doubles with |low| ≤ ulp(high)/2: about 106 bits.
struct DoubleDouble: Sendable {
    var high: Double
    var low: Double

    init(_ value: Double) { high = value; low = 0 }
    init(high: Double, low: Double) { (self.high, self.low) = twoSum(high, low) }

    /// The nearest double.
    var value: Double { high + low }

    static func + (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let (s, e) = twoSum(a.high, b.high)
        return DoubleDouble(high: s, low: e + a.low + b.low)
    }
    static func + (a: DoubleDouble, b: Double) -> DoubleDouble { a + DoubleDouble(b) }
    static prefix func - (a: DoubleDouble) -> DoubleDouble { DoubleDouble(high: -a.high, low: -a.low) }
    static func - (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble { a + (-b) }
    static func * (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let (p, e) = twoProduct(a.high, b.high)
        return DoubleDouble(high: p, low: e + a.high * b.low + a.low * b.high)
    }
    static func / (a: DoubleDouble, b: Double) -> DoubleDouble {
        let q = a.high / b
        let (p, e) = twoProduct(q, b)
        let remainder = ((a.high - p) - e) + a.low
        return DoubleDouble(high: q, low: remainder / b)
    }
}
