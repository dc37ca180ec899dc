/// The pivoted Cholesky factorization PᵀMP = LLᵀ of a small symmetric positive semi-definite
/// matrix, stopped at its numerical rank: what a Wald test needs to apply (LVLᵀ)⁻¹ (or its
/// generalized inverse when hypotheses repeat one another) without forming an inverse.
///
/// A pivot is accepted while its remaining diagonal exceeds `tolerance` times the largest
/// diagonal of M; the default 1e-14 is R's `qr` tolerance 1e-7 on the scale of a standard
/// error (the square root of a variance).
///
/// ```swift
/// let cholesky = PivotedCholesky(matrix: [4, 2, 2, 3], order: 2)
/// cholesky.quadraticForm([1, 1])   // zᵀM⁻¹z
/// ```
struct PivotedCholesky: Sendable {
    /// Order of M.
    let order: Int
    /// Indices of the accepted pivots, in pivot order.
    let pivots: [Int]
    /// The rank × rank lower-triangular factor, column-major.
    private let factor: [Double]

    /// The numerical rank of M.
    var rank: Int { pivots.count }

    /// Factors the `order` × `order` column-major symmetric `matrix`.
    init(matrix: [Double], order n: Int, tolerance: Double = 1e-14) {
        precondition(matrix.count == n * n, "PivotedCholesky: \(matrix.count) entries for order \(n)")
        var a = matrix
        var permutation = Array(0..<n)
        let largest = (0..<n).map { matrix[$0 + $0 * n] }.max() ?? 0
        var accepted = 0
        for k in 0..<n {
            // Choose the largest remaining diagonal.
            var best = k
            for j in k..<n where a[j + j * n] > a[best + best * n] { best = j }
            guard largest > 0, a[best + best * n] > tolerance * largest else { break }
            if best != k {
                // Symmetric swap of rows/columns k and best.
                for i in 0..<n { a.swapAt(i + k * n, i + best * n) }
                for j in 0..<n { a.swapAt(k + j * n, best + j * n) }
                permutation.swapAt(k, best)
            }
            let pivot = a[k + k * n].squareRoot()
            a[k + k * n] = pivot
            for i in (k + 1)..<max(k + 1, n) { a[i + k * n] /= pivot }
            for j in (k + 1)..<max(k + 1, n) {
                for i in j..<n { a[i + j * n] -= a[i + k * n] * a[j + k * n] }
                for i in j..<n { a[j + i * n] = a[i + j * n] }
            }
            accepted += 1
        }
        var l = [Double](repeating: 0, count: accepted * accepted)
        for j in 0..<accepted {
            for i in j..<accepted { l[i + j * accepted] = a[i + j * n] }
        }
        order = n
        pivots = Array(permutation.prefix(accepted))
        factor = l
    }

    /// zᵀM⁻z over the accepted pivots: z_Sᵀ (M_SS)⁻¹ z_S by one forward substitution.
    func quadraticForm(_ z: [Double]) -> Double {
        precondition(z.count == order, "quadraticForm: vector of length \(z.count) for order \(order)")
        let r = rank
        var w = pivots.map { z[$0] }
        var sum = 0.0
        for i in 0..<r {
            var value = w[i]
            for k in 0..<i { value -= factor[i + k * r] * w[k] }
            value /= factor[i + i * r]
            w[i] = value
            sum += value * value
        }
        return sum
    }
}
