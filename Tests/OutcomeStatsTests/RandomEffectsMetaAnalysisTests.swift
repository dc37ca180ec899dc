import Foundation
import RealModule
import Testing
@testable import OutcomeStats

/// The agreement required of one metafor number: 1e-8 relative; absolute 1e-10 for a τ² or I²
/// below 1e-10 and for any reference that is exactly 0; absolute 1e-5 (= √1e-10) for τ below 1e-5.
/// The absolute bounds cover a REML τ² at the boundary, which metafor's step-halving only
/// approaches (it stops at τ² ≈ 3e-15 on `boundary_after_start`, where ours is exactly 0).
private func metaforTolerance(_ quantity: String, _ reference: Double) -> (absolute: Double, relative: Double) {
    switch quantity {
    case "tau2" where abs(reference) < 1e-10, "i2" where abs(reference) < 1e-10: (1e-10, 0)
    case "tau" where abs(reference) < 1e-5: (1e-5, 0)
    case _ where reference == 0: (1e-10, 0)
    default: (0, 1e-8)
    }
}

/// Every number of `fit` that metafor reports for one (dataset, method, level), by fixture name.
private func reported(_ fit: MetaAnalysisFit, _ quantity: String, index: Int) -> Double?? {
    switch quantity {
    case "estimate": fit.estimate
    case "standard_error": fit.standardError
    case "z": fit.statistic
    case "p_value": fit.pValue
    case "ci_lower": fit.confidenceLow
    case "ci_upper": fit.confidenceHigh
    case "tau2": fit.tauSquared
    case "tau": fit.tau
    case "se_tau2": .some(fit.tauSquaredStandardError)
    case "q": fit.heterogeneity.statistic
    case "q_df": Double(fit.heterogeneity.degreesOfFreedom)
    case "q_p_value": fit.heterogeneity.pValue
    case "i2": fit.iSquared
    case "h2": fit.hSquared
    case "pi_lower": fit.predictionLow
    case "pi_upper": fit.predictionHigh
    case "weight_percent": fit.studies[index - 1].weightPercent
    default: nil
    }
}

private let methodNames: [MetaAnalysisMethod: String] = [
    .fixedEffect: "FE", .derSimonianLaird: "DL", .restrictedMaximumLikelihood: "REML",
]

/// Every number metafor::rma reports (estimate, SE, z, p, CI, τ², τ, SE(τ²), Q, df, p(Q), I², H²,
/// prediction interval, weights) agrees to 1e-8 relative (near-zero τ², τ, I²: see `metaforTolerance`) on
/// six datasets — per-site estimates from the example cohort, dat.bcg, dat.normand1999, k = 2, a
/// homogeneous set with τ̂² = 0, a REML boundary reached from a positive start — at level 0.95,
/// and dat.bcg at 0.90 too. Observed worst relative error: about 1e-13.
@Test(arguments: MetaAnalysisMethod.allCases)
func metaAnalysisMatchesMetafor(method: MetaAnalysisMethod) throws {
    let name = try #require(methodNames[method])
    let references = try MetaAnalysisFixtures.references().filter { $0.method == name }
    var fits: [String: MetaAnalysisFit] = [:]
    var worstRelative = (error: 0.0, what: "")
    var worstAbsolute = (error: 0.0, what: "")
    for r in references {
        let key = "\(r.dataset)@\(r.level)"
        if fits[key] == nil {
            fits[key] = try MetaAnalysisFixtures.dataset(r.dataset).analysis().fit(method: method, level: r.level)
        }
        let fit = try #require(fits[key])
        let value = try #require(reported(fit, r.quantity, index: r.index), "unknown quantity \(r.quantity)")
        let what = "\(name) \(r.dataset) level \(r.level) \(r.quantity)[\(r.index)]"
        switch (value, r.value) {
        case let (v?, ref?):
            let bound = metaforTolerance(r.quantity, ref)
            #expect(v.isApproximatelyEqual(to: ref, absoluteTolerance: bound.absolute, relativeTolerance: bound.relative),
                    "\(what): \(v) vs metafor \(ref)")
            if bound.relative > 0 {
                let error = abs(v - ref) / abs(ref)
                if error > worstRelative.error { worstRelative = (error, what) }
            } else {
                let error = abs(v - ref)
                if error > worstAbsolute.error { worstAbsolute = (error, what) }
            }
        case (nil, nil):
            break
        case let (v, ref) where r.quantity.hasPrefix("pi_") && method == .fixedEffect && ref == nil:
            // metafor's predict() gives no prediction interval for FE; ours is the CI (τ² = 0).
            let ci = r.quantity == "pi_lower" ? fit.confidenceLow : fit.confidenceHigh
            #expect(v == ci, "\(what): FE prediction bound \(String(describing: v)) should equal the CI bound \(ci)")
        case let (v, ref):
            Issue.record("\(what): \(String(describing: v)) vs metafor \(String(describing: ref))")
        }
    }
    #expect(fits.count == 7)
    #expect(references.count >= 7 * 16)
    print("metafor \(name): worst relative error \(worstRelative.error) (\(worstRelative.what)); "
          + "worst absolute error near 0 \(worstAbsolute.error) (\(worstAbsolute.what))")
}

/// The per-study intervals yᵢ ± z·sᵢ (forest-plot rows) agree with metafor's forest() bounds to 1e-12 relative.
@Test func studyIntervalsMatchMetafor() throws {
    let references = try MetaAnalysisFixtures.references().filter { $0.method == "study" }
    #expect(references.count > 60)
    for r in references {
        let fit = try MetaAnalysisFixtures.dataset(r.dataset).analysis().fit(method: .derSimonianLaird, level: r.level)
        let study = fit.studies[r.index - 1]
        let value = r.quantity == "ci_lower" ? study.confidenceLow : study.confidenceHigh
        let reference = try #require(r.value)
        #expect(value.isApproximatelyEqual(to: reference, relativeTolerance: 1e-12),
                "\(r.dataset) \(study.label) \(r.quantity): \(value) vs \(reference)")
    }
}

/// Bad inputs are errors that name the problem and the study, never crashes.
@Test(arguments: [
    ([0.5], [0.1], nil, "at least 2 studies, got 1 ('Study 1')"),
    ([], [], nil, "at least 2 studies, got none"),
    ([0.5, 0.2], [0.1], nil, "2 estimates but 1 standard errors"),
    ([0.5, 0.2], [0.1, 0.2], ["a"], "2 estimates but 1 labels"),
    ([0.5, 0.2, 0.1], [0.1, 0, 0.2], ["a", "b", "c"], "study 'b' (2 of 3) has standard error 0.0"),
    ([0.5, 0.2], [-0.1, 0.2], ["a", "b"], "study 'a' (1 of 2) has standard error -0.1"),
    ([0.5, 0.2], [0.1, .nan], ["a", "b"], "study 'b' (2 of 2) has standard error nan"),
    ([0.5, 0.2], [0.1, .infinity], ["a", "b"], "study 'b' (2 of 2) has standard error inf"),
    ([.nan, 0.2], [0.1, 0.2], ["a", "b"], "study 'a' (1 of 2) has estimate nan"),
    ([0.5, 0.2], [1e-200, 0.2], ["a", "b"], "whose square is not a normal double"),
] as [([Double], [Double], [String]?, String)])
func invalidInputIsRejected(estimates: [Double], errors: [Double], labels: [String]?, message: String) {
    do {
        _ = try RandomEffectsMetaAnalysis(estimates: estimates, standardErrors: errors, labels: labels)
        Issue.record("expected an error containing \"\(message)\"")
    } catch let error as StatsError {
        guard case .metaAnalysis = error else { Issue.record("wrong case \(error)"); return }
        #expect(error.description.contains(message), "\(error.description)")
    } catch {
        Issue.record("unexpected error \(error)")
    }
}

@Test func labelsDefaultToStudyNumbers() throws {
    let fit = try RandomEffectsMetaAnalysis(estimates: [1, 2, 4], standardErrors: [1, 1, 1]).fit()
    #expect(fit.studies.map(\.label) == ["Study 1", "Study 2", "Study 3"])
    #expect(fit.method == .restrictedMaximumLikelihood && fit.confidenceLevel == 0.95)
}

/// Weights are percentages that sum to 100, and intervals nest: study CI is centred on its
/// estimate, the prediction interval contains the confidence interval.
@Test(arguments: MetaAnalysisMethod.allCases)
func resultIsInternallyConsistent(method: MetaAnalysisMethod) throws {
    for data in try MetaAnalysisFixtures.datasets() {
        let fit = try data.analysis().fit(method: method)
        #expect(abs(fit.studies.reduce(0) { $0 + $1.weightPercent } - 100) <= 1e-12)
        #expect(fit.predictionLow <= fit.confidenceLow && fit.confidenceHigh <= fit.predictionHigh)
        #expect(fit.studyCount == data.estimates.count)
        #expect(fit.tau * fit.tau == fit.tauSquared || abs(fit.tau * fit.tau - fit.tauSquared) <= 1e-15 * fit.tauSquared)
        for s in fit.studies {
            #expect(abs((s.confidenceLow + s.confidenceHigh) / 2 - s.estimate) <= 1e-14 * max(1, abs(s.estimate)))
        }
        if fit.tauSquared == 0 {
            let fixed = try data.analysis().fit(method: .fixedEffect)
            #expect(fit.estimate == fixed.estimate && fit.standardError == fixed.standardError)
        }
        #expect((fit.optimizer != nil) == (method == .restrictedMaximumLikelihood))
        #expect((fit.tauSquaredStandardError == nil) == (method == .fixedEffect))
    }
}

/// Affine equivariance: y → a + c·y, s → c·s gives μ̂ → a + c·μ̂, SE → c·SE, τ̂² → c²·τ̂², and
/// leaves Q, I², H², z (for a = 0) and the weights unchanged; reordering studies changes nothing.
@Test(arguments: MetaAnalysisMethod.allCases)
func fitIsEquivariant(method: MetaAnalysisMethod) throws {
    let data = try MetaAnalysisFixtures.dataset("bcg")
    let base = try data.analysis().fit(method: method)
    let (a, c) = (3.0, 7.5)
    let moved = try RandomEffectsMetaAnalysis(estimates: data.estimates.map { a + c * $0 },
                                              standardErrors: data.standardErrors.map { c * $0 }).fit(method: method)
    #expect(moved.estimate.isApproximatelyEqual(to: a + c * base.estimate, relativeTolerance: 1e-11))
    #expect(moved.standardError.isApproximatelyEqual(to: c * base.standardError, relativeTolerance: 1e-11))
    #expect(moved.tauSquared.isApproximatelyEqual(to: c * c * base.tauSquared, relativeTolerance: 1e-11))
    #expect(moved.heterogeneity.statistic.isApproximatelyEqual(to: base.heterogeneity.statistic, relativeTolerance: 1e-11))
    #expect(moved.iSquared.isApproximatelyEqual(to: base.iSquared, relativeTolerance: 1e-11)
        && moved.hSquared.isApproximatelyEqual(to: base.hSquared, relativeTolerance: 1e-11))
    #expect(moved.studies.count == base.studies.count)
    #expect(zip(moved.studies, base.studies).allSatisfy { $0.weightPercent.isApproximatelyEqual(to: $1.weightPercent, relativeTolerance: 1e-11) })

    let order = Array((0..<data.estimates.count).reversed())
    let reversed = try RandomEffectsMetaAnalysis(estimates: order.map { data.estimates[$0] },
                                                 standardErrors: order.map { data.standardErrors[$0] },
                                                 labels: order.map { data.labels[$0] }).fit(method: method)
    #expect(reversed.estimate.isApproximatelyEqual(to: base.estimate, relativeTolerance: 1e-13)
        && reversed.tauSquared.isApproximatelyEqual(to: base.tauSquared, relativeTolerance: 1e-11))
    #expect(reversed.studies.reversed().map(\.label) == base.studies.map(\.label))
}

/// Identical estimates: Q = 0 with p = 1 (up to the rounding of μ̂, Q ≈ 1e-31), τ̂² = 0 for every
/// method, I² = 0, H² = 0 for FE and 1 for the random-effects methods.
@Test(arguments: MetaAnalysisMethod.allCases)
func identicalEstimatesHaveNoHeterogeneity(method: MetaAnalysisMethod) throws {
    let fit = try RandomEffectsMetaAnalysis(estimates: [0.4, 0.4, 0.4], standardErrors: [0.1, 0.2, 0.3]).fit(method: method)
    #expect(fit.heterogeneity.statistic <= 1e-25 && fit.heterogeneity.degreesOfFreedom == 2)
    #expect(fit.heterogeneity.pValue >= 1 - 1e-15)
    #expect(fit.tauSquared == 0 && fit.iSquared == 0)
    #expect(abs(fit.hSquared - (method == .fixedEffect ? 0 : 1)) <= 1e-25)
    #expect(abs(fit.estimate - 0.4) <= 1e-15)
    #expect(fit.optimizer?.isConverged ?? true)
}
