import Testing
import OutcomeStats
@testable import OutcomeReports

@Suite("MixedModelSummary")
struct MixedModelSummaryTests {
    /// 8 groups × 5 visits with a deterministic pattern; group effects large enough that the
    /// intercept variance is positive.
    static func frame(groupSpread: Double) throws -> Frame {
        var y: [Double] = [], week: [Double] = [], id: [String?] = []
        for g in 0..<8 {
            for w in 0..<5 {
                let noise = Double((g * 7 + w * 3) % 5) - 2
                y.append(5 + groupSpread * Double(g % 4) - 0.3 * Double(w) + 0.4 * noise)
                week.append(Double(w))
                id.append("p\(g)")
            }
        }
        return try Frame(columns: [("y", .numeric(y)), ("week", .numeric(week)), ("id", .categorical(CategoricalColumn(id)))])
    }

    @Test("reads like lmerTest's summary: header, criterion, random effects, fixed effects with df")
    func layout() throws {
        let fit = try MixedModel("y ~ week + (1 | id)").fit(to: Self.frame(groupSpread: 1))
        let text = MixedModelSummary(fit: fit, dataLabel: "c.csv").text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Linear mixed model fit by REML. t-tests use Satterthwaite's method")
        #expect(lines[1] == "Formula: y ~ week + (1 | id)")
        #expect(lines[2] == "   Data: c.csv")
        #expect(lines[4].hasPrefix("REML criterion at convergence: "))
        #expect(text.contains("Random effects:\n Groups   Name        Variance Std.Dev.\n id       (Intercept)"))
        #expect(text.contains("Number of obs: 40, groups:  id, 8\n"))
        #expect(text.contains("            Estimate Std. Error    df t value Pr(>|t|)"))
        #expect(text.contains("Optimizer: converged after"))
        #expect(!text.contains("Singular"))
        #expect(text.hasSuffix(".\n"))
    }

    @Test("a boundary fit is said plainly, once")
    func singular() throws {
        let fit = try MixedModel("y ~ week + (1 | id)").fit(to: Self.frame(groupSpread: 0))
        let notes = MixedModelSummary.notes(fit)
        #expect(fit.isSingular)
        #expect(notes.filter { $0.hasPrefix("Singular (boundary) fit") }.count == 1)
    }
}
