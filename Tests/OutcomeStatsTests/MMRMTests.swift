import Foundation
import Testing
@testable import OutcomeStats

/// The MMRM against nlme's `gls` (tight tolerances) and lme4/lmerTest, on two simulated trials:
/// trial a (200 patients × 4 visits, complete) and trial b (300 × 5, about 30 % monotone dropout).
/// Values from `Notebooks-Scripts/reference_mmrm.R`.
@Suite struct MMRMTests {
    struct Reference {
        let m2loglik: Double
        let estimates: [String: Double]
        let standardErrors: [String: Double]
    }

    static func trial(_ name: String) throws -> Frame {
        let url = try #require(Bundle.module.url(forResource: "mmrm_trial_\(name)", withExtension: "csv", subdirectory: "Fixtures"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let header = lines[0]
        var columns: [(String, Column)] = []
        for (j, name) in header.enumerated() {
            let cells = lines.dropFirst().map { $0[j] }
            if ["patient_id", "arm", "site"].contains(name) {
                columns.append((name, .categorical(CategoricalColumn(cells))))
            } else {
                columns.append((name, .numeric(cells.map { Double($0)! })))
            }
            // The visit as R's factor(week): categorical, levels in numeric order.
            if name == "week" { columns.append(("visit", .categorical(CategoricalColumn(cells)))) }
        }
        return try Frame(columns: columns)
    }

    /// Reference rows keyed "dataset structure estimation quantity term".
    static let references = keyedValues("mmrm_reference", keyFields: 5)

    /// A fixture CSV (header skipped) as a map from its first `keyFields` fields, joined by
    /// spaces, to the number in the next field.
    static func keyedValues(_ name: String, keyFields: Int) -> [String: Double] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var result: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            result[f.prefix(keyFields).joined(separator: " ")] = Double(f[keyFields])
        }
        return result
    }

    static func reference(_ dataset: String, _ structure: String, _ estimation: String, _ quantity: String, _ term: String = "") -> Double? {
        references["\(dataset) \(structure) \(estimation) \(quantity) \(term)"]
    }

    struct Case: CustomStringConvertible, Sendable {
        let dataset: String
        let structure: String
        let estimation: Estimation
        var description: String { "\(dataset) \(structure) \(estimation)" }
    }

    static let cases: [Case] = ["a", "b"].flatMap { d in
        ["us", "cs", "csh", "ar1", "ar1h", "toep", "toeph", "sp_exp", "us_weighted"].flatMap { s in
            [Case(dataset: d, structure: s, estimation: .reml)]
                + (["us", "cs", "ar1"].contains(s) ? [Case(dataset: d, structure: s, estimation: .ml)] : [])
        }
    }

    /// −2ℓ to 1e-8 relative, estimates within 1e-4 SE, SEs to 1e-5 relative, and our criterion
    /// never above the reference's.
    @Test(arguments: cases)
    func equalsNlmeGls(_ c: Case) throws {
        let frame = try Self.trial(c.dataset)
        let time = c.structure == "sp_exp" ? "week" : "visit"
        let structure = c.structure == "us_weighted" ? "us" : c.structure
        let model = try MMRM("change ~ baseline + arm * visit + site + \(structure)(\(time) | patient_id)", estimation: c.estimation,
                             weights: c.structure == "us_weighted" ? "w" : nil)
        let fit = try model.fit(to: frame)
        let tag = c.estimation == .reml ? "REML" : "ML"
        let criterion = try #require(Self.reference(c.dataset, c.structure, tag, "m2loglik"))
        #expect(abs(fit.objective - criterion) / abs(criterion) < 1e-8, "−2ℓ \(fit.objective) vs \(criterion)")
        #expect(fit.objective <= criterion + 1e-9 * abs(criterion))
        for coefficient in fit.coefficients {
            let estimate = try #require(Self.reference(c.dataset, c.structure, tag, "estimate", coefficient.term), "\(coefficient.term)")
            let se = try #require(Self.reference(c.dataset, c.structure, tag, "se", coefficient.term))
            #expect(abs(coefficient.estimate! - estimate) <= 1e-4 * se, "\(coefficient.term): \(coefficient.estimate!) vs \(estimate)")
            #expect(abs(coefficient.standardError! - se) / se <= 1e-5, "\(coefficient.term) SE: \(coefficient.standardError!) vs \(se)")
        }
    }
}

/// Compound symmetry with a positive correlation is lme4's random-intercept model: the REML
/// criterion, the SEs and lmerTest's Satterthwaite df agree.
@Test(arguments: ["a", "b"])
func compoundSymmetryIsTheRandomIntercept(_ dataset: String) throws {
    let frame = try MMRMTests.trial(dataset)
    let fit = try MMRM("change ~ baseline + arm * visit + site + cs(visit | patient_id)").fit(to: frame)
    let criterion = try #require(MMRMTests.reference(dataset, "cs", "REML", "lmer_m2loglik"))
    #expect(abs(fit.objective - criterion) / criterion < 1e-8, "\(fit.objective) vs \(criterion)")
    for (coefficient, df) in zip(fit.coefficients, fit.degreesOfFreedom) {
        let se = try #require(MMRMTests.reference(dataset, "cs", "REML", "lmer_se", coefficient.term))
        let reference = try #require(MMRMTests.reference(dataset, "cs", "REML", "lmer_df", coefficient.term))
        #expect(abs(coefficient.standardError! - se) / se < 1e-5, "\(coefficient.term) SE")
        #expect(abs(df! - reference) / reference < 1e-6, "\(coefficient.term) df \(df!) vs \(reference)")
    }
}

/// Identities for the structures no reference fits (`ad`, `adh`, group-specific covariance):
/// with two visits `ad` is `ar1` and `cs`, and `adh` is `us`.
@Test func anteDependenceOnTwoVisitsIsAr1AndUnstructured() throws {
    let full = try MMRMTests.trial("b")
    guard case .numeric(let weeks)? = full["week"] else { Issue.record("no week"); return }
    let frame = full.rows(weeks.indices.filter { weeks[$0] <= 2 })
    func criterion(_ structure: String) throws -> Double {
        try MMRM("change ~ baseline + arm * visit + \(structure)(visit | patient_id)").fit(to: frame).objective
    }
    let ad = try criterion("ad"), adh = try criterion("adh")
    #expect(abs(ad - (try criterion("ar1"))) < 1e-9 * abs(ad))
    #expect(abs(ad - (try criterion("cs"))) < 1e-9 * abs(ad))
    #expect(abs(adh - (try criterion("us"))) < 1e-9 * abs(adh))
}

/// Nested structures order their optimal criteria: ar1 ⊂ ad ⊂ us, ar1h ⊂ adh ⊂ us, cs ⊂ toep,
/// ar1 ⊂ toep ⊂ toeph ⊂ us (same fixed effects, so REML criteria compare).
@Test(arguments: ["a", "b"])
func nestedStructuresOrderTheirCriteria(_ dataset: String) throws {
    let frame = try MMRMTests.trial(dataset)
    var value: [String: Double] = [:]
    for structure in ["us", "ad", "adh", "ar1", "ar1h", "cs", "toep", "toeph"] {
        value[structure] = try MMRM("change ~ baseline + arm * visit + site + \(structure)(visit | patient_id)").fit(to: frame).objective
    }
    let slack = 1e-8
    for (small, large) in [("ar1", "ad"), ("ad", "us"), ("ar1h", "adh"), ("adh", "us"), ("ad", "adh"),
                           ("cs", "toep"), ("ar1", "toep"), ("toep", "toeph"), ("toeph", "us")] {
        #expect(value[large]! <= value[small]! + slack, "\(large) \(value[large]!) above \(small) \(value[small]!)")
    }
    // Strictly better where the data's truth (heterogeneous, decaying correlation) says so.
    #expect(value["adh"]! < value["ad"]! - 1)
}

/// A covariance per arm with fixed effects fully interacted with the arm is two independent
/// fits: the criterion is the sum of the fits to each arm alone.
@Test func groupSpecificCovarianceFactorsIntoSeparateFits() throws {
    let frame = try MMRMTests.trial("b")
    let joint = try MMRM("change ~ arm * (baseline + visit) + us(visit | arm / patient_id)").fit(to: frame)
    #expect(joint.groups == ["massage", "usual_care"])
    #expect(joint.covarianceMatrices.count == 2)
    guard case .categorical(let arm)? = frame["arm"] else { Issue.record("no arm"); return }
    var separate = 0.0
    for level in arm.levels {
        let rows = arm.codes.indices.filter { arm.levels[Int(arm.codes[$0])] == level }
        separate += try MMRM("change ~ baseline + visit + us(visit | patient_id)").fit(to: frame.rows(rows)).objective
    }
    #expect(abs(joint.objective - separate) < 1e-8 * abs(separate), "\(joint.objective) vs \(separate)")
}

/// A visit never observed within one group of a heterogeneous per-group covariance is refused,
/// naming the visit and the group; a homogeneous structure (ar1) fits the same data.
@Test func aVisitNeverObservedInAGroupIsRefused() throws {
    let frame = try MMRMTests.trial("b")
    guard case .categorical(let arm)? = frame["arm"], case .numeric(let week)? = frame["week"] else { Issue.record("columns"); return }
    let rows = frame.rows(arm.codes.indices.filter { !(arm.levels[Int(arm.codes[$0])] == "massage" && week[$0] == 8) })
    do {
        _ = try MMRM("change ~ arm * (baseline + visit) + us(visit | arm / patient_id)").fit(to: rows)
        Issue.record("accepted a visit never observed in a group")
    } catch let error as StatsError {
        #expect("\(error)".contains("'visit' level '8' is never observed in group 'massage'"), "\(error)")
    }
    _ = try MMRM("change ~ arm * baseline + visit + ar1(visit | arm / patient_id)").fit(to: rows)
}

/// Equal case weights c divide every variance by c, so the same data give Σ̂ scaled by c, the
/// same β̂, SEs and criterion.
@Test func equalWeightsScaleTheCovariance() throws {
    var frame = try MMRMTests.trial("a")
    try frame.append("w4", .numeric([Double](repeating: 4, count: frame.rowCount)))
    let formula = "change ~ baseline + arm * visit + us(visit | patient_id)"
    let plain = try MMRM(formula).fit(to: frame)
    let weighted = try MMRM(formula, weights: "w4").fit(to: frame)
    #expect(plain.coefficients.count == weighted.coefficients.count)
    for (a, b) in zip(plain.coefficients, weighted.coefficients) {
        #expect(abs(a.estimate! - b.estimate!) < 1e-5 * a.standardError!)
        #expect(abs(a.standardError! - b.standardError!) < 1e-6 * a.standardError!)
    }
    #expect(abs(weighted.covarianceMatrices[0][0] - 4 * plain.covarianceMatrices[0][0]) < 1e-6 * weighted.covarianceMatrices[0][0])
    #expect(abs(weighted.objective - plain.objective) < 1e-9 * plain.objective)
}

/// Reversing the order of the visits leaves an unstructured fit unchanged.
@Test func unstructuredIsInvariantToTheVisitOrder() throws {
    let frame = try MMRMTests.trial("b")
    guard case .categorical(let visit)? = frame["visit"] else { Issue.record("no visit"); return }
    var reversed = frame
    let k = Int32(visit.levels.count - 1)
    try reversed.set("visit", .categorical(CategoricalColumn(levels: visit.levels.reversed(), codes: visit.codes.map { k - $0 })))
    let formula = "change ~ baseline + arm + site + us(visit | patient_id)"
    let a = try MMRM(formula).fit(to: frame), b = try MMRM(formula).fit(to: reversed)
    #expect(abs(a.objective - b.objective) < 1e-9 * a.objective)
    #expect(abs(a.coefficient("baseline")!.estimate! - b.coefficient("baseline")!.estimate!) < 1e-8)
    #expect(abs(a.degreesOfFreedom[1]! - b.degreesOfFreedom[1]!) < 1e-6 * a.degreesOfFreedom[1]!)
}

/// Bad input is an error naming what is wrong.
@Test func twoRowsAtOneVisitAreRefusedNamingTheSubject() throws {
    let frame = try MMRMTests.trial("a")
    let doubled = frame.rows(Array(0..<frame.rowCount) + [0])
    #expect { try MMRM("change ~ visit + us(visit | patient_id)").fit(to: doubled) } throws: { error in
        "\(error)".contains("subject 'P001' has two observations at visit '2'")
    }
    #expect { try MMRM("change ~ visit + us(visit | week / patient_id)").fit(to: frame) } throws: { error in
        "\(error)".contains("must be constant within a subject")
    }
    for (text, fragment) in [
        ("change ~ visit + us(visit | patient_id) + ar1(visit | patient_id)", "a formula can have one covariance term"),
        ("change ~ visit + us(visit | patient_id) + (1 | site)", "cannot have both random-effect terms and a covariance term"),
        ("change ~ visit + us(visit | visit)", "must be different columns"),
        ("change ~ visit + us(change | patient_id)", "the response 'change' cannot be the visit of the covariance term"),
    ] {
        #expect {
            try Formula(text)
        } throws: { error in
            guard case StatsError.formulaSyntax(formula: _, position: _, message: let message) = error else { return false }
            return message.contains(fragment)
        }
    }
}

/// LS-means of the arm at each visit and the treatment difference at each visit equal emmeans
/// on the unstructured gls: estimates within 1e-4 SE and SEs to 1e-5 relative. emmeans'
/// "appx-satterthwaite" df on gls are off by up to a factor of two, so the df are checked
/// against Satterthwaite's definition computed by brute force in R (numDeriv's Richardson
/// Hessian and gradient of an independent implementation of −2ℓ_R), to 1e-4 relative.
@Test(arguments: ["a", "b"])
func leastSquaresMeansEqualEmmeans(_ dataset: String) throws {
    let frame = try MMRMTests.trial(dataset)
    let fit = try MMRM("change ~ baseline + arm * visit + site + us(visit | patient_id)",
                       contrasts: ["arm": .treatment(reference: "usual_care")]).fit(to: frame)
    let means = try fit.leastSquaresMeans(of: "arm", by: "visit")
    #expect(means.means.count == 2 * fit.visits.count)
    #expect(means.differences.count == fit.visits.count)
    for mean in means.means {
        let key = "\(mean.level)@\(mean.by!)"
        let estimate = try #require(MMRMTests.reference(dataset, "us", "REML", "lsmean", key))
        let se = try #require(MMRMTests.reference(dataset, "us", "REML", "lsmean_se", key))
        let df = try #require(MMRMTests.reference(dataset, "us", "REML", "lsmean_satterthwaite_df", key))
        #expect(abs(mean.estimate - estimate) <= 1e-4 * se, "\(key)")
        #expect(abs(mean.standardError - se) / se < 1e-5, "\(key) SE")
        #expect(abs(mean.degreesOfFreedom - df) / df < 1e-4, "\(key) df \(mean.degreesOfFreedom) vs \(df)")
    }
    for difference in means.differences {
        #expect(difference.reference == "usual_care")
        let key = "\(difference.level)@\(difference.by!)"
        let estimate = try #require(MMRMTests.reference(dataset, "us", "REML", "difference", key))
        let se = try #require(MMRMTests.reference(dataset, "us", "REML", "difference_se", key))
        let df = try #require(MMRMTests.reference(dataset, "us", "REML", "difference_satterthwaite_df", key))
        #expect(abs(difference.estimate - estimate) <= 1e-4 * se, "\(key)")
        #expect(abs(difference.standardError - se) / se < 1e-5, "\(key) SE")
        #expect(abs(difference.degreesOfFreedom - df) / df < 1e-4, "\(key) df \(difference.degreesOfFreedom) vs \(df)")
    }
    #expect { try fit.leastSquaresMeans(of: "baseline", by: "visit") } throws: { error in
        guard case StatsError.domain(let message) = error else { return false }
        return message.hasPrefix("'baseline' is not a categorical variable of the MMRM")
    }
}

/// Type III F tests of the compound-symmetry MMRM equal lmerTest's `anova(type = 3)` on the
/// equivalent random-intercept model: F to 1e-6 relative; denominator df to 1e-5 for one-df
/// terms and on complete data. With dropout, multi-df terms differ by up to 5e-4: the
/// Fai–Cornelius df depend on the basis of the hypothesis rows (lmerTest builds SAS-style Type III
/// rows from the treatment coding, we use the sum-coded columns), not only on their span.
@Test(arguments: ["a", "b"])
func typeIIITestsEqualLmerTest(_ dataset: String) throws {
    let frame = try MMRMTests.trial(dataset)
    let fit = try MMRM("change ~ baseline + arm * visit + site + cs(visit | patient_id)").fit(to: frame)
    let tests = try fit.typeIIITests()
    #expect(tests.map(\.term) == ["baseline", "arm", "visit", "site", "arm:visit"])
    for test in tests {
        let f = try #require(MMRMTests.reference(dataset, "cs", "REML", "type3_F", test.term), "\(test.term)")
        let ddf = try #require(MMRMTests.reference(dataset, "cs", "REML", "type3_ddf", test.term))
        let ndf = try #require(MMRMTests.reference(dataset, "cs", "REML", "type3_ndf", test.term))
        #expect(Double(test.numeratorDegreesOfFreedom) == ndf)
        #expect(abs(test.statistic - f) / f < 1e-6, "\(test.term) F \(test.statistic) vs \(f)")
        let tolerance = ndf == 1 || dataset == "a" ? 1e-5 : 1e-3
        #expect(abs(test.denominatorDegreesOfFreedom - ddf) / ddf < tolerance, "\(test.term) df \(test.denominatorDegreesOfFreedom) vs \(ddf)")
    }
}

/// An observation of weight 0 is left out (its variance would be infinite): the fit equals the
/// fit without that row, and the criterion stays finite.
@Test func zeroWeightObservationsAreLeftOut() throws {
    var frame = try MMRMTests.trial("a")
    var w = [Double](repeating: 1, count: frame.rowCount)
    w[0] = 0
    try frame.append("w1", .numeric(w))
    let formula = "change ~ baseline + arm * visit + us(visit | patient_id)"
    let weighted = try MMRM(formula, weights: "w1").fit(to: frame)
    let dropped = try MMRM(formula).fit(to: frame.rows(Array(1..<frame.rowCount)))
    #expect(weighted.objective.isFinite)
    #expect(abs(weighted.objective - dropped.objective) < 1e-9 * abs(dropped.objective))
    #expect(weighted.observationCount == frame.rowCount - 1)
}

/// An unstructured covariance over too many visits is refused before any work, naming the count.
@Test func tooManyCovarianceParametersAreRefused() throws {
    let visits = 20, subjects = 30
    var y: [Double] = [], v: [Double] = [], id: [String?] = []
    for s in 0..<subjects { for t in 0..<visits { y.append(Double((s * 7 + t * 3) % 11)); v.append(Double(t)); id.append("S\(s)") } }
    let frame = try Frame(columns: [("y", .numeric(y)), ("week", .numeric(v)), ("id", .categorical(CategoricalColumn(id)))])
    #expect { try MMRM("y ~ week + us(week | id)").fit(to: frame) } throws: { error in
        "\(error)".contains("has 210 covariance parameters; an MMRM allows 120")
    }
    // Distinct times of a spatial structure are visits too.
    let times = (0..<600).map { Double($0) / 7 }
    let spatial = try Frame(columns: [("y", .numeric(times.map { sin($0) })), ("t", .numeric(times)),
                                      ("id", .categorical(CategoricalColumn((0..<600).map { "S\($0 % 30)" })))])
    #expect { try MMRM("y ~ t + sp_exp(t | id)").fit(to: spatial) } throws: { error in
        "\(error)".contains("has 600 distinct times among the rows used; an MMRM allows 200")
    }
}

/// A structure that cannot converge hands over to the next of a fallback sequence: here the
/// third visit is the first plus one for every subject, so an unstructured Σ is singular at the
/// optimum (the criterion falls without bound), while compound symmetry is well defined.
@Test func aFallbackSequenceUsesTheFirstStructureThatConverges() throws {
    var y: [Double] = [], visit: [String?] = [], id: [String?] = []
    var state: UInt64 = 12345
    func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * 4 - 2
    }
    for s in 0..<40 {
        let first = next(), second = next()
        for (v, value) in [("1", first), ("2", second), ("3", first + 1)] {
            y.append(value); visit.append(v); id.append("S\(s)")
        }
    }
    let frame = try Frame(columns: [("y", .numeric(y)), ("visit", .categorical(CategoricalColumn(visit))),
                                    ("id", .categorical(CategoricalColumn(id)))])
    let model = try MMRM("y ~ visit + us(visit | id)")
    #expect { try model.fit(to: frame) } throws: { error in
        guard case StatsError.mixedModel(let message) = error else { return false }
        return message.hasPrefix("the MMRM with 'us' covariance")
    }
    let fit = try model.fit(to: frame, fallback: [.compoundSymmetry])
    #expect(fit.covarianceTerm.structure == .compoundSymmetry)
    #expect(fit.failedStructures.map(\.structure) == [.unstructured])
    #expect(fit.optimizer.isConverged)
}

/// Review findings (issue 14): a visit with no usable rows is not a level; the fit is invariant
/// to the response's scale (df included); `0 +` formulas parse; an exactly fitted response is an
/// error, not a fit with zero standard errors.
@Test func unusedVisitsScaleInvarianceAndDegenerateResponses() throws {
    let frame = try MMRMTests.trial("b")
    guard case .numeric(let change)? = frame["change"], case .categorical(let visit)? = frame["visit"] else {
        Issue.record("columns"); return
    }
    // Every response at the last visit missing.
    var blanked = frame
    try blanked.set("change", .numeric(change.indices.map { visit.label(at: $0) == "8" ? .nan : change[$0] }))
    let fit = try MMRM("change ~ baseline + arm * visit + us(visit | patient_id)").fit(to: blanked)
    #expect(fit.visits == ["1", "2", "4", "6"])
    let means = try fit.leastSquaresMeans(of: "arm", by: "visit")
    #expect(means.means.count == 8 && means.means.allSatisfy { $0.estimate.isFinite && $0.degreesOfFreedom.isFinite })
    #expect(try fit.typeIIITests().count == 4)

    // Scale invariance: the response in units a million times smaller.
    var small = frame
    try small.set("change", .numeric(change.map { $0 * 1e-6 }))
    let formula = "change ~ baseline + arm * visit + us(visit | patient_id)"
    let a = try MMRM(formula).fit(to: frame), b = try MMRM(formula).fit(to: small)
    #expect(a.coefficients.count == b.coefficients.count && a.degreesOfFreedom.count == b.degreesOfFreedom.count)
    for (ca, cb) in zip(zip(a.coefficients, a.degreesOfFreedom), zip(b.coefficients, b.degreesOfFreedom)) {
        #expect(abs(cb.0.estimate! * 1e6 - ca.0.estimate!) <= 1e-5 * ca.0.standardError!, "\(ca.0.term)")
        #expect(abs(cb.0.standardError! * 1e6 - ca.0.standardError!) <= 1e-6 * ca.0.standardError!)
        #expect(abs(cb.1! - ca.1!) <= 1e-5 * ca.1!, "\(ca.0.term) df \(cb.1!) vs \(ca.1!)")
    }

    // No fixed effects at all.
    let none = try MMRM("change ~ 0 + us(visit | patient_id)").fit(to: frame)
    #expect(none.coefficients.isEmpty && none.objective.isFinite)

    // A response the fixed effects fit exactly.
    var exact = frame
    try exact.set("change", .numeric(frame.rowCount == 0 ? [] : (0..<frame.rowCount).map { _ in 2.5 }))
    #expect { try MMRM("change ~ arm + us(visit | patient_id)").fit(to: exact) } throws: { error in
        "\(error)".contains("fit 'change' exactly")
    }
}

/// Many intermittent visit patterns with many parameters and columns are refused before any
/// moment is computed, with the estimated work, instead of running for hours.
@Test func aFitThatWouldRunForHoursIsRefused() throws {
    var y: [Double] = [], visit: [String?] = [], id: [String?] = [], site: [String?] = []
    var state: UInt64 = 7
    for s in 0..<400 {
        for v in 0..<15 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            if (state >> 33) % 3 == 0 { continue }   // intermittent missing: many patterns
            y.append(Double((state >> 20) % 1000) / 100); visit.append(String(format: "v%02d", v))
            id.append("S\(s)"); site.append("site\(s % 40)")
        }
    }
    let frame = try Frame(columns: [("y", .numeric(y)), ("visit", .categorical(CategoricalColumn(visit))),
                                    ("id", .categorical(CategoricalColumn(id))), ("site", .categorical(CategoricalColumn(site)))])
    let start = Date()
    #expect { try MMRM("y ~ visit + site + us(visit | id)").fit(to: frame) } throws: { error in
        "\(error)".contains("billion operations")
    }
    #expect(Date().timeIntervalSince(start) < 10)
}
