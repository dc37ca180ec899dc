import CLapack

/// The LAPACK calls of the streamed least squares (``StreamedLeastSquares``): a QR factorization
/// of a tall matrix built a block of rows at a time, so the n × p matrix never exists in memory.
extension LAPACK {
    /// Reflector block size of the triangular-pentagonal QR. Measured on 1,000,000 × 17 in blocks
    /// of 1,024–4,096 rows: 8 takes 0.059–0.067 s, 17 (one block) 0.074–0.080 s.
    static let stackedBlockSize = 8

    /// Scratch space ``stackedQR(_:order:block:rows:workspace:)`` needs for k columns.
    static func stackedWorkspaceCount(order k: Int) -> Int { 2 * max(1, min(stackedBlockSize, k)) * max(1, k) }

    /// Replaces the k × k upper-triangular `r` by the R factor of the stacked matrix [R; B],
    /// B the m × k column-major `block` (overwritten by reflectors): LAPACK `dtpqrt`.
    ///
    /// Starting from R = 0 and stacking every block of rows of X in turn gives the R of X's
    /// Householder QR (up to the signs of its rows) without storing X.
    ///
    /// - Parameters:
    ///   - r: k × k, column-major, leading dimension k; only its upper triangle is read and written.
    ///   - block: m × k, column-major, leading dimension m.
    ///   - workspace: ``stackedWorkspaceCount(order:)`` doubles.
    static func stackedQR(_ r: UnsafeMutablePointer<Double>, order k: Int, block: UnsafeMutablePointer<Double>,
                          rows m: Int, workspace: UnsafeMutablePointer<Double>) throws {
        prepare()
        guard k > 0, m > 0 else { return }
        let nb = min(stackedBlockSize, k)
        let info = LAPACKE_dtpqrt_work(LAPACK_COL_MAJOR, Int32(m), Int32(k), 0, Int32(nb), r, Int32(k),
                                       block, Int32(m), workspace, Int32(nb), workspace + nb * k)
        guard info == 0 else { throw StatsError.lapack(routine: "dtpqrt", info: Int(info)) }
    }
}
