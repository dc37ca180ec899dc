import Foundation

/// Penalized least squares when every random-effect term shares one grouping factor (the common
/// repeated-measures case: `(1 + week | patient_id)`, or `(1 + week || patient_id)`).
///
/// Then ΛᵀZᵀZΛ + I is block diagonal with one k × k block TᵀAᵢT + I per group, Aᵢ = ZᵢᵀZᵢ. The
/// per-group cross products Aᵢ, Bᵢ = ZᵢᵀXᵢ and cᵢ = Zᵢᵀyᵢ are formed once; with
/// Mᵢ = T(TᵀAᵢT + I)⁻¹Tᵀ an evaluation needs only
///
///     XᵀX − Σ BᵢᵀMᵢBᵢ,   Xᵀy − Σ BᵢᵀMᵢcᵢ,   yᵀy − Σ cᵢᵀMᵢcᵢ,   log|L|² = Σ log det(TᵀAᵢT + I).
///
/// Mᵢ depends on the group only through Aᵢ, and groups with the same visit pattern share Aᵢ; when
/// there are few distinct patterns, the sums Σ Bᵢ[a,:]ᵀBᵢ[b,:] are pooled per pattern once, and
/// an evaluation costs O(patterns · k² p²) whatever the number of rows or groups. Otherwise each
/// evaluation forms Wᵢ = Lᵢ⁻¹TᵀBᵢ per group and one BLAS rank-update `dsyrk`, O(groups · k p²).
struct SingleFactorSystem: PenalizedLeastSquares {
    let observationCount: Int
    let fixedCount: Int
    /// Total varying effects per group (Σ k over the blocks).
    let k: Int
    let groupCount: Int
    /// (column offset within the group's k effects, k of the block, θ offset) per block.
    let layout: [(offset: Int, k: Int, thetaOffset: Int)]
    /// Aᵢ (k × k), Bᵢ (k × p), cᵢ (k), group-major.
    let a: [Double], b: [Double], c: [Double]
    let xtx: [Double], xty: [Double], yty: Double
    /// Per pattern: A (k × k), number of groups, and (when pooled) the pooled sums.
    let patternA: [Double]
    let patternCount: [Double]
    let pooled: Pooled?

    /// Σ over the groups of a pattern, for each pair a ≤ b of effects: the p × p matrix
    /// Bᵢ[a,:]ᵀBᵢ[b,:] (+ its transpose when a < b, upper triangle), the p-vector
    /// Bᵢ[a,:]ᵀcᵢ[b] (+ Bᵢ[b,:]ᵀcᵢ[a]) and the scalar cᵢ[a]cᵢ[b] (doubled when a < b).
    struct Pooled: Sendable {
        let s: [Double], v: [Double], w: [Double]
    }

    var pairs: [(Int, Int)] { (0..<k).flatMap { a in (a..<k).map { (a, $0) } } }

    /// Forms the cross products of `x` (n × p, column-major), `y` and the blocks' Z.
    ///
    /// - Parameter pooling: force pooling by visit pattern on or off; `nil` decides by cost.
    init(x: [Double], y: [Double], p: Int, blocks: [RandomEffectBlock], pooling: Bool? = nil) {
        let n = y.count
        observationCount = n
        fixedCount = p
        var offset = 0, thetaOffset = 0
        var layout: [(offset: Int, k: Int, thetaOffset: Int)] = []
        for block in blocks {
            layout.append((offset, block.k, thetaOffset))
            offset += block.k
            thetaOffset += block.thetaCount
        }
        self.layout = layout
        let k = offset
        self.k = k
        let codes = blocks[0].groupCodes
        let g = blocks[0].levels.count
        groupCount = g
        var zColumns: [[Double]] = []
        for block in blocks {
            for j in 0..<block.k { zColumns.append(Array(block.values[(j * n)..<((j + 1) * n)])) }
        }
        var a = [Double](repeating: 0, count: g * k * k)
        var b = [Double](repeating: 0, count: g * k * p)
        var c = [Double](repeating: 0, count: g * k)
        a.withUnsafeMutableBufferPointer { ap in
            c.withUnsafeMutableBufferPointer { cp in
                for row in 0..<n {
                    let group = Int(codes[row])
                    for i in 0..<k {
                        let zi = zColumns[i][row]
                        cp[group * k + i] += zi * y[row]
                        for j in i..<k { ap[group * k * k + i + j * k] += zi * zColumns[j][row] }
                    }
                }
            }
        }
        for group in 0..<g {
            for j in 0..<k { for i in (j + 1)..<k { a[group * k * k + i + j * k] = a[group * k * k + j + i * k] } }
        }
        x.withUnsafeBufferPointer { xp in
            b.withUnsafeMutableBufferPointer { bp in
                codes.withUnsafeBufferPointer { codep in
                    for column in 0..<p {
                        let base = column * n
                        for i in 0..<k {
                            zColumns[i].withUnsafeBufferPointer { z in
                                for row in 0..<n {
                                    bp[Int(codep[row]) * k * p + i + column * k] += z[row] * xp[base + row]
                                }
                            }
                        }
                    }
                }
            }
        }
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

        // Visit patterns: groups with bit-identical Aᵢ.
        var patternIndex: [[UInt64]: Int] = [:]
        var patternOfGroup = [Int](repeating: 0, count: g)
        var patternA: [Double] = []
        var patternCount: [Double] = []
        for group in 0..<g {
            let slice = a[(group * k * k)..<((group + 1) * k * k)]
            let key = slice.map(\.bitPattern)
            if let index = patternIndex[key] {
                patternOfGroup[group] = index
                patternCount[index] += 1
            } else {
                patternIndex[key] = patternCount.count
                patternOfGroup[group] = patternCount.count
                patternA.append(contentsOf: slice)
                patternCount.append(1)
            }
        }
        self.patternA = patternA
        self.patternCount = patternCount
        self.a = a
        self.b = b
        self.c = c

        let pairList = (0..<k).flatMap { i in (i..<k).map { (i, $0) } }
        let patterns = patternCount.count
        // Pool when the pooled sums are much smaller than the per-group work they replace.
        if pooling ?? (patterns * pairList.count * p * p <= g * k * p) {
            var s = [Double](repeating: 0, count: patterns * pairList.count * p * p)
            var v = [Double](repeating: 0, count: patterns * pairList.count * p)
            var w = [Double](repeating: 0, count: patterns * pairList.count)
            b.withUnsafeBufferPointer { b in
                s.withUnsafeMutableBufferPointer { s in
                    for group in 0..<g {
                        let pattern = patternOfGroup[group]
                        let bg = group * k * p
                        for (pairIndex, (i, j)) in pairList.enumerated() {
                            let slot = pattern * pairList.count + pairIndex
                            let sBase = slot * p * p
                            for col in 0..<p {
                                let bi = b[bg + i + col * k], bj = b[bg + j + col * k]
                                for r in 0...col {
                                    var term = b[bg + i + r * k] * bj
                                    if i != j { term += b[bg + j + r * k] * bi }
                                    s[sBase + r + col * p] += term
                                }
                            }
                            let ci = c[group * k + i], cj = c[group * k + j]
                            for col in 0..<p {
                                var term = b[bg + i + col * k] * cj
                                if i != j { term += b[bg + j + col * k] * ci }
                                v[slot * p + col] += term
                            }
                            w[slot] += i == j ? ci * cj : 2 * ci * cj
                        }
                    }
                }
            }
            pooled = Pooled(s: s, v: v, w: w)
        } else {
            pooled = nil
        }
    }

    /// The combined k × k block-diagonal T from θ.
    func factor(_ theta: [Double]) -> [Double] {
        var t = [Double](repeating: 0, count: k * k)
        for block in layout {
            var index = block.thetaOffset
            for j in 0..<block.k {
                for i in j..<block.k {
                    t[(block.offset + i) + (block.offset + j) * k] = theta[index]
                    index += 1
                }
            }
        }
        return t
    }

    func solve(theta: [Double]) throws -> PenalizedSolution {
        let p = fixedCount
        let t = factor(theta)
        var xtvx = xtx
        var rhs = xty
        var yy = yty
        var logDetL = 0.0
        var q = [Double](repeating: 0, count: k * k)
        var scratch = [Double](repeating: 0, count: k * k)
        var ym = [Double](repeating: 0, count: k * k)
        if let pooled {
            let pairList = pairs
            var m = [Double](repeating: 0, count: k * k)
            for pattern in 0..<patternCount.count {
                patternA.withUnsafeBufferPointer { ap in
                    t.withUnsafeBufferPointer { tp in
                        SmallMatrix.penalizedBlock(t: tp.baseAddress!, a: ap.baseAddress! + pattern * k * k, k: k,
                                                   scratch: &scratch, into: &q)
                        logDetL += patternCount[pattern] * SmallMatrix.choleskyLower(&q, k: k)
                        SmallMatrix.solveLowerTimesTTranspose(l: q, t: tp.baseAddress!, k: k, into: &ym)
                    }
                }
                // M = YᵀY
                for j in 0..<k { for i in 0..<k {
                    var s = 0.0
                    for l in 0..<k { s += ym[l + i * k] * ym[l + j * k] }
                    m[i + j * k] = s
                } }
                for (pairIndex, (i, j)) in pairList.enumerated() {
                    let weight = m[i + j * k]
                    let slot = pattern * pairList.count + pairIndex
                    let sBase = slot * p * p
                    for col in 0..<p { for r in 0...col { xtvx[r + col * p] -= weight * pooled.s[sBase + r + col * p] } }
                    for col in 0..<p { rhs[col] -= weight * pooled.v[slot * p + col] }
                    yy -= weight * pooled.w[slot]
                }
            }
            for col in 0..<p { for r in (col + 1)..<p { xtvx[r + col * p] = xtvx[col + r * p] } }
        } else {
            let rows = groupCount * k
            var w = [Double](repeating: 0, count: rows * p)
            var d = [Double](repeating: 0, count: rows)
            for group in 0..<groupCount {
                a.withUnsafeBufferPointer { ap in
                    t.withUnsafeBufferPointer { tp in
                        SmallMatrix.penalizedBlock(t: tp.baseAddress!, a: ap.baseAddress! + group * k * k, k: k,
                                                   scratch: &scratch, into: &q)
                        logDetL += SmallMatrix.choleskyLower(&q, k: k)
                        SmallMatrix.solveLowerTimesTTranspose(l: q, t: tp.baseAddress!, k: k, into: &ym)
                    }
                }
                let bg = group * k * p
                for i in 0..<k {
                    for col in 0..<p {
                        var s = 0.0
                        for l in 0..<k { s += ym[i + l * k] * b[bg + l + col * k] }
                        w[group * k + i + col * rows] = s
                    }
                    var s = 0.0
                    for l in 0..<k { s += ym[i + l * k] * c[group * k + l] }
                    d[group * k + i] = s
                }
            }
            w.withUnsafeBufferPointer { wp in
                FixedOrder.syrkTranspose(wp.baseAddress!, rows: rows, columns: p, alpha: -1, beta: 1, &xtvx)
                d.withUnsafeBufferPointer { dp in
                    rhs.withUnsafeMutableBufferPointer { out in
                        FixedOrder.gemvTranspose(wp.baseAddress!, rows: rows, columns: p, dp.baseAddress!, alpha: -1, beta: 1, out.baseAddress!)
                    }
                }
            }
            yy -= d.reduce(0) { $0 + $1 * $1 }
        }
        return try PenalizedSolution(logDeterminantL: logDetL, xtvx: xtvx, rhs: rhs, yy: yy, p: p)
    }

    func conditionalModes(theta: [Double], beta: [Double]) throws -> [[Double]] {
        let p = fixedCount
        let t = factor(theta)
        var q = [Double](repeating: 0, count: k * k)
        var scratch = [Double](repeating: 0, count: k * k)
        var ym = [Double](repeating: 0, count: k * k)
        var result = layout.map { [Double](repeating: 0, count: groupCount * $0.k) }
        for group in 0..<groupCount {
            a.withUnsafeBufferPointer { ap in
                t.withUnsafeBufferPointer { tp in
                    SmallMatrix.penalizedBlock(t: tp.baseAddress!, a: ap.baseAddress! + group * k * k, k: k,
                                               scratch: &scratch, into: &q)
                    _ = SmallMatrix.choleskyLower(&q, k: k)
                    SmallMatrix.solveLowerTimesTTranspose(l: q, t: tp.baseAddress!, k: k, into: &ym)
                }
            }
            // r = cᵢ − Bᵢβ; v = Y r = L⁻¹Tᵀr; û = L⁻ᵀ v; b = T û.
            var r = [Double](repeating: 0, count: k)
            for i in 0..<k {
                var s = c[group * k + i]
                for col in 0..<p { s -= b[group * k * p + i + col * k] * beta[col] }
                r[i] = s
            }
            var v = [Double](repeating: 0, count: k)
            for i in 0..<k { for l in 0..<k { v[i] += ym[i + l * k] * r[l] } }
            var u = [Double](repeating: 0, count: k)
            for i in stride(from: k - 1, through: 0, by: -1) {
                var s = v[i]
                for l in (i + 1)..<k { s -= q[l + i * k] * u[l] }
                u[i] = s / q[i + i * k]
            }
            for (blockIndex, block) in layout.enumerated() {
                for i in 0..<block.k {
                    var s = 0.0
                    for l in 0..<k { s += t[(block.offset + i) + l * k] * u[l] }
                    result[blockIndex][group * block.k + i] = s
                }
            }
        }
        return result
    }
}
