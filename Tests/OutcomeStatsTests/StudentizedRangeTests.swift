import Foundation
import Testing
@testable import OutcomeStats

/// R's ptukey/qtukey values (Notebooks-Scripts/reference_inference.R → Fixtures/studentized_range.csv).
private struct TukeyReference {
    let kind: String, argument: Double, means: Int, df: Double, lower: Double, upper: Double, rQuantile: Double

    static func all() throws -> [TukeyReference] {
        let url = try #require(Bundle.module.url(forResource: "studentized_range", withExtension: "csv", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func number(_ s: String) throws -> Double { s == "NA" ? .nan : try #require(Double(s), "\(s)") }
            return TukeyReference(kind: f[0], argument: try number(f[1]), means: try #require(Int(f[2])), df: try number(f[3]),
                                  lower: try number(f[4]), upper: try number(f[5]), rQuantile: try number(f[6]))
        }
    }
}

/// ptukey on 780 points (2–20 means, 2–30,000 df, q from 0.1 to 20, upper tails down to 1e-16):
/// both tails agree with R to 1e-12 absolute (the algorithm is R's; observed worst ≈ 1e-15).
@Test func studentizedRangeCDFMatchesR() throws {
    var worst = 0.0
    var count = 0
    for r in try TukeyReference.all() where r.kind == "cdf" {
        let distribution = StudentizedRange(means: r.means, degreesOfFreedom: r.df)
        let errors = [abs(distribution.cdf(r.argument) - r.lower), abs(distribution.survival(r.argument) - r.upper)]
        worst = max(worst, errors.max()!)
        #expect(errors.allSatisfy { $0 <= 1e-12 }, "ptukey(\(r.argument), \(r.means), \(r.df)): errors \(errors)")
        count += 1
    }
    #expect(count == 780)
    print("ptukey: worst absolute error against R \(worst) over \(count) points")
}

/// qtukey agrees to 1e-10 relative with the exact inverse of R's ptukey (uniroot to 1e-15),
/// and to 1e-4 relative with R's own qtukey where that converges (its documented accuracy).
@Test func studentizedRangeQuantileMatchesR() throws {
    var worst = 0.0
    for r in try TukeyReference.all() where r.kind == "quantile" {
        let q = StudentizedRange(means: r.means, degreesOfFreedom: r.df).quantile(r.argument)
        let error = abs(q - r.lower) / r.lower
        worst = max(worst, error)
        #expect(error <= 1e-10, "qtukey(\(r.argument), \(r.means), \(r.df)) = \(q), reference \(r.lower)")
        if r.rQuantile.isFinite {
            #expect(abs(q - r.rQuantile) / r.rQuantile <= 1e-4, "R's qtukey(\(r.argument), \(r.means), \(r.df))")
        }
    }
    print("qtukey: worst relative error against the inverse of R's ptukey \(worst)")
}

/// Closed forms: with 2 means the range is |Z₁ − Z₂| / s, so P(Q ≤ q) = 2 P(t ≤ q/√2) − 1,
/// and at infinite degrees of freedom 2Φ(q/√2) − 1.
@Test(arguments: [0.3, 1.0, 2.5, 4.0, 7.0])
func twoMeansRangeIsAFoldedT(q: Double) {
    for df in [3.0, 12.0, 40.0] {
        let t = StudentT(degreesOfFreedom: df)
        let expected = 2 * t.cdf(q / 2.0.squareRoot()) - 1
        // R's quadrature (not the closed form) sets the accuracy: about 1e-9 at small df.
        #expect(abs(StudentizedRange(means: 2, degreesOfFreedom: df).cdf(q) - expected) <= 1e-8)
    }
    let known = 2 * Normal.standard.cdf(q / 2.0.squareRoot()) - 1
    #expect(abs(StudentizedRange(means: 2, degreesOfFreedom: 1e6).cdf(q) - known) <= 1e-12)
}

@Test func studentizedRangeEdges() {
    let d = StudentizedRange(means: 5, degreesOfFreedom: 10)
    #expect(d.cdf(0) == 0 && d.cdf(-1) == 0 && d.cdf(.infinity) == 1 && d.cdf(.nan).isNaN)
    #expect(d.survival(0) == 1 && d.survival(.infinity) == 0)
    #expect(d.quantile(0) == 0 && d.quantile(1) == .infinity)
    #expect(abs(d.cdf(d.quantile(0.95)) - 0.95) <= 1e-13)
}

/// The Gauss–Legendre rules integrate polynomials of degree 2n − 1 exactly.
@Test func gaussLegendreRulesAreExact() {
    for n in [12, 16] {
        let half = gaussLegendre(order: n)
        #expect(half.count == n / 2)
        #expect(abs(half.reduce(0) { $0 + 2 * $1.weight } - 2) <= 1e-14)
        let degree = 2 * n - 2
        let integral = half.reduce(0) { $0 + 2 * $1.weight * pow($1.node, Double(degree)) }
        #expect(abs(integral - 2 / Double(degree + 1)) <= 1e-14)
    }
}
