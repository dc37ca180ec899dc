import CohortData
import Foundation
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
    func close(_ a: Double, _ b: Double, _ what: String, absolute: Double = 0) {
        let error = abs(a - b)
        #expect(error <= max(1e-8 * abs(b), absolute), "\(what): \(a) vs R \(b)")
    }
    let inputs = try rows("meta_inputs")
    #expect(meta.studies.labels == inputs.map { $0[1] })
    for (index, row) in inputs.enumerated() {
        close(meta.studies.estimates[index], Double(row[2])!, "\(row[1]) estimate")
        close(meta.studies.standardErrors[index], Double(row[3])!, "\(row[1]) standard error")
    }
    let reference = try rows("meta_reference").filter { $0[2] == "0.95" }
    for fit in meta.fits {
        let method = "\(fit.method)"
        func value(_ quantity: String) throws -> Double {
            try #require(reference.first { $0[1] == method && $0[3] == quantity }.flatMap { Double($0[5]) }, "\(method) \(quantity)")
        }
        close(fit.estimate, try value("estimate"), "\(method) estimate")
        close(fit.standardError, try value("standard_error"), "\(method) SE")
        close(fit.confidenceLow, try value("ci_lower"), "\(method) CI")
        close(fit.tauSquared, try value("tau2"), "\(method) tau2", absolute: 1e-10)
        close(fit.heterogeneity.statistic, try value("q"), "\(method) Q")
        close(fit.iSquared, try value("i2"), "\(method) I2", absolute: 1e-10)
        close(fit.predictionLow, try value("pi_lower"), "\(method) PI")
        close(fit.predictionHigh, try value("pi_upper"), "\(method) PI")
    }
}
