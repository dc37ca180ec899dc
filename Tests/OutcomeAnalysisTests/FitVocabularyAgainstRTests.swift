import CohortData
import Foundation
import OutcomeStats
import RealModule
import Testing

/// The fit vocabulary (``StatisticalFit``) answers as R's accessors do, on the example cohort
/// (`Notebooks-Scripts/reference_fit_vocabulary.R` → `Fixtures/fit_vocabulary_reference.csv`):
/// `logLik`, `AIC`, `BIC`, `nobs`, `df.residual`, 90 % intervals (`confint`, `confint.default`),
/// `fitted` and `predict` for new data.
///
/// Tolerances (relative): the linear models are closed forms, 1e-10; the GLM stops IRLS at a
/// relative deviance change of 1e-12 where R stops at 1e-8, so its estimates differ from R's
/// by up to about 1e-8 and the checks allow 1e-7 (the log-likelihood, flat at the optimum,
/// 1e-10); the mixed model's REML optimum and lme4's differ in the last digits of θ, so 1e-7 for
/// fitted values and predictions and 1e-9 for the criterion. Observed (printed): about 9e-15
/// for both linear models, 2e-9 for the GLM and 1e-9 for the mixed model.
private struct Reference {
    let values: [String: [Int: Double]]

    init() throws {
        let url = try #require(Bundle.module.url(forResource: "fit_vocabulary_reference", withExtension: "csv", subdirectory: "Fixtures"))
        var values: [String: [Int: Double]] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            try #require(f.count == 4, "\(line)")
            values["\(f[0]) \(f[1])", default: [:]][try #require(Int(f[2]))] = try #require(Double(f[3]))
        }
        self.values = values
    }

    func scalar(_ model: String, _ quantity: String) throws -> Double { try #require(values["\(model) \(quantity)"]?[0]) }

    func vector(_ model: String, _ quantity: String) throws -> [Double] {
        let entries = try #require(values["\(model) \(quantity)"])
        return (1...entries.count).map { entries[$0]! }
    }
}

private let cohort = try! CohortLoader().load(path: repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path)

private let newData = try! Frame(columns: [
    ("week", .numeric([0, 12, 4, 8])),
    ("cohort", .categorical(CategoricalColumn(["acute", "chronic", "subacute", "chronic"]))),
    ("technique", .categorical(CategoricalColumn(["usual_care", "deep_tissue", "combined", "friction"]))),
])

private func fit(_ model: String) throws -> any StatisticalFit {
    switch model {
    case "lm": try LinearModel("pain_nrs ~ week + cohort + technique").fit(to: cohort)
    case "lm-w": try LinearModel("pain_nrs ~ week + cohort + technique", weights: "bmi").fit(to: cohort)
    case "glm": try GeneralizedLinearModel("mood_phq9 ~ technique + week", family: .poisson).fit(to: cohort)
    default: try MixedModel("pain_nrs ~ week + cohort + (1 | patient_id)").fit(to: cohort)
    }
}

/// The worst relative difference from R seen by the checks of one model (printed, for the record).
private final class WorstDifference: @unchecked Sendable {
    private var worst: [String: Double] = [:]
    private let lock = NSLock()
    func record(_ model: String, _ ours: Double, _ r: Double) {
        let difference = abs(ours - r) / max(abs(ours), abs(r), .leastNormalMagnitude)
        lock.lock(); worst[model] = max(worst[model] ?? 0, difference); lock.unlock()
    }
    func value(_ model: String) -> Double { lock.lock(); defer { lock.unlock() }; return worst[model] ?? 0 }
}
private let worstDifference = WorstDifference()

private func expectClose(_ ours: Double, _ r: Double, _ tolerance: Double, _ what: String) {
    worstDifference.record(String(what.prefix { $0 != " " }), ours, r)
    #expect(ours.isApproximatelyEqual(to: r, relativeTolerance: tolerance), "\(what): \(ours) vs R \(r)")
}

private func expectClose(_ ours: [Double], _ r: [Double], _ tolerance: Double, _ what: String) {
    #expect(ours.count == r.count, "\(what): \(ours.count) values vs R's \(r.count)")
    for (index, (a, b)) in zip(ours, r).enumerated() { expectClose(a, b, tolerance, "\(what)[\(index)]") }
}

@Test(arguments: [("lm", 1e-10, 1e-10), ("lm-w", 1e-10, 1e-10), ("glm", 1e-10, 1e-7), ("lmer", 1e-9, 1e-7)])
func fitVocabularyMatchesRsAccessors(model: String, criterionTolerance: Double, valueTolerance: Double) throws {
    let reference = try Reference()
    let fit = try fit(model)
    expectClose(fit.logLikelihood, try reference.scalar(model, "loglik"), criterionTolerance, "\(model) logLik")
    expectClose(fit.aic, try reference.scalar(model, "aic"), criterionTolerance, "\(model) AIC")
    expectClose(fit.bic, try reference.scalar(model, "bic"), criterionTolerance, "\(model) BIC")
    #expect(Double(fit.observationCount) == (try reference.scalar(model, "nobs")))
    if model != "lmer" {
        #expect(Double(fit.residualDegreesOfFreedom) == (try reference.scalar(model, "df_residual")))
        let intervals = fit.confidenceIntervals(level: 0.9)
        let lows = try intervals.map { try #require($0).low }, highs = try intervals.map { try #require($0).high }
        expectClose(lows, try reference.vector(model, "conf_low_90"), valueTolerance, "\(model) 90 % lower limits")
        expectClose(highs, try reference.vector(model, "conf_high_90"), valueTolerance, "\(model) 90 % upper limits")
    }
    expectClose(Array(fit.fittedValues.prefix(5)), try reference.vector(model, "fitted_first5"), valueTolerance, "\(model) fitted")
    let predictions = try fit.predictedMeans(for: newData).map { try #require($0) }
    expectClose(predictions, try reference.vector(model, "predict_new"), valueTolerance, "\(model) predictions")
    print("fit vocabulary vs R, \(model): worst relative difference \(worstDifference.value(model))")
}

/// Identities every fit answers, the MMRM included: residuals + fitted = y; the intervals at the
/// fit's own level are its coefficients' intervals; predictions on the fitted data are the
/// population-level fitted values (for the models without random effects); AIC and BIC follow
/// from the log-likelihood and k (the MMRM's BIC counts subjects, as SAS does).
@Test(arguments: ["lm", "lm-w", "glm", "lmer", "mmrm"])
func fitVocabularyIdentities(model: String) throws {
    let frame: Frame
    let fit: any StatisticalFit
    if model == "mmrm" {
        // Simulated trial b with the visit as a factor (levels 1 … 5 in order).
        let lines = try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/OutcomeStatsTests/Fixtures/mmrm_trial_b.csv"),
                               encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        func column(_ name: String) throws -> [String] {
            let j = try #require(lines[0].firstIndex(of: name))
            return lines.dropFirst().map { $0[j] }
        }
        frame = try Frame(columns: [("change", .numeric(try column("change").map { try #require(Double($0)) })),
                                    ("baseline", .numeric(try column("baseline").map { try #require(Double($0)) })),
                                    ("arm", .categorical(CategoricalColumn(try column("arm")))),
                                    ("visit", .categorical(CategoricalColumn(try column("week")))),
                                    ("patient_id", .categorical(CategoricalColumn(try column("patient_id"))))])
        fit = try MMRM("change ~ baseline + arm * visit + us(visit | patient_id)").fit(to: frame)
    } else {
        frame = cohort
        fit = try fitVocabularyFit(model)
    }
    #expect(fit.fittedValues.count == fit.observationCount)
    #expect(fit.residuals.count == fit.observationCount)
    let intervals = fit.confidenceIntervals(level: fit.confidenceLevel)
    #expect(intervals.count == fit.coefficients.count)
    for (interval, coefficient) in zip(intervals, fit.coefficients) {
        let interval = try #require(interval)
        expectClose(interval.low, try #require(coefficient.confidenceLow), 1e-12, "\(model) \(coefficient.term) lower")
        expectClose(interval.high, try #require(coefficient.confidenceHigh), 1e-12, "\(model) \(coefficient.term) upper")
    }
    let k = Double(fit.informationParameterCount)
    expectClose(fit.aic, -2 * fit.logLikelihood + 2 * k, 1e-13, "\(model) AIC")
    if model != "mmrm" { expectClose(fit.bic, -2 * fit.logLikelihood + log(Double(fit.observationCount)) * k, 1e-13, "\(model) BIC") }
    if model == "lm" || model == "glm" || model == "mmrm" {
        // The fitted rows: those with the response and every predictor present.
        let y = try #require({ if case .numeric(let values)? = frame[fit.formula.response] { values } else { nil } }())
        let predicted = try fit.predictedMeans(for: frame).enumerated().compactMap { y[$0.offset].isNaN ? nil : $0.element }
        expectClose(predicted, fit.fittedValues, 1e-10, "\(model) predictions on the fitted data")
    }
}

private func fitVocabularyFit(_ model: String) throws -> any StatisticalFit { try fit(model) }

/// The core's notes: the estimator first for a linear model; aliased terms named; a large
/// condition number (statsmodels' warning) with κ; a GLM's separation and non-convergence are
/// its warnings.
@Test func fitNotesComeFromTheCore() throws {
    let hc3 = try LinearModel("pain_nrs ~ week + cohort").fit(to: cohort, covariance: .hc3)
    #expect(hc3.notes.first == .standardErrors(.hc3))
    #expect(hc3.notes.first?.message == "Standard errors: HC3 heteroskedasticity-consistent (sandwich).")
    let weeks = (0..<40).map { Double($0 % 10) }
    let aliased = try Frame(columns: [("y", .numeric(weeks.enumerated().map { Double($0.offset % 7) + $0.element })),
                                      ("a", .numeric(weeks)), ("b", .numeric(weeks.map { 2 * $0 + 1 })),
                                      ("c", .numeric(weeks.map { $0 + 1e-6 * Double(Int($0) % 3) }))])
    let rankDeficient = try LinearModel("y ~ a + b").fit(to: aliased)
    #expect(rankDeficient.notes.contains(.aliased(terms: ["b"])))
    let collinear = try LinearModel("y ~ a + c").fit(to: aliased)
    let kappa = try #require(collinear.notes.compactMap { if case .largeConditionNumber(let k) = $0 { k } else { nil } }.first)
    #expect(kappa == 1 / collinear.reciprocalCondition && kappa > 1e4)
    #expect(collinear.notes.last?.message.hasPrefix("The condition number of the design (columns scaled to comparable norms) is large, ") == true)
    let separated = try Frame(columns: [("y", .numeric([0, 0, 0, 0, 1, 1, 1, 1])), ("x", .numeric([1, 2, 3, 4, 5, 6, 7, 8]))])
    let glm = try GeneralizedLinearModel("y ~ x", family: .binomial).fit(to: separated)
    #expect(glm.notes.contains { if case .separation = $0 { true } else { false } })
    #expect(glm.warnings == glm.notes.map(\.message))
}
