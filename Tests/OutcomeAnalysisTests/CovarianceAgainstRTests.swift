import CohortData
import Foundation
import OutcomeStats
import RealModule
import Testing

/// One row of Notebooks-Scripts/reference_covariance.R's output (Fixtures/covariance_reference.csv).
struct CovarianceReferenceRow {
    let cohort: String, model: String, covariance: String, term: String
    let estimate: Double, standardError: Double, statistic: Double, pValue: Double
    let observations: Int, residualDF: Int, sigma: Double, rSquared: Double
    let fStatistic: Double?, fPValue: Double?

    static func load() throws -> [CovarianceReferenceRow] {
        let url = try #require(Bundle.module.url(forResource: "covariance_reference", withExtension: "csv", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            // Only the term is quoted (it may hold commas); split around it.
            let parts = line.split(separator: "\"", omittingEmptySubsequences: false).map(String.init)
            try #require(parts.count == 3, "\(line)")
            let head = parts[0].split(separator: ",").map(String.init)
            let tail = parts[2].dropFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func d(_ i: Int) throws -> Double { try #require(Double(tail[i]), "\(tail[i]) in \(line)") }
            return CovarianceReferenceRow(
                cohort: head[0], model: head[1], covariance: head[2], term: parts[1],
                estimate: try d(0), standardError: try d(1), statistic: try d(2), pValue: try d(3),
                observations: try #require(Int(tail[4])), residualDF: try #require(Int(tail[5])),
                sigma: try d(6), rSquared: try d(7), fStatistic: Double(tail[8]), fPValue: Double(tail[9]))
        }
    }
}

/// The models of reference_covariance.R: formula and weights column.
let covarianceModels: [String: (formula: String, weights: String?)] = [
    "main": ("pain_nrs ~ sessions_per_week + technique + cohort * week", nil),
    "functions": ("pain_nrs ~ poly(week, 2, raw = TRUE) + cohort + log(age) + I(bmi^2) + I(week * sessions_per_week)", nil),
    "weighted": ("sleep_psqi ~ technique + week * cohort", "age"),
    "zero-weights": ("pain_nrs ~ week + cohort", "sessions_per_week"),
]

let covarianceCohorts = ["example": "Datasets/example_cohort.csv",
                         "simulated_seed7": "Tests/OutcomeAnalysisTests/Fixtures/simulated_seed7.csv"]


/// The estimator a reference file names: classical, HC0–HC3, CR1:column.
func estimator(_ text: String) -> CovarianceEstimator {
    switch text {
    case "classical": .classical
    case "HC0": .hc0
    case "HC1": .hc1
    case "HC2": .hc2
    case "HC3": .hc3
    default: .cluster(by: String(text.dropFirst(4)))
    }
}

/// Classical, HC0–HC3 and CR1 (by site, by patient) standard errors, weighted least squares and
/// the formula functions agree with R's lm + sandwich + lmtest on two cohorts: estimates,
/// standard errors, t statistics and (Wald) F statistics to 1e-8 relative; p-values to 1e-10
/// absolute.
@Test func covarianceEstimatorsMatchRsSandwich() throws {
    let reference = try CovarianceReferenceRow.load()
    #expect(Set(reference.map(\.model)) == Set(covarianceModels.keys))
    var worst = (relative: 0.0, pValue: 0.0)
    var checked = 0
    for (cohort, path) in covarianceCohorts {
        let frame = try CohortLoader().load(path: repositoryRoot.appendingPathComponent(path).path)
        for (name, spec) in covarianceModels {
            let model = try LinearModel(spec.formula, contrasts: ["technique": .treatment(reference: "usual_care"),
                                                                  "cohort": .treatment(reference: "acute")],
                                        weights: spec.weights)
            let classical = try model.fit(to: frame)
            let estimators = Set(reference.filter { $0.cohort == cohort && $0.model == name }.map(\.covariance))
            #expect(!estimators.isEmpty)
            for label in estimators.sorted() {
                let rows = reference.filter { $0.cohort == cohort && $0.model == name && $0.covariance == label }
                let fit = try classical.with(covariance: estimator(label))
                #expect(fit.covarianceEstimator == estimator(label))
                #expect(fit.coefficients.map(\.term) == rows.map(\.term), "\(cohort) \(name): terms differ from R's")
                for row in rows {
                    let c = try #require(fit.coefficient(row.term))
                    let pairs: [(Double, Double)] = [(try #require(c.estimate), row.estimate), (try #require(c.standardError), row.standardError),
                                 (try #require(c.statistic), row.statistic)]
                    let errors = pairs.map { relativeError($0.0, $0.1) }
                    let pError = abs(try #require(c.pValue) - row.pValue)
                    worst = (max(worst.relative, errors.max()!), max(worst.pValue, pError))
                    #expect(pairs.allSatisfy { $0.0.isApproximatelyEqual(to: $0.1, relativeTolerance: 1e-8) },
                            "\(cohort) \(name) \(label) \(row.term): relative errors \(errors)")
                    #expect(pError <= 1e-10, "\(cohort) \(name) \(label) \(row.term): p-value error \(pError)")
                    checked += 1
                }
                let row = rows[0]
                #expect(fit.observationCount == row.observations && fit.residualDegreesOfFreedom == row.residualDF)
                #expect(fit.residualStandardError.isApproximatelyEqual(to: row.sigma, relativeTolerance: 1e-8))
                #expect(fit.rSquared.isApproximatelyEqual(to: row.rSquared, relativeTolerance: 1e-8))
                if let f = row.fStatistic, let p = row.fPValue {
                    let test = try #require(fit.fTest, "\(cohort) \(name) \(label): no F test")
                    #expect(test.statistic.isApproximatelyEqual(to: f, relativeTolerance: 1e-8), "\(cohort) \(name) \(label): F \(test.statistic) vs \(f)")
                    #expect(abs(test.pValue - p) <= 1e-10)
                } else {
                    #expect(fit.fTest == nil, "\(cohort) \(name) \(label): R's Wald F is undefined (fewer clusters than slopes)")
                }
                // Fitting with the estimator directly gives the same result as switching.
                let direct = try model.fit(to: frame, covariance: estimator(label))
                #expect(direct.coefficients == fit.coefficients)
            }
        }
    }
    print("covariance vs R sandwich: \(checked) coefficients; worst relative error \(worst.relative), worst p-value error \(worst.pValue)")
}
