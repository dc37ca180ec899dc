import Foundation
import RealModule
import Testing
import OutcomeStats
import CohortData

/// One row of R's glm() output (Notebooks-Scripts/reference_glm.R → Fixtures/glm_reference.csv).
struct GLMReferenceRow {
    let data: String, model: String, term: String
    let estimate: Double, standardError: Double, statistic: Double, pValue: Double
    let observations: Int, deviance: Double, nullDeviance: Double, residualDF: Int, nullDF: Int, aic: Double

    static func load(_ resource: String = "glm_reference") throws -> [GLMReferenceRow] {
        let url = try #require(Bundle.module.url(forResource: resource, withExtension: "csv", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func d(_ i: Int) throws -> Double { try #require(Double(f[i]), "\(f[i]) in \(line)") }
            func n(_ i: Int) throws -> Int { try #require(Int(f[i]), "\(f[i]) in \(line)") }
            return GLMReferenceRow(data: f[0], model: f[1], term: f[2], estimate: try d(3), standardError: try d(4),
                                   statistic: try d(5), pValue: try d(6), observations: try n(7), deviance: try d(8),
                                   nullDeviance: try d(9), residualDF: try n(10), nullDF: try n(11), aic: try d(12))
        }
    }
}

/// The models of reference_glm.R: formula, family and the visits they use.
private let glmModels: [(name: String, formula: String, family: GLMFamily, week: Double?)] = [
    ("responder-week10", "pain_nrs_responder ~ technique + cohort", .binomial, 10),
    ("responder-all", "pain_nrs_responder ~ technique + cohort * week + sessions_per_week + age", .binomial, nil),
    ("sex", "sex ~ age + bmi + cohort", .binomial, 0),
    ("mood-poisson", "mood_phq9 ~ technique + cohort * week + sessions_per_week", .poisson, nil),
    ("sleep-poisson", "sleep_psqi ~ cohort + week + age", .poisson, nil),
]


/// The cohort at `path` with the pain responder flag derived, restricted to one week if given.
func cohortWithResponders(_ path: String, week: Double?) throws -> Frame {
    let frame = try ResponderDerivation(outcome: "pain_nrs").adding(to: CohortLoader().load(path: path))
    guard let week, case .numeric(let weeks)? = frame["week"] else { return frame }
    return frame.rows(weeks.indices.filter { weeks[$0] == week })
}

/// Binomial (logit, including a categorical response) and Poisson (log) fits agree with R's glm
/// (epsilon = 1e-14) on the example cohort and the simulated cohort: estimates, standard errors,
/// z, deviance, null deviance and AIC to 1e-8 relative; p-values to 1e-10 absolute.
@Test(arguments: ["example", "simulated"])
func glmFitsMatchR(data: String) throws {
    let path = data == "example" ? repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
        : try #require(Bundle.module.url(forResource: "simulated_cohort_500_seed7", withExtension: "csv", subdirectory: "Fixtures")).path
    let reference = try GLMReferenceRow.load().filter { $0.data == data }
    #expect(Set(reference.map(\.model)) == Set(glmModels.map(\.name)))
    var worst = 0.0, worstP = 0.0
    for model in glmModels {
        let frame = try cohortWithResponders(path, week: model.week)
        let fit = try GeneralizedLinearModel(model.formula, family: model.family,
                                             contrasts: ["technique": .treatment(reference: "usual_care"),
                                                         "cohort": .treatment(reference: "acute")]).fit(to: frame)
        #expect(fit.isConverged && fit.separation == nil, "\(data) \(model.name): \(fit.warnings)")
        let rows = reference.filter { $0.model == model.name }
        #expect(fit.coefficients.map(\.term) == rows.map(\.term), "\(data) \(model.name): terms differ from R's")
        for row in rows {
            let c = try #require(fit.coefficient(row.term))
            let pairs: [(Double, Double)] = [(try #require(c.estimate), row.estimate),
                         (try #require(c.standardError), row.standardError),
                         (try #require(c.statistic), row.statistic),
                         (fit.deviance, row.deviance), (fit.nullDeviance, row.nullDeviance),
                         (fit.aic, row.aic)]
            let errors = pairs.map { relativeError($0.0, $0.1) }
            worst = max(worst, errors.max()!)
            #expect(pairs.allSatisfy { $0.0.isApproximatelyEqual(to: $0.1, relativeTolerance: 1e-8) },
                    "\(data) \(model.name) \(row.term): relative errors \(errors)")
            let pError = abs(try #require(c.pValue) - row.pValue)
            worstP = max(worstP, pError)
            #expect(pError <= 1e-10, "\(data) \(model.name) \(row.term): p \(c.pValue!) vs R \(row.pValue)")
            #expect(fit.observationCount == row.observations && fit.residualDegreesOfFreedom == row.residualDF
                    && fit.nullDegreesOfFreedom == row.nullDF)
        }
    }
    print("\(data) cohort vs R glm(): worst relative error \(worst), worst absolute p-value error \(worstP)")
}
