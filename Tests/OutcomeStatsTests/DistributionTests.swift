import Foundation
import Testing
@testable import OutcomeStats

/// One reference value computed by R (Notebooks-Scripts/reference_distributions.R).
struct DistributionReference: Sendable, CustomStringConvertible {
    let distribution: String
    let function: String
    let df1: Double
    let df2: Double
    let argument: Double
    let value: Double
    var description: String { "\(distribution).\(function)(\(argument); \(df1), \(df2))" }

    static func all() throws -> [DistributionReference] {
        let url = try #require(Bundle.module.url(forResource: "distributions", withExtension: "csv", subdirectory: "Fixtures"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        return try lines.map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func number(_ s: String) throws -> Double { s == "NA" ? .nan : try #require(Double(s)) }
            return DistributionReference(distribution: f[0], function: f[1], df1: try number(f[2]), df2: try number(f[3]),
                                         argument: try number(f[4]), value: try number(f[5]))
        }
    }
}

/// Every value agrees with R to 1e-12 relative (quantiles: 1e-12 relative or 1e-300 absolute).
/// The incomplete beta's continued fraction converges to ~1e-15; the bound leaves room for the
/// log-gamma prefactor at large degrees of freedom (ε · |log B| ≈ 1e-13 at ν = 2000).
@Test func distributionsMatchR() throws {
    var checked = 0
    for r in try DistributionReference.all() {
        let value: Double
        switch (r.distribution, r.function) {
        case ("t", "cdf"): value = StudentT(degreesOfFreedom: r.df1).cdf(r.argument)
        case ("t", "sf"): value = StudentT(degreesOfFreedom: r.df1).survival(r.argument)
        case ("t", "quantile"): value = StudentT(degreesOfFreedom: r.df1).quantile(r.argument)
        case ("F", "cdf"): value = FisherF(numerator: r.df1, denominator: r.df2).cdf(r.argument)
        case ("F", "sf"): value = FisherF(numerator: r.df1, denominator: r.df2).survival(r.argument)
        case ("normal", "cdf"): value = Normal.standard.cdf(r.argument)
        case ("normal", "sf"): value = Normal.standard.survival(r.argument)
        case ("normal", "quantile"): value = Normal.standard.quantile(r.argument)
        default: Issue.record("unknown reference \(r)"); continue
        }
        let error = r.value == 0 ? abs(value) : abs(value - r.value) / abs(r.value)
        #expect(error <= 1e-12, "\(r): \(value) vs R \(r.value), relative error \(error)")
        checked += 1
    }
    #expect(checked > 300)
}
