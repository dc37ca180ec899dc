import CohortData
import Foundation
import RealModule
import Testing
@testable import OutcomeAnalysis

/// The `pain-by-site` analysis of Datasets/analyses.yaml: our per-site fits reproduce R's
/// per-site lm() (Fixtures/meta_inputs.csv, example_cohort_combined) and the pooled DL and
/// REML results reproduce metafor::rma (Fixtures/meta_reference.csv), both made by
/// Notebooks-Scripts/reference_meta.R. Tolerance 1e-8 relative (τ² 1e-10 absolute).
@Test func sitePoolingMatchesLmAndMetafor() throws {
    let spec = try AnalysisSpec(path: repositoryRoot.appendingPathComponent("Datasets/analyses.yaml").path)
    let analysis = try #require(spec.analyses.first { $0.name == "pain-by-site" })
    let request = try #require(analysis.meta)
    let frame = try CohortLoader().load(path: analysis.dataPath)
    let meta = try SiteMetaAnalysis(request, analysis: analysis, frame: frame)

    func rows(_ name: String) throws -> [[String]] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0[0] == "example_cohort_combined" }
    }
    func expectClose(_ a: Double, _ b: Double, _ what: String, absolute: Double = 0) {
        #expect(a.isApproximatelyEqual(to: b, absoluteTolerance: absolute, relativeTolerance: 1e-8), "\(what): \(a) vs R \(b)")
    }
    let inputs = try rows("meta_inputs")
    #expect(meta.studies.labels == inputs.map { $0[1] })
    for (index, row) in inputs.enumerated() {
        expectClose(meta.studies.estimates[index], Double(row[2])!, "\(row[1]) estimate")
        expectClose(meta.studies.standardErrors[index], Double(row[3])!, "\(row[1]) standard error")
    }
    let reference = try rows("meta_reference").filter { $0[2] == "0.95" }
    for fit in meta.fits {
        let method = "\(fit.method)"
        func value(_ quantity: String) throws -> Double {
            try #require(reference.first { $0[1] == method && $0[3] == quantity }.flatMap { Double($0[5]) }, "\(method) \(quantity)")
        }
        expectClose(fit.estimate, try value("estimate"), "\(method) estimate")
        expectClose(fit.standardError, try value("standard_error"), "\(method) SE")
        expectClose(fit.confidenceLow, try value("ci_lower"), "\(method) CI")
        expectClose(fit.tauSquared, try value("tau2"), "\(method) tau2", absolute: 1e-10)
        expectClose(fit.heterogeneity.statistic, try value("q"), "\(method) Q")
        expectClose(fit.iSquared, try value("i2"), "\(method) I2", absolute: 1e-10)
        expectClose(fit.predictionLow, try value("pi_lower"), "\(method) PI")
        expectClose(fit.predictionHigh, try value("pi_upper"), "\(method) PI")
    }
}
