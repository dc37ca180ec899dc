import Foundation
import RealModule
import Testing
@testable import OutcomeAnalysis
import OutcomeStats
import CohortData

/// One row of R's lm() output for the example cohort
/// (Notebooks-Scripts/reference_lm_example.R → Fixtures/lm_reference.csv).
struct RReferenceRow {
    let analysis: String, term: String
    let estimate: Double, standardError: Double, statistic: Double, pValue: Double
    let observations: Int, sigma: Double, rSquared: Double, fStatistic: Double

    static func load() throws -> [RReferenceRow] {
        let url = try #require(Bundle.module.url(forResource: "lm_reference", withExtension: "csv", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            // Terms contain no commas, so a plain split is exact here.
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func d(_ i: Int) throws -> Double { try #require(Double(f[i]), "\(f[i]) in \(line)") }
            return RReferenceRow(analysis: f[0], term: f[1], estimate: try d(2), standardError: try d(3),
                                 statistic: try d(4), pValue: try d(5), observations: try #require(Int(f[6])),
                                 sigma: try d(7), rSquared: try d(8), fStatistic: try d(9))
        }
    }
}


/// Every model of Datasets/analyses.yaml agrees with R's lm() on the example cohort:
/// estimates and standard errors to 1e-8 relative (the bound; observed ≈ 1e-13),
/// t statistics, σ, R² and F to 1e-8, p-values to 1e-8 relative where R's p ≥ 1e-300.
@Test func exampleModelsMatchRsLm() throws {
    // Mixed-model analyses are checked against lme4 (MixedModelAgainstRTests), GLMs against glm (GLMAgainstRTests),
    // the MMRM against nlme's gls (MMRMAnalysisTests), imputed analyses against mice (ChainedEquationsTests).
    let spec = try AnalysisSpec(path: repositoryRoot.appendingPathComponent("Datasets/analyses.yaml").path)
    let analyses = spec.analyses.filter { !$0.formula.isMixed && !$0.formula.isMMRM && $0.family == .gaussian && $0.imputation == nil }
    let reference = try RReferenceRow.load()
    #expect(Set(analyses.map(\.name)) == Set(reference.map(\.analysis)),
            "the R script and Datasets/analyses.yaml list different analyses")
    let frame = try CohortLoader().load(path: repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path)
    var worst = 0.0
    for analysis in analyses {
        let fit = try fitLinearModel(analysis.formula, references: analysis.referenceLevels, frame: frame,
                                     fileLabel: analysis.dataLabel, analysis: analysis.name)
        let rows = reference.filter { $0.analysis == analysis.name }
        #expect(fit.coefficients.map(\.term) == rows.map(\.term), "\(analysis.name): terms differ from R's")
        for row in rows {
            let c = try #require(fit.coefficient(row.term), "\(analysis.name): no term \(row.term)")
            let pairs: [(Double, Double)] = [
                (try #require(c.estimate), row.estimate),
                (try #require(c.standardError), row.standardError),
                (try #require(c.statistic), row.statistic),
            ]
            let errors = pairs.map { relativeError($0.0, $0.1) }
            worst = max(worst, errors.max()!)
            #expect(pairs.allSatisfy { $0.0.isApproximatelyEqual(to: $0.1, relativeTolerance: 1e-8) },
                    "\(analysis.name) \(row.term): relative errors \(errors)")
            if row.pValue >= 1e-300 {
                let pValue = try #require(c.pValue)
                #expect(pValue.isApproximatelyEqual(to: row.pValue, relativeTolerance: 1e-8), "\(analysis.name) \(row.term) p")
            } else {
                #expect(try #require(c.pValue) < 1e-290)
            }
            #expect(fit.observationCount == row.observations)
            #expect(fit.residualStandardError.isApproximatelyEqual(to: row.sigma, relativeTolerance: 1e-8))
            #expect(fit.rSquared.isApproximatelyEqual(to: row.rSquared, relativeTolerance: 1e-8))
            let fStatistic = try #require(fit.fTest).statistic
            #expect(fStatistic.isApproximatelyEqual(to: row.fStatistic, relativeTolerance: 1e-8))
        }
    }
    print("example cohort vs R lm(): worst relative error of estimate/SE/t = \(worst)")
}
