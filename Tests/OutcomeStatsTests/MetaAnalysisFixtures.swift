import Foundation
import Testing
@testable import OutcomeStats

/// The meta-analysis inputs and metafor's results, written by Notebooks-Scripts/reference_meta.R.
enum MetaAnalysisFixtures {
    /// One dataset's studies in file order.
    struct Dataset: Sendable {
        let name: String
        let labels: [String]
        let estimates: [Double]
        let standardErrors: [Double]

        func analysis() throws -> RandomEffectsMetaAnalysis {
            try RandomEffectsMetaAnalysis(estimates: estimates, standardErrors: standardErrors, labels: labels)
        }
    }

    /// One number metafor reported; `value` is nil where R wrote NA.
    struct Reference: Sendable {
        let dataset: String
        let method: String
        let level: Double
        let quantity: String
        let index: Int
        let value: Double?
    }

    static func rows(_ name: String) throws -> [[String]] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        return lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    static func number(_ text: String) throws -> Double? {
        if text == "NA" { return nil }
        let value: Double = try #require(Double(text), "not a number: \(text)")
        return value
    }

    static func datasets() throws -> [Dataset] {
        var order: [String] = []
        var byName: [String: (labels: [String], estimates: [Double], errors: [Double])] = [:]
        for f in try rows("meta_inputs") {
            if byName[f[0]] == nil { order.append(f[0]); byName[f[0]] = ([], [], []) }
            byName[f[0]]!.labels.append(f[1])
            byName[f[0]]!.estimates.append(try #require(Double(f[2])))
            byName[f[0]]!.errors.append(try #require(Double(f[3])))
        }
        return order.map { Dataset(name: $0, labels: byName[$0]!.labels, estimates: byName[$0]!.estimates,
                                   standardErrors: byName[$0]!.errors) }
    }

    static func dataset(_ name: String) throws -> Dataset {
        try #require(try datasets().first { $0.name == name })
    }

    static func references() throws -> [Reference] {
        try rows("meta_reference").map { f in
            Reference(dataset: f[0], method: f[1], level: try #require(Double(f[2])), quantity: f[3],
                      index: try #require(Int(f[4])), value: try number(f[5]))
        }
    }
}
