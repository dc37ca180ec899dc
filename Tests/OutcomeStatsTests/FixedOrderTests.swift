import CLapack
import Foundation
import Testing
@testable import OutcomeStats

/// ``FixedOrder``'s kernels against LAPACK and BLAS (OpenBLAS, linked into this test target
/// only) as the independent reference, and the invariants that make them deterministic.
///
/// Tolerances: the matrices are random with condition numbers below 10³, so two backward-stable
/// algorithms that round differently agree to about κ·u ≈ 1e-13; 1e-11 leaves room for the
/// growth of k-term sums. Comparisons of R factors are up to the signs of R's rows (Householder
/// QR fixes R only up to them).
@Suite struct FixedOrderTests {
    /// A seeded m × n matrix of uniforms on (−1, 1), column-major, plus `diagonalBoost` on the
    /// diagonal of its top square.
    static func matrix(rows m: Int, columns n: Int, seed: UInt64, diagonalBoost: Double = 0) -> [Double] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<(m * n)).map { index in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = Double(state >> 11) / Double(1 << 52) - 1
            return index % m == index / m ? value + diagonalBoost : value
        }
    }

    static func maximumDifference(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count)
        let scale = max(b.reduce(0) { max($0, abs($1)) }, 1e-300)
        return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) } / scale
    }

    static func upper(_ factors: [Double], rows m: Int, order k: Int, signs: [Double]? = nil) -> [Double] {
        var r = [Double](repeating: 0, count: k * k)
        for j in 0..<k { for i in 0...j { r[i + j * k] = factors[i + j * m] * (signs?[i] ?? 1) } }
        return r
    }

    /// Rows of R with a positive diagonal, so two QR factors compare entry by entry.
    static func positiveRows(_ r: [Double], order k: Int) -> [Double] {
        var out = r
        for i in 0..<k where r[i + i * k] < 0 { for j in i..<k { out[i + j * k] = -r[i + j * k] } }
        return out
    }

    @Test(arguments: [(7, 3), (64, 9), (1_001, 17), (5, 5)])
    func householderQRMatchesLAPACK(rows m: Int, columns n: Int) throws {
        let a = Self.matrix(rows: m, columns: n, seed: UInt64(m * 31 + n))
        var ours = a
        let tau = try FixedOrder.geqrf(&ours, rows: m, columns: n)
        var theirs = a
        var theirTau = [Double](repeating: 0, count: n)
        let info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, Int32(m), Int32(n), &theirs, Int32(m), &theirTau)
        #expect(info == 0)
        // LAPACK's conventions are followed exactly, signs included.
        #expect(Self.maximumDifference(Self.upper(ours, rows: m, order: n), Self.upper(theirs, rows: m, order: n)) <= 1e-11)
        #expect(Self.maximumDifference(tau, theirTau) <= 1e-11)
        // Q₁R reproduces A, and Q₁ is orthonormal.
        let q = FixedOrder.explicitQ(factors: ours, tau: tau, rows: m, columns: n)
        let r = Self.upper(ours, rows: m, order: n)
        var product = [Double](repeating: 0, count: m * n)
        for j in 0..<n { for i in 0..<m { for l in 0...j { product[i + j * m] += q[i + l * m] * r[l + j * n] } } }
        #expect(Self.maximumDifference(product, a) <= 1e-12)
        let gram = FixedOrder.gram(q, rows: m, columns: n)
        var identity = [Double](repeating: 0, count: n * n)
        for i in 0..<n { identity[i + i * n] = 1 }
        #expect(Self.maximumDifference(gram, identity) <= 1e-13)
        // Qᵀ(Q[u; 0]) = [u; 0].
        let u = (0..<n).map { Double($0) - 1.5 }
        let image = FixedOrder.reflectTop(factors: ours, tau: tau, rows: m, reflectors: n, u)
        let back = FixedOrder.reflectedTop(factors: ours, tau: tau, rows: m, reflectors: n, of: image)
        #expect(Self.maximumDifference(back, u) <= 1e-13)
    }

    /// Stacking blocks of rows onto R gives the R of the whole matrix (up to row signs), as
    /// LAPACK's `dgeqrf` of the whole matrix does.
    @Test func stackedQREqualsQROfTheWholeMatrix() throws {
        let m = 3_000, k = 11
        let a = Self.matrix(rows: m, columns: k, seed: 5)
        var r = [Double](repeating: 0, count: k * k)
        for start in stride(from: 0, to: m, by: 700) {
            let rows = min(700, m - start)
            var block = [Double](repeating: 0, count: rows * k)
            for j in 0..<k { for i in 0..<rows { block[i + j * rows] = a[start + i + j * m] } }
            r.withUnsafeMutableBufferPointer { rp in
                block.withUnsafeMutableBufferPointer { FixedOrder.stackedQR(rp.baseAddress!, order: k, block: $0.baseAddress!, rows: rows) }
            }
        }
        var theirs = a
        var tau = [Double](repeating: 0, count: k)
        #expect(LAPACKE_dgeqrf(LAPACK_COL_MAJOR, Int32(m), Int32(k), &theirs, Int32(m), &tau) == 0)
        let reference = Self.positiveRows(Self.upper(theirs, rows: m, order: k), order: k)
        #expect(Self.maximumDifference(Self.positiveRows(r, order: k), reference) <= 1e-11)
    }

    @Test(arguments: [1, 4, 13, 70, 150])
    func choleskyAndTriangularKernelsMatchLAPACK(order n: Int) throws {
        let b = Self.matrix(rows: n, columns: n, seed: UInt64(n), diagonalBoost: 0)
        var spd = FixedOrder.gram(b, rows: n, columns: n)
        for i in 0..<n { spd[i + i * n] += Double(n) }
        // Upper Cholesky.
        var ours = spd
        #expect(FixedOrder.potrfUpper(&ours, order: n))
        var theirs = spd
        #expect(LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), Int32(n), &theirs, Int32(n)) == 0)
        #expect(Self.maximumDifference(ours, Self.upper(theirs, rows: n, order: n)) <= 1e-12)
        // Lower Cholesky, blocked past 64 columns.
        var lower = spd
        #expect(lower.withUnsafeMutableBufferPointer { FixedOrder.potrfLower($0.baseAddress!, order: n) })
        var theirLower = spd
        #expect(LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), &theirLower, Int32(n)) == 0)
        var lowerOnly = [Double](repeating: 0, count: n * n), theirLowerOnly = lowerOnly
        for j in 0..<n { for i in j..<n { lowerOnly[i + j * n] = lower[i + j * n]; theirLowerOnly[i + j * n] = theirLower[i + j * n] } }
        #expect(Self.maximumDifference(lowerOnly, theirLowerOnly) <= 1e-12)
        // Triangular inverse.
        var inverse = ours
        try FixedOrder.trtriUpper(&inverse, order: n)
        var theirInverse = Self.upper(theirs, rows: n, order: n)
        #expect(LAPACKE_dtrtri(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), CChar(UInt8(ascii: "N")), Int32(n), &theirInverse, Int32(n)) == 0)
        #expect(Self.maximumDifference(inverse, theirInverse) <= 1e-11)
        // Solves: R x = b, RᵀR x = b, B R⁻¹, and left solves with L.
        let rhs = (0..<n).map { sin(Double($0)) }
        var x = rhs
        try FixedOrder.trtrsUpper(ours, order: n, &x)
        var residual = rhs
        for i in 0..<n { for j in i..<n { residual[i] -= ours[i + j * n] * x[j] } }
        #expect(residual.reduce(0) { max($0, abs($1)) } <= 1e-12)
        var y = rhs
        FixedOrder.potrsUpper(ours, order: n, &y, columns: 1)
        for i in 0..<n {
            var s = 0.0
            for j in 0..<n { s += spd[i + j * n] * y[j] }
            #expect(abs(s - rhs[i]) <= 1e-10 * Double(n))
        }
        let m = 37
        let block = Self.matrix(rows: m, columns: n, seed: 99)
        var solved = block
        ours.withUnsafeBufferPointer { rp in solved.withUnsafeMutableBufferPointer { FixedOrder.solveRightUpper(rp.baseAddress!, order: n, $0.baseAddress!, rows: m) } }
        var theirSolved = block
        cblas_dtrsm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, Int32(m), Int32(n), 1, ours, Int32(n), &theirSolved, Int32(m))
        #expect(Self.maximumDifference(solved, theirSolved) <= 1e-11)
        for (isLower, isTransposed) in [(true, false), (true, true), (false, false), (false, true)] {
            let t = isLower ? lowerOnly : ours
            var mine = block.prefix(n * 2).map { $0 }
            if mine.count < n * 2 { mine += [Double](repeating: 1, count: n * 2 - mine.count) }
            var reference = mine
            t.withUnsafeBufferPointer { tp in mine.withUnsafeMutableBufferPointer {
                FixedOrder.trsm(tp.baseAddress!, order: n, lower: isLower, transpose: isTransposed, $0.baseAddress!, columns: 2)
            } }
            cblas_dtrsm(CblasColMajor, CblasLeft, isLower ? CblasLower : CblasUpper, isTransposed ? CblasTrans : CblasNoTrans,
                        CblasNonUnit, Int32(n), 2, 1, t, Int32(n), &reference, Int32(n))
            #expect(Self.maximumDifference(mine, reference) <= 1e-11, "lower \(isLower) transposed \(isTransposed)")
        }
    }

    @Test func gramAndMatrixVectorProductsMatchBLAS() {
        let m = 2_051, k = 9
        let a = Self.matrix(rows: m, columns: k, seed: 17)
        var theirs = [Double](repeating: 0, count: k * k)
        cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(k), Int32(m), 1, a, Int32(m), 0, &theirs, Int32(k))
        for j in 0..<k { for i in 0..<j { theirs[j + i * k] = theirs[i + j * k] } }
        #expect(Self.maximumDifference(FixedOrder.gram(a, rows: m, columns: k), theirs) <= 1e-13)
        var syrk = [Double](repeating: 7, count: k * k)
        a.withUnsafeBufferPointer { FixedOrder.syrkTranspose($0.baseAddress!, rows: m, columns: k, alpha: -2, beta: 0.5, &syrk) }
        let expected = theirs.map { 3.5 - 2 * $0 }
        #expect(Self.maximumDifference(syrk, expected) <= 1e-13)
        let x = (0..<m).map { cos(Double($0)) }
        var ours = [Double](repeating: 1, count: k), reference = ours
        a.withUnsafeBufferPointer { ap in ours.withUnsafeMutableBufferPointer {
            FixedOrder.gemvTranspose(ap.baseAddress!, rows: m, columns: k, x, alpha: 2, beta: -1, $0.baseAddress!)
        } }
        cblas_dgemv(CblasColMajor, CblasTrans, Int32(m), Int32(k), 2, a, Int32(m), x, 1, -1, &reference, 1)
        #expect(Self.maximumDifference(ours, reference) <= 1e-13)
    }

    @Test(arguments: [1, 2, 5, 12])
    func symmetricEigenMatchesLAPACK(order n: Int) throws {
        let b = Self.matrix(rows: n, columns: n, seed: UInt64(40 + n))
        var a = [Double](repeating: 0, count: n * n)
        for j in 0..<n { for i in 0..<n { a[i + j * n] = b[i + j * n] + b[j + i * n] } }
        let (values, vectors) = try FixedOrder.symmetricEigen(a, order: n)
        var theirs = a
        var theirValues = [Double](repeating: 0, count: n)
        #expect(LAPACKE_dsyev(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "U")), Int32(n), &theirs, Int32(n), &theirValues) == 0)
        #expect(Self.maximumDifference(values, theirValues) <= 1e-13)
        // A V = V Λ.
        for index in 0..<n {
            for i in 0..<n {
                var s = 0.0
                for j in 0..<n { s += a[i + j * n] * vectors[j + index * n] }
                #expect(abs(s - values[index] * vectors[i + index * n]) <= 1e-13 * Double(n))
            }
        }
    }

    /// The two-column kernels give the bits of the one-column ones, so pairing columns (and an
    /// odd count left over) never changes a result.
    @Test func pairedDotProductsEqualSingleOnes() {
        for n in [0, 1, 7, 8, 9, 31, 1_000] {
            let a = Self.matrix(rows: n, columns: 3, seed: UInt64(n + 3))
            a.withUnsafeBufferPointer { p in
                let base = p.baseAddress!
                let (first, second) = FixedOrder.dot2(base, base + n, with: base + 2 * n, count: n)
                #expect(first.bitPattern == FixedOrder.dot(base, base + 2 * n, count: n).bitPattern)
                #expect(second.bitPattern == FixedOrder.dot(base + n, base + 2 * n, count: n).bitPattern)
            }
        }
    }

    /// Exactly singular triangles are refused with LAPACK's `info` (the first zero pivot, 1-based).
    @Test func singularTrianglesAreRefusedWithTheirPivot() {
        var r: [Double] = [1, 0, 0, 2, 0, 0, 3, 4, 5]   // R₂₂ = 0
        #expect(throws: StatsError.lapack(routine: "dtrtri", info: 2)) { try FixedOrder.trtriUpper(&r, order: 3) }
        var b: [Double] = [1, 1, 1]
        #expect(throws: StatsError.lapack(routine: "dtrtrs", info: 2)) { try FixedOrder.trtrsUpper(r, order: 3, &b) }
        #expect(FixedOrder.reciprocalCondition(upper: r, order: 3) == 0)
        var indefinite: [Double] = [1, 2, 2, 1]
        #expect(!FixedOrder.potrfUpper(&indefinite, order: 2))
    }
}
