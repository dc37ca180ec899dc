import Foundation
import Testing
@testable import OutcomeStats

/// The MMRM's inference options (Kenward–Roger, proportional LS-means, the empirical covariance)
/// against pbkrtest, emmeans and R, on the structure an lmer model expresses (compound
/// symmetry ≡ a random intercept), on the simulated trials of ``MMRMTests``. Values
/// from `Notebooks-Scripts/reference_mmrm_inference.R`. pbkrtest takes Cov(θ̂) from the expected
/// information, so these fits do too.
@Suite struct MMRMInferenceTests {
    /// Reference rows keyed "dataset quantity term".
    static let references = MMRMTests.keyedValues("mmrm_inference_reference", keyFields: 3)

    static func reference(_ dataset: String, _ quantity: String, _ term: String = "") throws -> Double {
        try #require(references["\(dataset) \(quantity) \(term)"], "no reference \(dataset) \(quantity) \(term)")
    }

    static let formula = "change ~ baseline + arm * visit + site + cs(visit | patient_id)"

    static func fit(_ dataset: String, _ method: MMRMDegreesOfFreedom = .kenwardRoger,
                    information: MMRMParameterInformation = .expected, structure: String = "cs") throws -> MMRMFit {
        try MMRM(formula.replacingOccurrences(of: "cs(", with: "\(structure)("),
                 contrasts: ["arm": .treatment(reference: "usual_care")],
                 degreesOfFreedom: method, parameterInformation: information).fit(to: MMRMTests.trial(dataset))
    }

    /// Coefficients: estimates within 1e-6 SE, Φ_A's standard errors and Kenward–Roger df to
    /// 1e-6 relative.
    @Test(arguments: ["a", "b"])
    func coefficientsEqualPbkrtest(_ dataset: String) throws {
        let fit = try Self.fit(dataset)
        let criterion = try Self.reference(dataset, "m2loglik")
        #expect(abs(fit.objective - criterion) / criterion < 1e-9)
        for (coefficient, df) in zip(fit.coefficients, fit.degreesOfFreedom) {
            let se = try Self.reference(dataset, "se", coefficient.term)
            let estimate = try Self.reference(dataset, "estimate", coefficient.term)
            #expect(abs(coefficient.estimate! - estimate) < 1e-6 * se)
            #expect(abs(coefficient.standardError! - se) / se < 1e-6, "\(coefficient.term) SE \(coefficient.standardError!) vs \(se)")
            let reference = try Self.reference(dataset, "df", coefficient.term)
            #expect(abs(df! - reference) / reference < 1e-6, "\(coefficient.term) df \(df!) vs \(reference)")
        }
    }

    /// Type III: Kenward–Roger's scaled F and df equal lmerTest's `anova(ddf = "Kenward-Roger")`
    /// to 1e-6 (unlike Satterthwaite's multi-df rule, they do not depend on the basis of the
    /// hypothesis rows, only on their span).
    @Test(arguments: ["a", "b"])
    func typeIIIEqualsPbkrtest(_ dataset: String) throws {
        let tests = try Self.fit(dataset).typeIIITests()
        #expect(tests.count == 5)
        for test in tests {
            let f = try Self.reference(dataset, "anova_F", test.term)
            let df = try Self.reference(dataset, "anova_df", test.term)
            #expect(abs(test.statistic - f) / f < 1e-6, "\(test.term) F \(test.statistic) vs \(f)")
            #expect(abs(test.denominatorDegreesOfFreedom - df) / df < 1e-6, "\(test.term) df \(test.denominatorDegreesOfFreedom) vs \(df)")
        }
    }

    /// LS-means of arm by visit equal emmeans with `lmer.df = "kenward-roger"`.
    @Test(arguments: ["a", "b"])
    func leastSquaresMeansEqualEmmeans(_ dataset: String) throws {
        let means = try Self.fit(dataset).leastSquaresMeans(of: "arm", by: "visit")
        #expect(means.means.count == 2 * 5 - (dataset == "a" ? 2 : 0))
        for mean in means.means {
            let key = "\(mean.level)@\(mean.by!)"
            let se = try Self.reference(dataset, "lsmean_se", key)
            let estimate = try Self.reference(dataset, "lsmean", key)
            #expect(abs(mean.estimate - estimate) < 1e-6 * se)
            #expect(abs(mean.standardError - se) / se < 1e-6, "\(key) SE")
            let df = try Self.reference(dataset, "lsmean_df", key)
            #expect(abs(mean.degreesOfFreedom - df) / df < 1e-6, "\(key) df \(mean.degreesOfFreedom) vs \(df)")
        }
    }

    /// Proportional weights (emmeans' `weights = "proportional"`, SAS's `OM`): arm by visit
    /// averages over site by its frequency; arm alone over visit × site by theirs (with dropout
    /// the later visits weigh less). Estimates within 1e-6 SE, SEs and df to 1e-6.
    @Test(arguments: ["a", "b"])
    func proportionalLeastSquaresMeansEqualEmmeans(_ dataset: String) throws {
        let fit = try Self.fit(dataset)
        for by in ["visit", nil] as [String?] {
            let means = try fit.leastSquaresMeans(of: "arm", by: by, weights: .proportional)
            #expect(means.weights == .proportional)
            for mean in means.means {
                let key = by == nil ? mean.level : "\(mean.level)@\(mean.by!)"
                let prefix = by == nil ? "prop_arm_lsmean" : "prop_lsmean"
                let se = try Self.reference(dataset, prefix + "_se", key)
                let estimate = try Self.reference(dataset, prefix, key)
                #expect(abs(mean.estimate - estimate) < 1e-6 * se, "\(key)")
                #expect(abs(mean.standardError - se) / se < 1e-6, "\(key) SE")
                let df = try Self.reference(dataset, prefix + "_df", key)
                #expect(abs(mean.degreesOfFreedom - df) / df < 1e-6, "\(key) df \(mean.degreesOfFreedom) vs \(df)")
            }
        }
        // Equal and proportional weights differ where site is unbalanced.
        let equal = try fit.leastSquaresMeans(of: "arm", weights: .equal)
        let proportional = try fit.leastSquaresMeans(of: "arm", weights: .proportional)
        #expect(abs(equal.means[0].estimate - proportional.means[0].estimate) > 1e-6)
    }

    /// The empirical (sandwich) covariance equals its definition computed in R from lme4's cs
    /// fit and nlme's unstructured fit: SEs to 1e-6 relative; its df are between-within; and
    /// Satterthwaite or Kenward–Roger df with it are refused.
    @Test func empiricalCovarianceEqualsItsDefinition() throws {
        for dataset in ["a", "b"] {
            let fit = try MMRM(Self.formula, contrasts: ["arm": .treatment(reference: "usual_care")],
                               degreesOfFreedom: .betweenWithin, coefficientCovariance: .empirical).fit(to: MMRMTests.trial(dataset))
            #expect(fit.coefficientCovariance == .empirical)
            for coefficient in fit.coefficients {
                let se = try Self.reference(dataset, "empirical_se", coefficient.term)
                #expect(abs(coefficient.standardError! - se) / se < 1e-6, "\(dataset) \(coefficient.term) \(coefficient.standardError!) vs \(se)")
            }
        }
        let us = try MMRM(Self.formula.replacingOccurrences(of: "cs(", with: "us("),
                          contrasts: ["arm": .treatment(reference: "usual_care")],
                          degreesOfFreedom: .betweenWithin, coefficientCovariance: .empirical).fit(to: MMRMTests.trial("b"))
        let criterion = try Self.reference("b", "m2loglik_us")
        #expect(us.objective <= criterion + 1e-8 * criterion)
        for coefficient in us.coefficients {
            let se = try Self.reference("b", "empirical_se_us", coefficient.term)
            #expect(abs(coefficient.standardError! - se) / se < 1e-5, "us \(coefficient.term) \(coefficient.standardError!) vs \(se)")
        }
        for method in [MMRMDegreesOfFreedom.satterthwaite, .kenwardRoger] {
            #expect {
                try MMRM(Self.formula, degreesOfFreedom: method, coefficientCovariance: .empirical).fit(to: MMRMTests.trial("a"))
            } throws: { error in
                guard case StatsError.mixedModel(let message) = error else { return false }
                return message.contains("are not available with the empirical covariance")
            }
        }
    }

    /// Identities: with the observed information, a single contrast's Kenward–Roger df are
    /// Satterthwaite's (2/A₁ is Satterthwaite's formula); its SE is the adjusted one, never below
    /// the model-based SE here; and for structures linear in SAS's parameters (us, cs, toep)
    /// `kenward-roger` and `kenward-roger-linear` agree, while for ar1 the second-order term
    /// moves the SEs.
    @Test func identities() throws {
        let satterthwaite = try Self.fit("b", .satterthwaite, information: .observed)
        let kenwardRoger = try Self.fit("b", .kenwardRoger, information: .observed)
        for (index, coefficient) in kenwardRoger.coefficients.enumerated() {
            let df = kenwardRoger.degreesOfFreedom[index]!, reference = satterthwaite.degreesOfFreedom[index]!
            #expect(abs(df - reference) / reference < 1e-10, "\(coefficient.term)")
            #expect(coefficient.standardError! >= satterthwaite.coefficients[index].standardError! * (1 - 1e-12))
        }
        for structure in ["us", "toep"] {
            let full = try Self.fit("b", .kenwardRoger, information: .observed, structure: structure)
            let linear = try Self.fit("b", .kenwardRogerLinear, information: .observed, structure: structure)
            #expect(full.coefficients.count == linear.coefficients.count, "\(structure)")
            for (a, b) in zip(full.coefficients, linear.coefficients) {
                #expect(abs(a.standardError! - b.standardError!) / b.standardError! < 1e-10, "\(structure) \(a.term)")
            }
        }
        let full = try Self.fit("b", .kenwardRoger, information: .observed, structure: "ar1")
        let linear = try Self.fit("b", .kenwardRogerLinear, information: .observed, structure: "ar1")
        #expect(full.coefficients.count == linear.coefficients.count)
        let moved = zip(full.coefficients, linear.coefficients).map { abs($0.standardError! - $1.standardError!) / $1.standardError! }
        #expect(moved.max()! > 1e-6)
        #expect {
            try MMRM(Self.formula, estimation: .ml, degreesOfFreedom: .kenwardRoger).fit(to: MMRMTests.trial("a"))
        } throws: { error in
            guard case StatsError.mixedModel(let message) = error else { return false }
            return message.contains("need a REML fit")
        }
    }
}

/// With an aliased column (arm2, a copy of arm), lᵀβ is estimable only when l is orthogonal to
/// X's null space: β_arm alone is not (nil), β_arm + β_arm2 is, and equals the unaliased fit's
/// arm effect with its SE; LS-means that average over arm2's levels are not estimable (NaN),
/// as emmeans reports them.
@Test func linearCombinationsAreCheckedAgainstTheNullSpace() throws {
    var frame = try MMRMTests.trial("a")
    guard case .categorical(let arm)? = frame["arm"] else { Issue.record("no arm"); return }
    try frame.set("arm2", .categorical(arm))
    let formula = "change ~ baseline + arm + arm2 + visit + cs(visit | patient_id)"
    let aliased = try MMRM(formula, contrasts: ["arm": .treatment(reference: "usual_care"), "arm2": .treatment(reference: "usual_care")])
        .fit(to: frame)
    let plain = try MMRM("change ~ baseline + arm + visit + cs(visit | patient_id)",
                         contrasts: ["arm": .treatment(reference: "usual_care")]).fit(to: frame)
    let columns = aliased.coefficients.map(\.term)
    let armIndex = try #require(columns.firstIndex(of: "armmassage"))
    let arm2Index = try #require(columns.firstIndex(of: "arm2massage"))
    #expect(aliased.coefficients[arm2Index].estimate == nil)
    var alone = [Double](repeating: 0, count: columns.count)
    alone[armIndex] = 1
    #expect(aliased.linearCombination(alone) == nil)
    var sum = alone
    sum[arm2Index] = 1
    let combined = try #require(aliased.linearCombination(sum))
    let reference = try #require(plain.coefficient("armmassage"))
    #expect(abs(combined.estimate - reference.estimate!) < 1e-8 * reference.standardError!)
    #expect(abs(combined.standardError - reference.standardError!) / reference.standardError! < 1e-8)
    let means = try aliased.leastSquaresMeans(of: "arm")
    #expect(means.means.allSatisfy { $0.estimate.isNaN })
}

/// Kenward–Roger for structures no R package fits that way, against a brute-force R
/// implementation of its definition in SAS's parameters
/// (`Notebooks-Scripts/reference_mmrm_kr_bruteforce.R`: analytic ∂Σ and ∂²Σ in ψ, numDeriv's
/// observed Hessian of −2ℓ_R), on trial b: `us` (linear in ψ: kr = kr_linear), `ar1`, `ar1h`
/// and `csh` (the R term moves the SEs), with the observed information, and `ar1` with the
/// expected one. SEs to 1e-6 relative, df to 1e-5 (5e-5 for us: numDeriv's Hessian over its 15
/// parameters is accurate to about 6e-7, and the df carry that through W).
@Test(arguments: ["us", "ar1", "ar1h", "csh"])
func kenwardRogerEqualsABruteForceDefinition(_ structure: String) throws {
    let reference = MMRMTests.keyedValues("mmrm_kr_bruteforce", keyFields: 4)
    let runs: [(String, MMRMDegreesOfFreedom, MMRMParameterInformation)] =
        [("kr", .kenwardRoger, .observed), ("kr_linear", .kenwardRogerLinear, .observed)]
        + (structure == "ar1" ? [("kr_expected", .kenwardRoger, .expected)] : [])
    for (name, method, information) in runs {
        let fit = try MMRMInferenceTests.fit("b", method, information: information, structure: structure)
        let criterion = try #require(reference["\(structure) fit m2loglik "])
        #expect(fit.objective <= criterion * (1 + 1e-10), "\(structure) −2ℓ \(fit.objective) vs \(criterion)")
        for (coefficient, df) in zip(fit.coefficients, fit.degreesOfFreedom) {
            let se = try #require(reference["\(structure) \(name) se \(coefficient.term)"], "\(structure) \(name) \(coefficient.term)")
            let expectedDF = try #require(reference["\(structure) \(name) df \(coefficient.term)"])
            #expect(abs(coefficient.standardError! - se) / se < 1e-6, "\(structure) \(name) \(coefficient.term) SE \(coefficient.standardError!) vs \(se)")
            #expect(abs(df! - expectedDF) / expectedDF < (structure == "us" ? 5e-5 : 1e-5), "\(structure) \(name) \(coefficient.term) df \(df!) vs \(expectedDF)")
        }
    }
}
