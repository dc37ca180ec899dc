/// The response moved to the least-squares residual scale, y − Xβ₀ with β₀ the least-squares
/// solution, which mixed models and MMRMs fit in place of y: the same model (β̂ shifts by β₀),
/// but yᵀy shrinks to the residual scale, so sums such as r² = yᵀy − ‖c_u‖² − ‖c_β‖² lose about
/// ten times fewer digits to cancellation.
///
/// - Parameters:
///   - response: y, n values.
///   - x: the kept design columns, column-major n × p.
///   - qr: the QR decomposition of `x`.
/// - Returns: β₀ (p values, empty when p = 0) and y − Xβ₀.
/// - Throws: the decomposition's solve errors.
func leastSquaresCentered(_ response: [Double], x: [Double], qr: QRDecomposition, columns p: Int) throws
    -> (ordinary: [Double], centered: [Double]) {
    let n = response.count
    let ordinary = p > 0 ? try qr.solve(response) : []
    var y = response
    for (position, beta) in ordinary.enumerated() {
        x.withUnsafeBufferPointer { xp in for i in 0..<n { y[i] -= xp[position * n + i] * beta } }
    }
    return (ordinary, y)
}
