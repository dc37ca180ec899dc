import Testing
@testable import OutcomeStats

/// Rosenbrock's function: interior minimum at (1, 1) reached to 1e-6.
@Test func minimizerFindsRosenbrockMinimum() throws {
    let result = try BoundedMinimizer(lowerBounds: [-.infinity, -.infinity], maximumEvaluations: 5000)
        .minimize(from: [-1.2, 1]) { x in 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]) }
    #expect(abs(result.x[0] - 1) < 1e-6 && abs(result.x[1] - 1) < 1e-6, "\(result.x) \(result.value) \(result.evaluations)")
    #expect(result.converged)
}

/// A quadratic whose unconstrained minimum is outside the box: the bound is active and reached
/// exactly, the free coordinate is at its conditional minimum.
@Test func minimizerStopsExactlyOnActiveBound() throws {
    let result = try BoundedMinimizer(lowerBounds: [0, -.infinity], maximumEvaluations: 5000)
        .minimize(from: [1, 1]) { x in (x[0] + 0.5) * (x[0] + 0.5) + 2 * (x[1] - 3) * (x[1] - 3) + 0.5 * x[0] * x[1] }
    #expect(result.x[0] == 0)
    #expect(abs(result.x[1] - 3) < 1e-7)
}
