import Foundation
import Testing
@testable import OutcomeStats

/// REML Fisher scoring converges on every fixture dataset to the stated tolerance, and its answer
/// is a stationary point of the restricted likelihood: the score yᵀPPy − tr P vanishes at an
/// interior τ̂² (relative to tr P) and is ≤ 0 at τ̂² = 0.
@Test func fisherScoringConvergesToTheREMLRoot() throws {
    for data in try MetaAnalysisFixtures.datasets() {
        let fit = try data.analysis().fit(method: .restrictedMaximumLikelihood)
        let summary = try #require(fit.optimizer)
        #expect(summary.isConverged, "\(data.name): \(summary)")
        #expect(summary.iterations < summary.maximumIterations)
        #expect(!summary.isResetToZero)
        #expect(summary.tolerance == 1e-12)
        let variances = data.standardErrors.map { $0 * $0 }
        let at = InverseVarianceWeights(estimates: data.estimates, variances: variances, tauSquared: fit.tauSquared)
        let score = at.squaredWeightedSquares - at.traceP
        if fit.tauSquared > 0 {
            #expect(summary.lastRelativeChange <= 1e-12, "\(data.name): \(summary)")
            #expect(abs(score) <= 1e-11 * at.traceP, "\(data.name): score \(score) at τ² = \(fit.tauSquared)")
        } else {
            #expect(score <= 0, "\(data.name): positive score \(score) at τ² = 0")
            #expect(summary.lastRelativeChange == 0)
        }
    }
}

/// The homogeneous set starts at τ² = 0 (negative Hedges estimate) and stays there in one step.
@Test func boundaryEstimateStopsAtZero() throws {
    let data = try MetaAnalysisFixtures.dataset("homogeneous")
    let summary = try #require(try data.analysis().fit(method: .restrictedMaximumLikelihood).optimizer)
    #expect(summary.initialTauSquared == 0)
    #expect(summary.iterations == 1 && summary.truncatedSteps == 1 && summary.isConverged)
}

/// Started above a boundary maximum (positive Hedges start, REML τ̂² = 0), the iteration reaches
/// τ² = 0 exactly (16 steps: Fisher steps down from τ²₀ ≈ 1.96, then one step to 0 and one that
/// stays) instead of halving towards it as metafor does.
@Test func boundaryIsReachedFromAPositiveStart() throws {
    let data = try MetaAnalysisFixtures.dataset("boundary_after_start")
    let fit = try data.analysis().fit(method: .restrictedMaximumLikelihood)
    let summary = try #require(fit.optimizer)
    #expect(summary.initialTauSquared > 0)
    #expect(fit.tauSquared == 0, "\(summary)")
    #expect(summary.isConverged && summary.iterations < 30 && summary.truncatedSteps >= 1, "\(summary)")
    #expect(try data.analysis().fit(method: .derSimonianLaird).tauSquared > 0)
}
