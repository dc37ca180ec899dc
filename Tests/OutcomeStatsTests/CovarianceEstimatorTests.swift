import Foundation
import Testing
@testable import OutcomeStats

private func data() throws -> Frame {
    try Frame(columns: [
        ("y", .numeric([3.1, 1.2, 4.3, 1.4, 5.9, 9.2, 2.6, 6.5, 5.3, 3.5, 8.9, 7.9])),
        ("x", .numeric([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])),
        ("site", .categorical(CategoricalColumn(["a", "a", "a", "b", "b", "b", "c", "c", "c", "d", "d", "d"]))),
        ("k", .numeric([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])),
    ])
}

/// HC1 is HC0 times n/(n − k); switching estimators changes only the inference, never estimates.
@Test func estimatorsChangeOnlyTheInference() throws {
    let fit = try LinearModel("y ~ x").fit(to: data())
    let hc0 = try fit.with(covariance: .hc0)
    let hc1 = try fit.with(covariance: .hc1)
    #expect(fit.covarianceEstimator == .classical && hc1.covarianceEstimator == .hc1)
    #expect(hc0.covariance.count == hc1.covariance.count)
    for (a, b) in zip(hc0.covariance, hc1.covariance) { #expect(abs(a * 12 / 10 - b) <= 1e-15 * abs(b)) }
    #expect(hc0.coefficients.map(\.estimate) == fit.coefficients.map(\.estimate))
    #expect(hc0.residuals == fit.residuals && hc0.rSquared == fit.rSquared)
}

/// HC0 by its definition B (Σ eᵢ² xᵢxᵢᵀ) B for one regressor, in closed form:
/// var(slope) = Σ (xᵢ − x̄)² eᵢ² / (Σ (xᵢ − x̄)²)².
@Test func hc0SlopeVarianceHasItsClosedForm() throws {
    let frame = try data()
    let fit = try LinearModel("y ~ x").fit(to: frame, covariance: .hc0)
    let x = (1...12).map(Double.init)
    let mean = x.reduce(0, +) / 12
    let sxx = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let expected = zip(x, fit.residuals).reduce(0) { $0 + ($1.0 - mean) * ($1.0 - mean) * $1.1 * $1.1 } / (sxx * sxx)
    #expect(abs(fit.coefficients[1].standardError! - expected.squareRoot()) <= 1e-14 * expected.squareRoot())
}

/// A numeric and a categorical cluster column with the same grouping give the same CR1.
@Test func clustersMayBeNumericOrCategorical() throws {
    let fit = try LinearModel("y ~ x").fit(to: data())
    let bySite = try fit.with(covariance: .cluster(by: "site"))
    let byK = try fit.with(covariance: .cluster(by: "k"))
    #expect(bySite.covariance == byK.covariance)
    #expect(CovarianceEstimator.cluster(by: "site").name == "CR1")
    #expect { try fit.with(covariance: .cluster(by: "sitee")) } throws: { error in
        guard case StatsError.domain(let message) = error else { return false }
        return message.hasPrefix("cluster column 'sitee' is not in the data")
    }
}

/// The block-wise Q₁ = X̃R⁻¹ and the Householder Q₁ give the same sandwiches, including across
/// block boundaries (n larger than a block).
@Test func sandwichPathsAgree() throws {
    let n = RefinedLeastSquares.sandwichBlockRows * 2 + 123
    let x = (0..<n).map { Double($0 % 97) / 10 }
    let z = (0..<n).map { sin(Double($0)) * 3 }
    let ones = [Double](repeating: 1, count: n)
    let y: [Double] = (0..<n).map { i in
        let noise: Double = cos(Double(i) * 1.7) * (1 + x[i])
        return 1 + 0.3 * x[i] - z[i] + noise
    }
    let ls = try RefinedLeastSquares(matrix: ones + x + z, rows: n, columns: 3, response: y, rankTolerance: 1e-10)
    let clusters = (0..<n).map { $0 % 37 }
    for estimator in [CovarianceEstimator.hc0, .hc1, .hc2, .hc3, .cluster(by: "g")] {
        let ids = estimator == .cluster(by: "g") ? clusters : nil
        let blocked = try ls.sandwichCovariance(estimator, clusters: ids)
        let householder = try ls.sandwichCovariance(estimator, clusters: ids, explicitQ: true)
        #expect(blocked.count == householder.count, "\(estimator)")
        for (a, b) in zip(blocked, householder) { #expect(abs(a - b) <= 1e-12 * abs(b), "\(estimator)") }
    }
}
