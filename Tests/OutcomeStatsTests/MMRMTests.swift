import Foundation
import Testing
@testable import OutcomeStats

/// The MMRM against nlme's `gls` (tight tolerances) and lme4/lmerTest, on two simulated trials:
/// trial a (200 patients × 4 visits, complete) and trial b (300 × 5, about 30 % monotone dropout).
/// Values from `Notebooks-Scripts/reference_mmrm.R`.
@Suite struct MMRMTests {
    struct Reference {
        let m2loglik: Double
        let estimates: [String: Double]
        let standardErrors: [String: Double]
    }

    static func trial(_ name: String) throws -> Frame {
        let url = try #require(Bundle.module.url(forResource: "mmrm_trial_\(name)", withExtension: "csv", subdirectory: "Fixtures"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let header = lines[0]
        var columns: [(String, Column)] = []
        for (j, name) in header.enumerated() {
            let cells = lines.dropFirst().map { $0[j] }
            if ["patient_id", "arm", "site"].contains(name) {
                columns.append((name, .categorical(CategoricalColumn(cells))))
            } else {
                columns.append((name, .numeric(cells.map { Double($0)! })))
            }
            // The visit as R's factor(week): categorical, levels in numeric order.
            if name == "week" { columns.append(("visit", .categorical(CategoricalColumn(cells)))) }
        }
        return try Frame(columns: columns)
    }

    /// Reference rows keyed "dataset structure estimation quantity term".
    static let references: [String: Double] = {
        guard let url = Bundle.module.url(forResource: "mmrm_reference", withExtension: "csv", subdirectory: "Fixtures"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var result: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            result["\(f[0]) \(f[1]) \(f[2]) \(f[3]) \(f[4])"] = Double(f[5])
        }
        return result
    }()

    static func reference(_ dataset: String, _ structure: String, _ estimation: String, _ quantity: String, _ term: String = "") -> Double? {
        references["\(dataset) \(structure) \(estimation) \(quantity) \(term)"]
    }

    struct Case: CustomStringConvertible, Sendable {
        let dataset: String
        let structure: String
        let estimation: Estimation
        var description: String { "\(dataset) \(structure) \(estimation)" }
    }

    static let cases: [Case] = ["a", "b"].flatMap { d in
        ["us", "cs", "csh", "ar1", "ar1h", "toep", "toeph", "sp_exp"].flatMap { s in
            [Case(dataset: d, structure: s, estimation: .reml)]
                + (["us", "cs", "ar1"].contains(s) ? [Case(dataset: d, structure: s, estimation: .ml)] : [])
        }
    }

    /// −2ℓ to 1e-8 relative, estimates within 1e-4 SE, SEs to 1e-5 relative, and our criterion
    /// never above the reference's.
    @Test(arguments: cases)
    func equalsNlmeGls(_ c: Case) throws {
        let frame = try Self.trial(c.dataset)
        let time = c.structure == "sp_exp" ? "week" : "visit"
        let model = try MMRM("change ~ baseline + arm * visit + site + \(c.structure)(\(time) | patient_id)", estimation: c.estimation)
        let fit = try model.fit(to: frame)
        let tag = c.estimation == .reml ? "REML" : "ML"
        let criterion = try #require(Self.reference(c.dataset, c.structure, tag, "m2loglik"))
        #expect(abs(fit.objective - criterion) / abs(criterion) < 1e-8, "−2ℓ \(fit.objective) vs \(criterion)")
        #expect(fit.objective <= criterion + 1e-9 * abs(criterion))
        for coefficient in fit.coefficients {
            let estimate = try #require(Self.reference(c.dataset, c.structure, tag, "estimate", coefficient.term), "\(coefficient.term)")
            let se = try #require(Self.reference(c.dataset, c.structure, tag, "se", coefficient.term))
            #expect(abs(coefficient.estimate! - estimate) <= 1e-4 * se, "\(coefficient.term): \(coefficient.estimate!) vs \(estimate)")
            #expect(abs(coefficient.standardError! - se) / se <= 1e-5, "\(coefficient.term) SE: \(coefficient.standardError!) vs \(se)")
        }
    }
}
