import Foundation
import Testing
import OutcomeStats
import CohortData

/// Reference rows of Notebooks-Scripts/reference_effect_sizes.R.
private func csvRows(_ name: String) throws -> [[String]] {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures"))
    return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
}

private func column(_ frame: Frame, _ name: String) throws -> [Double] {
    guard case .numeric(let values)? = frame[name] else { throw StatsError.unknownColumn(term: name, suggestion: nil) }
    return values
}

private func labels(_ frame: Frame, _ name: String) throws -> [String?] {
    guard case .categorical(let c)? = frame[name] else { throw StatsError.unknownColumn(term: name, suggestion: nil) }
    return c.codes.indices.map { c.label(at: $0) }
}

/// Cohen's d and Hedges' g with noncentral-t intervals, responder risk differences with Wald
/// intervals and NNT, medians, IQRs and Pearson correlations agree with R on both cohorts:
/// 1e-12 relative for closed forms, 1e-8 for the noncentral-t interval limits (bisection on AS 243,
/// whose series stops at 1e-12 absolute; observed ≈ 1e-13).
@Test(arguments: ["example", "simulated"])
func effectSizesMatchR(data: String) throws {
    let path = data == "example" ? repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
        : try #require(Bundle.module.url(forResource: "simulated_cohort_500_seed7", withExtension: "csv", subdirectory: "Fixtures")).path
    var reference: [String: Double] = [:]
    for row in try csvRows("effect_sizes_reference") where row[0] == data {
        reference[row[1] + "/" + row[2]] = try #require(Double(row[3]))
    }
    #expect(reference.count > 40)
    let frame = try ResponderDerivation(outcome: "pain_nrs").adding(to: CohortLoader().load(path: path))
    let week = try column(frame, "week"), pain = try column(frame, "pain_nrs"), responder = try column(frame, "pain_nrs_responder")
    let technique = try labels(frame, "technique")
    var checked = 0, worst = 0.0
    func check(_ value: Double, _ key: String, tolerance: Double) throws {
        let r = try #require(reference[key], "no reference \(key)")
        let error = abs(value - r) / max(abs(r), 1e-300)
        worst = max(worst, error)
        #expect(error <= tolerance, "\(data) \(key): \(value) vs R \(r), relative error \(error)")
        checked += 1
    }
    for treated in ["deep_tissue", "combined", "stroking"] {
        let label = treated + "-vs-usual_care"
        func values(_ x: [Double], _ group: String) -> [Double] {
            x.indices.filter { week[$0] == 10 && technique[$0] == group && !x[$0].isNaN }.map { x[$0] }
        }
        let smd = try StandardizedMeanDifference(group1: values(pain, treated), group2: values(pain, "usual_care"))
        try check(smd.cohensD.estimate, "cohens_d/" + label, tolerance: 1e-12)
        try check(smd.hedgesG.estimate, "hedges_g/" + label, tolerance: 1e-12)
        try check(smd.cohensD.confidenceLow, "cohens_d_low/" + label, tolerance: 1e-8)
        try check(smd.cohensD.confidenceHigh, "cohens_d_high/" + label, tolerance: 1e-8)
        try check(smd.hedgesG.confidenceLow, "hedges_g_low/" + label, tolerance: 1e-8)
        try check(smd.hedgesG.confidenceHigh, "hedges_g_high/" + label, tolerance: 1e-8)
        let r1 = values(responder, treated), r2 = values(responder, "usual_care")
        let x1 = Int(r1.reduce(0, +)), x2 = Int(r2.reduce(0, +))
        try check(Double(x1), "responders_treated/" + label, tolerance: 0)
        try check(Double(r1.count), "n_treated/" + label, tolerance: 0)
        try check(Double(x2), "responders_control/" + label, tolerance: 0)
        try check(Double(r2.count), "n_control/" + label, tolerance: 0)
        let comparison = try ResponderComparison(treatedResponders: x1, treatedCount: r1.count,
                                                 controlResponders: x2, controlCount: r2.count)
        try check(comparison.riskDifference, "risk_difference/" + label, tolerance: 1e-13)
        try check(comparison.confidenceLow, "rd_low/" + label, tolerance: 1e-12)
        try check(comparison.confidenceHigh, "rd_high/" + label, tolerance: 1e-12)
        try check(comparison.numberNeededToTreat, "nnt/" + label, tolerance: 1e-12)
    }
    let rom = try column(frame, "rom_flexion_deg"), sleep = try column(frame, "sleep_psqi"), mood = try column(frame, "mood_phq9")
    let baselinePain = pain.indices.filter { week[$0] == 0 && !pain[$0].isNaN }.map { pain[$0] }
    try check(try median(baselinePain), "median/pain_nrs_week0", tolerance: 1e-15)
    try check(try interquartileRange(baselinePain), "iqr/pain_nrs_week0", tolerance: 1e-13)
    let rom10 = rom.indices.filter { week[$0] == 10 && !rom[$0].isNaN }.map { rom[$0] }
    try check(try median(rom10), "median/rom_flexion_deg_week10", tolerance: 1e-15)
    try check(try interquartileRange(rom10), "iqr/rom_flexion_deg_week10", tolerance: 1e-13)
    let pairs0 = pain.indices.filter { week[$0] == 0 && !pain[$0].isNaN && !sleep[$0].isNaN }
    try check(try pearsonCorrelation(pairs0.map { pain[$0] }, pairs0.map { sleep[$0] }), "correlation/pain_nrs-sleep_psqi_week0", tolerance: 1e-13)
    let pairs = pain.indices.filter { !pain[$0].isNaN && !mood[$0].isNaN }
    try check(try pearsonCorrelation(pairs.map { pain[$0] }, pairs.map { mood[$0] }), "correlation/pain_nrs-mood_phq9_all", tolerance: 1e-13)
    #expect(checked == reference.count)
    print("\(data) cohort effect sizes vs R: \(checked) values, worst relative error \(worst)")
}

/// Holm, Hochberg and Benjamini–Hochberg adjustments equal R's p.adjust (ties, NA, capping at 1,
/// a single p-value, the GLM's p-values): to 1e-15 relative — the same floating-point operations.
@Test func pValueAdjustmentsMatchR() throws {
    var groups: [String: [(index: Int, p: Double, adjusted: Double)]] = [:]
    for row in try csvRows("p_adjust_reference") {
        let p = row[3] == "NA" ? Double.nan : try #require(Double(row[3]))
        let adjusted = row[4] == "NA" ? Double.nan : try #require(Double(row[4]))
        groups[row[0] + "/" + row[1], default: []].append((try #require(Int(row[2])), p, adjusted))
    }
    #expect(groups.count == 15)
    for (key, rows) in groups {
        let method: PValueAdjustment = key.hasSuffix("/holm") ? .holm : key.hasSuffix("/hochberg") ? .hochberg : .benjaminiHochberg
        let sorted = rows.sorted { $0.index < $1.index }
        let adjusted = method.adjust(sorted.map(\.p))
        #expect(adjusted.count == sorted.count, "\(key)")
        for (value, row) in zip(adjusted, sorted) {
            if row.adjusted.isNaN { #expect(value.isNaN, "\(key)[\(row.index)]"); continue }
            #expect(abs(value - row.adjusted) <= 1e-15 * row.adjusted, "\(key)[\(row.index)]: \(value) vs R \(row.adjusted)")
        }
    }
}
