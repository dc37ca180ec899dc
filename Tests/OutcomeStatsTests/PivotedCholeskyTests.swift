import Testing
@testable import OutcomeStats

@Test func pivotedCholeskyFindsRankAndSolves() {
    // M = [[4, 2], [2, 3]]: zᵀM⁻¹z for z = (1, 1) is (3 − 2 − 2 + 4)/8 = 3/8.
    let full = PivotedCholesky(matrix: [4, 2, 2, 3], order: 2)
    #expect(full.rank == 2)
    #expect(abs(full.quadraticForm([1, 1]) - 0.375) <= 1e-15)
    // A rank-one M = vvᵀ, v = (1, 2): the generalized quadratic form of z = v is 1.
    let singular = PivotedCholesky(matrix: [1, 2, 2, 4], order: 2)
    #expect(singular.rank == 1)
    #expect(abs(singular.quadraticForm([1, 2]) - 1) <= 1e-15)
    #expect(PivotedCholesky(matrix: [0, 0, 0, 0], order: 2).rank == 0)
}
