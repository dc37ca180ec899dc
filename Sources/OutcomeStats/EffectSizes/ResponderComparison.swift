import Foundation

/// Responder rates of a treated and a control group, their risk difference with a Wald interval,
/// and the number needed to treat.
///
/// RD = p₁ − p₂ with p = responders/n; SE = √(p₁(1 − p₁)/n₁ + p₂(1 − p₂)/n₂); interval RD ± z·SE
/// (R's `prop.test(c(x1, x2), c(n1, n2), correct = FALSE)$conf.int`). NNT = 1/RD: patients to treat
/// for one more responder (negative: number needed to harm). Its interval is [1/RD_high, 1/RD_low]
/// when the RD interval excludes 0; otherwise it spans infinity (Altman 1998) and is `nil`.
///
/// ```swift
/// let c = try ResponderComparison(treatedResponders: 45, treatedCount: 60, controlResponders: 24, controlCount: 58)
/// c.riskDifference; c.numberNeededToTreat   // ≈ 0.336, ≈ 2.98
/// ```
public struct ResponderComparison: Sendable, Equatable {
    /// p₁.
    public let treatedRate: Double
    /// p₂.
    public let controlRate: Double
    /// p₁ − p₂.
    public let riskDifference: Double
    /// Wald standard error of the difference.
    public let standardError: Double
    /// Lower Wald limit of the difference.
    public let confidenceLow: Double
    /// Upper Wald limit of the difference.
    public let confidenceHigh: Double
    /// 1/RD (infinite when RD = 0).
    public let numberNeededToTreat: Double
    /// [1/RD_high, 1/RD_low] when the RD interval excludes 0, else `nil`.
    public let numberNeededToTreatInterval: (low: Double, high: Double)?
    /// Level of the intervals.
    public let confidenceLevel: Double

    /// Equal when the rates, limits and level are equal (the NNT and its interval follow from them).
    public static func == (l: Self, r: Self) -> Bool {
        l.treatedRate == r.treatedRate && l.controlRate == r.controlRate && l.confidenceLow == r.confidenceLow
            && l.confidenceHigh == r.confidenceHigh && l.confidenceLevel == r.confidenceLevel
    }

    /// The comparison of x₁/n₁ responders with x₂/n₂.
    ///
    /// - Throws: ``StatsError/domain(_:)`` when a count is negative or exceeds its group size, or a group is empty.
    public init(treatedResponders x1: Int, treatedCount n1: Int, controlResponders x2: Int, controlCount n2: Int,
                confidenceLevel: Double = 0.95) throws {
        precondition(confidenceLevel > 0 && confidenceLevel < 1, "confidence level \(confidenceLevel) outside (0, 1)")
        for (x, n, name) in [(x1, n1, "treated"), (x2, n2, "control")] where n <= 0 || x < 0 || x > n {
            throw StatsError.domain("\(name) group: \(x) responders of \(n) patients is not a valid count")
        }
        let p1 = Double(x1) / Double(n1), p2 = Double(x2) / Double(n2)
        let rd = p1 - p2
        let se = (p1 * (1 - p1) / Double(n1) + p2 * (1 - p2) / Double(n2)).squareRoot()
        let z = Normal.standard.quantile(0.5 + confidenceLevel / 2)
        treatedRate = p1
        controlRate = p2
        riskDifference = rd
        standardError = se
        confidenceLow = max(-1, rd - z * se)
        confidenceHigh = min(1, rd + z * se)
        numberNeededToTreat = 1 / rd
        numberNeededToTreatInterval = confidenceLow > 0 || confidenceHigh < 0 ? (1 / confidenceHigh, 1 / confidenceLow) : nil
        self.confidenceLevel = confidenceLevel
    }
}
