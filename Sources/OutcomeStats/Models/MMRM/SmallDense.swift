import Foundation

/// Dense kernels for the MMRM's small matrices: a visit-by-visit covariance (t ≤ a few dozen)
/// and the p × p information matrix of the fixed effects. Plain loops in one fixed order, so
/// every machine computes the same bits; the large reductions (the moments of a pattern) go
/// through ``FixedOrder``.
enum SmallDense {
    /// The lower Cholesky factor L of the symmetric n × n `a` (column-major), or `nil` when `a`
    /// is not numerically positive definite.
    static func choleskyLower(_ a: [Double], order n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = a[j + j * n]
            for k in 0..<j { d -= l[j + k * n] * l[j + k * n] }
            guard d > 0, d.isFinite else { return nil }
            let root = d.squareRoot()
            l[j + j * n] = root
            for i in (j + 1)..<max(n, j + 1) {
                var s = a[i + j * n]
                for k in 0..<j { s -= l[i + k * n] * l[j + k * n] }
                l[i + j * n] = s / root
            }
        }
        return l
    }

    /// The inverse and log-determinant of the symmetric positive definite n × n `a`, or `nil`.
    static func inverse(_ a: [Double], order n: Int) -> (inverse: [Double], logDeterminant: Double)? {
        guard let l = choleskyLower(a, order: n) else { return nil }
        var logDeterminant = 0.0
        for i in 0..<n { logDeterminant += 2 * Foundation.log(l[i + i * n]) }
        // L⁻¹ by forward substitution, then A⁻¹ = L⁻ᵀL⁻¹.
        var li = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            li[j + j * n] = 1 / l[j + j * n]
            for i in (j + 1)..<max(n, j + 1) {
                var s = 0.0
                for k in j..<i { s -= l[i + k * n] * li[k + j * n] }
                li[i + j * n] = s / l[i + i * n]
            }
        }
        var result = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            for i in j..<n {
                var s = 0.0
                for k in i..<n { s += li[k + i * n] * li[k + j * n] }
                result[i + j * n] = s
                result[j + i * n] = s
            }
        }
        return (result, logDeterminant)
    }

    /// C = AB for column-major n × n matrices.
    static func multiply(_ a: [Double], _ b: [Double], order n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            for k in 0..<n {
                let bkj = b[k + j * n]
                if bkj == 0 { continue }
                for i in 0..<n { c[i + j * n] += a[i + k * n] * bkj }
            }
        }
        return c
    }

    /// Ab for the n × n column-major `a`.
    static func apply(_ a: [Double], order n: Int, to b: [Double]) -> [Double] {
        var x = [Double](repeating: 0, count: n)
        for j in 0..<n {
            let bj = b[j]
            for i in 0..<n { x[i] += a[i + j * n] * bj }
        }
        return x
    }

    /// The rows and columns `indices` of the n × n `a`.
    static func submatrix(_ a: [Double], order n: Int, _ indices: [Int]) -> [Double] {
        let k = indices.count
        var result = [Double](repeating: 0, count: k * k)
        for (j, cj) in indices.enumerated() { for (i, ci) in indices.enumerated() { result[i + j * k] = a[ci + cj * n] } }
        return result
    }
}
