import Foundation
import Testing
@testable import OutcomeStats

/// P(χ²_n > x) for whole n agrees with R's pchisq(lower.tail = FALSE) to 1e-12 relative, for
/// n from 1 to 501 and tails down to 1e-270 (values: Notebooks-Scripts/reference_meta.R).
@Test func chiSquaredUpperTailMatchesR() throws {
    let rows = try MetaAnalysisFixtures.rows("meta_chisq")
    #expect(rows.count == 90)
    for f in rows {
        let n = try #require(Int(f[0]))
        let x = try #require(Double(f[1]))
        let reference = try #require(Double(f[2]))
        let value = ChiSquared(degreesOfFreedom: Double(n)).survival(x)
        #expect(abs(value - reference) <= 1e-12 * reference, "n = \(n), x = \(x): \(value) vs R \(reference)")
    }
}

@Test func chiSquaredUpperTailEdges() {
    #expect(ChiSquared(degreesOfFreedom: Double(3)).survival(0) == 1)
    #expect(ChiSquared(degreesOfFreedom: Double(3)).survival(.infinity) == 0)
    #expect(ChiSquared(degreesOfFreedom: Double(3)).survival(.nan).isNaN)
}
