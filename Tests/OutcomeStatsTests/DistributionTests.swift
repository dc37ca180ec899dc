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

/// Every value agrees with R (Notebooks-Scripts/reference_distributions.R: ~2,200 values, df from
/// 0.5 to 1e6, tails down to 1e-300; quantile references Newton-polished on R's p-functions) to
/// 1e-13 relative — absolute where R's value is 0 (the probability underflows) — with two stated
/// exceptions:
/// - far tails: max(1e-13, 4ε·|ln v|). A probability v = exp(y) computed in double precision carries
///   the rounding of its exponent y ≈ ln v, ε·|ln v|/2 relative, in R as here (5e-14 at v = 1e-200).
/// - incomplete beta with both shape parameters ≥ 1000 near the mode (F with both df ≥ 2000,
///   binomial with n = 10⁶ at k ≈ nπ): 5e-13. There the continued fraction runs O(√a) steps and
///   Lentz's recurrences lose a few 1e-13 to rounding (observed 3.3e-13); TOMS 708 uses its
///   asymptotic expansion BASYM in this regime, which is not implemented. (One large and one small
///   shape — t with df up to 10⁶, F with one large df, binomial tails — use BGRAT and meet 1e-13.)
/// Binomial quantiles are integers and must be equal.
@Test func distributionsMatchR() throws {
    var checked = 0
    var worst: [String: (error: Double, at: String)] = [:]
    for r in try DistributionReference.all() {
        let value: Double
        switch (r.distribution, r.function) {
        case ("t", "cdf"): value = StudentT(degreesOfFreedom: r.df1).cdf(r.argument)
        case ("t", "sf"): value = StudentT(degreesOfFreedom: r.df1).survival(r.argument)
        case ("t", "quantile"): value = StudentT(degreesOfFreedom: r.df1).quantile(r.argument)
        case ("F", "cdf"): value = FisherF(numerator: r.df1, denominator: r.df2).cdf(r.argument)
        case ("F", "sf"): value = FisherF(numerator: r.df1, denominator: r.df2).survival(r.argument)
        case ("F", "quantile"): value = FisherF(numerator: r.df1, denominator: r.df2).quantile(r.argument)
        case ("normal", "cdf"): value = Normal.standard.cdf(r.argument)
        case ("normal", "sf"): value = Normal.standard.survival(r.argument)
        case ("normal", "quantile"): value = Normal.standard.quantile(r.argument)
        case ("chisq", "cdf"): value = ChiSquared(degreesOfFreedom: r.df1).cdf(r.argument)
        case ("chisq", "sf"): value = ChiSquared(degreesOfFreedom: r.df1).survival(r.argument)
        case ("chisq", "quantile"): value = ChiSquared(degreesOfFreedom: r.df1).quantile(r.argument)
        case ("binomial", "cdf"): value = Binomial(trials: Int(r.df1), probability: r.df2).cdf(r.argument)
        case ("binomial", "sf"): value = Binomial(trials: Int(r.df1), probability: r.df2).survival(r.argument)
        case ("binomial", "quantile"): value = Double(Binomial(trials: Int(r.df1), probability: r.df2).quantile(r.argument))
        default: Issue.record("unknown reference \(r)"); continue
        }
        let error = r.value == 0 ? abs(value) : abs(value - r.value) / abs(r.value)
        let bothLarge: Bool
        switch r.distribution {
        case "F": bothLarge = min(r.df1, r.df2) >= 2000
        case "binomial": bothLarge = min(r.argument + 1, r.df1 - r.argument) >= 1000
        default: bothLarge = false
        }
        let tolerance = bothLarge ? 5e-13 : max(1e-13, 4 * Double.ulpOfOne * abs(log(abs(r.value))))
        let key = r.distribution + "." + r.function + (bothLarge ? " (both shapes >= 1000)" : "")
        if error > worst[key]?.error ?? -1 { worst[key] = (error, "\(r)") }
        #expect(error <= tolerance, "\(r): \(value) vs R \(r.value), relative error \(error)")
        checked += 1
    }
    for key in worst.keys.sorted() { print("distributions vs R: \(key) worst relative error \(worst[key]!.error) at \(worst[key]!.at)") }
    #expect(checked > 2000)
}
