import Foundation

/// Penalized least squares for any random-effects structure (nested or crossed grouping
/// factors): ZᵀZ, ZᵀX and Zᵀy are formed once as dense q × q, q × p and q arrays, and each
/// evaluation forms ΛᵀZᵀZΛ + I and factors it with LAPACK `dpotrf`; R_ZX by `dtrsm` and the
/// downdate of XᵀX by `dsyrk`. Cost per evaluation O(q³ / 3), so q (the total number of random
/// effects) is limited to ``maximumRandomEffects``.
struct DenseSystem: PenalizedLeastSquares {
    /// The largest q the dense solver accepts (a q × q matrix of 72 MB).
    static let maximumRandomEffects = 3000

    let observationCount: Int
    let fixedCount: Int
    let q: Int
    /// Per block: (column offset in Z, k, number of groups, θ offset).
    let layout: [(offset: Int, k: Int, levels: Int, thetaOffset: Int)]
    let ztz: [Double], ztx: [Double], zty: [Double]
    let xtx: [Double], xty: [Double], yty: Double

    /// Forms the cross products.
    ///
    /// - Throws: ``StatsError/mixedModel(_:)`` when q exceeds ``maximumRandomEffects``.
    init(x: [Double], y: [Double], p: Int, blocks: [RandomEffectBlock]) throws {
        let n = y.count
        observationCount = n
        fixedCount = p
        var layout: [(offset: Int, k: Int, levels: Int, thetaOffset: Int)] = []
        var offset = 0, thetaOffset = 0
        for block in blocks {
            layout.append((offset, block.k, block.levels.count, thetaOffset))
            offset += block.k * block.levels.count
            thetaOffset += block.thetaCount
        }
        let q = offset
        self.q = q
        self.layout = layout
        guard q <= Self.maximumRandomEffects else {
            throw StatsError.mixedModel("\(q) random effects over several grouping factors exceed the dense solver's "
                                        + "limit of \(Self.maximumRandomEffects); models with one grouping factor have no limit")
        }
        var ztz = [Double](repeating: 0, count: q * q)
        var ztx = [Double](repeating: 0, count: q * p)
        var zty = [Double](repeating: 0, count: q)
        var columns = [Int](repeating: 0, count: layout.reduce(0) { $0 + $1.k })
        var values = [Double](repeating: 0, count: columns.count)
        for row in 0..<n {
            var m = 0
            for (blockIndex, block) in blocks.enumerated() {
                let base = layout[blockIndex].offset + Int(block.groupCodes[row]) * block.k
                for j in 0..<block.k {
                    columns[m] = base + j
                    values[m] = block.values[row + j * n]
                    m += 1
                }
            }
            ztz.withUnsafeMutableBufferPointer { zp in
                ztx.withUnsafeMutableBufferPointer { xp in
                    for i in 0..<m {
                        zty[columns[i]] += values[i] * y[row]
                        for j in 0..<m { zp[columns[i] + columns[j] * q] += values[i] * values[j] }
                        for col in 0..<p { xp[columns[i] + col * q] += values[i] * x[row + col * n] }
                    }
                }
            }
        }
        self.ztz = ztz
        self.ztx = ztx
        self.zty = zty
        var xtx = [Double](repeating: 0, count: p * p)
        var xty = [Double](repeating: 0, count: p)
        x.withUnsafeBufferPointer { xp in
            FixedOrder.syrkTranspose(xp.baseAddress!, rows: n, columns: p, alpha: 1, beta: 0, &xtx)
            y.withUnsafeBufferPointer { yp in
                xty.withUnsafeMutableBufferPointer { out in
                    FixedOrder.gemvTranspose(xp.baseAddress!, rows: n, columns: p, yp.baseAddress!, alpha: 1, beta: 0, out.baseAddress!)
                }
            }
        }
        self.xtx = xtx
        self.xty = xty
        self.yty = y.reduce(0) { $0 + $1 * $1 }
    }

    /// Replaces the q × `columns` matrix `m` by Λᵀm (Λ block diagonal with the blocks' T).
    private func leftMultiplyLambdaTranspose(_ m: inout [Double], columns: Int, theta: [Double]) {
        let q = self.q
        let factors = layout.map { factor(theta, $0) }
        m.withUnsafeMutableBufferPointer { mp in
            let base = mp.baseAddress!
            for (blockIndex, block) in layout.enumerated() {
                let t = factors[blockIndex]
                let k = block.k
                if k == 1 {
                    let scale = t[0]
                    for col in 0..<columns {
                        let column = base + col * q + block.offset
                        for level in 0..<block.levels { column[level] *= scale }
                    }
                    continue
                }
                var buffer = [Double](repeating: 0, count: k)
                for col in 0..<columns {
                    for level in 0..<block.levels {
                        let entries = base + col * q + block.offset + level * k
                        for i in 0..<k {
                            var sum = 0.0
                            for l in i..<k { sum += t[l + i * k] * entries[l] }
                            buffer[i] = sum
                        }
                        for i in 0..<k { entries[i] = buffer[i] }
                    }
                }
            }
        }
    }

    /// Replaces the symmetric q × q `m` by ΛᵀmΛ: Λᵀ applied to the columns, then (by symmetry of
    /// the result) to the rows through a transpose.
    private func symmetricLambdaProduct(_ m: inout [Double], theta: [Double]) {
        let q = self.q
        leftMultiplyLambdaTranspose(&m, columns: q, theta: theta)
        // m ← mᵀ, in place.
        m.withUnsafeMutableBufferPointer { mp in
            let base = mp.baseAddress!
            for j in 0..<q {
                for i in (j + 1)..<q {
                    let a = base[i + j * q]
                    base[i + j * q] = base[j + i * q]
                    base[j + i * q] = a
                }
            }
        }
        leftMultiplyLambdaTranspose(&m, columns: q, theta: theta)
    }

    private func factor(_ theta: [Double], _ block: (offset: Int, k: Int, levels: Int, thetaOffset: Int)) -> [Double] {
        var t = [Double](repeating: 0, count: block.k * block.k)
        var index = block.thetaOffset
        for j in 0..<block.k { for i in j..<block.k { t[i + j * block.k] = theta[index]; index += 1 } }
        return t
    }

    /// L (lower, q × q), R_ZX (q × p) and c_u (q) at θ.
    private func factorize(theta: [Double]) throws -> (l: [Double], rzx: [Double], cu: [Double], logDet: Double) {
        // ΛᵀZᵀZΛ: Λᵀ(ZᵀZ) then Λᵀ(ΛᵀZᵀZ)ᵀ, using symmetry.
        var transposed = ztz
        symmetricLambdaProduct(&transposed, theta: theta)
        for i in 0..<q { transposed[i + i * q] += 1 }
        let ok = transposed.withUnsafeMutableBufferPointer { FixedOrder.potrfLower($0.baseAddress!, order: q) }
        guard ok else { throw StatsError.mixedModel("ΛᵀZᵀZΛ + I is not positive definite (numerical breakdown)") }
        var logDet = 0.0
        for i in 0..<q { logDet += 2 * log(transposed[i + i * q]) }
        var rzx = ztx
        leftMultiplyLambdaTranspose(&rzx, columns: fixedCount, theta: theta)
        var cu = zty
        leftMultiplyLambdaTranspose(&cu, columns: 1, theta: theta)
        transposed.withUnsafeBufferPointer { lp in
            rzx.withUnsafeMutableBufferPointer { FixedOrder.trsm(lp.baseAddress!, order: q, lower: true, transpose: false, $0.baseAddress!, columns: fixedCount) }
            cu.withUnsafeMutableBufferPointer { FixedOrder.trsm(lp.baseAddress!, order: q, lower: true, transpose: false, $0.baseAddress!, columns: 1) }
        }
        return (transposed, rzx, cu, logDet)
    }

    func solve(theta: [Double]) throws -> PenalizedSolution {
        let p = fixedCount
        let (_, rzx, cu, logDet) = try factorize(theta: theta)
        var xtvx = xtx
        var rhs = xty
        rzx.withUnsafeBufferPointer { rp in
            FixedOrder.syrkTranspose(rp.baseAddress!, rows: q, columns: p, alpha: -1, beta: 1, &xtvx)
            cu.withUnsafeBufferPointer { cp in
                rhs.withUnsafeMutableBufferPointer { FixedOrder.gemvTranspose(rp.baseAddress!, rows: q, columns: p, cp.baseAddress!, alpha: -1, beta: 1, $0.baseAddress!) }
            }
        }
        let yy = yty - cu.reduce(0) { $0 + $1 * $1 }
        return try PenalizedSolution(logDeterminantL: logDet, xtvx: xtvx, rhs: rhs, yy: yy, p: p)
    }

    func conditionalModes(theta: [Double], beta: [Double]) throws -> [[Double]] {
        let p = fixedCount
        let (l, rzx, cu, _) = try factorize(theta: theta)
        // û = L⁻ᵀ(c_u − R_ZX β̂); b = Λû.
        var u = cu
        for col in 0..<p { for i in 0..<q { u[i] -= rzx[i + col * q] * beta[col] } }
        l.withUnsafeBufferPointer { lp in
            u.withUnsafeMutableBufferPointer { FixedOrder.trsm(lp.baseAddress!, order: q, lower: true, transpose: true, $0.baseAddress!, columns: 1) }
        }
        return layout.map { block in
            let t = factor(theta, block)
            let k = block.k
            var modes = [Double](repeating: 0, count: block.levels * k)
            for level in 0..<block.levels {
                for i in 0..<k {
                    var s = 0.0
                    for j in 0...i { s += t[i + j * k] * u[block.offset + level * k + j] }
                    modes[level * k + i] = s
                }
            }
            return modes
        }
    }
}
