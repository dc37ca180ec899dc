/// Solves A x = b for a small symmetric positive-definite k × k column-major A by Cholesky
/// (A = LLᵀ), or returns `nil` when A is not numerically positive definite (a pivot ≤ 1e-13 of
/// the largest diagonal entry). For the Wald statistics bᵀV⁻¹b: V is never inverted.
func choleskySolve(_ a: [Double], order k: Int, _ b: [Double]) -> [Double]? {
    precondition(a.count == k * k && b.count == k, "choleskySolve: \(a.count) entries for order \(k), rhs \(b.count)")
    var l = [Double](repeating: 0, count: k * k)
    let largest = (0..<k).map { a[$0 + $0 * k] }.max() ?? 0
    for j in 0..<k {
        var d = a[j + j * k]
        for m in 0..<j { d -= l[j + m * k] * l[j + m * k] }
        guard d > 1e-13 * largest, d.isFinite else { return nil }
        let root = d.squareRoot()
        l[j + j * k] = root
        for i in (j + 1)..<max(j + 1, k) {
            var s = a[i + j * k]
            for m in 0..<j { s -= l[i + m * k] * l[j + m * k] }
            l[i + j * k] = s / root
        }
    }
    var x = b
    for i in 0..<k {
        var s = x[i]
        for m in 0..<i { s -= l[i + m * k] * x[m] }
        x[i] = s / l[i + i * k]
    }
    for i in stride(from: k - 1, through: 0, by: -1) {
        var s = x[i]
        for m in (i + 1)..<max(i + 1, k) { s -= l[m + i * k] * x[m] }
        x[i] = s / l[i + i * k]
    }
    return x
}
