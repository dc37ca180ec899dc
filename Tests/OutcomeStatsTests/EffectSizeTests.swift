import Foundation
import Testing
@testable import OutcomeStats

/// Invariants and closed forms of the descriptive statistics, effect sizes and adjustments
/// (the R comparisons are in OutcomeAnalysisTests/EffectSizesAgainstRTests.swift).
@Suite struct EffectSizeTests {
    @Test func medianAndIQRFollowRType7() throws {
        #expect(try median([3, 1, 4, 1, 5]) == 3)
        #expect(try median([4, 1, 3, 2]) == 2.5)
        #expect(try interquartileRange([1, 2, 3, 4]) == 1.5)   // R: IQR(1:4)
        #expect(throws: StatsError.domain("the median needs at least 1 value, got 0")) { try median([]) }
        #expect(throws: StatsError.domain("the interquartile range of a sample with missing values; drop them first")) {
            try interquartileRange([1, .nan])
        }
    }

    /// A common offset of 1e9 costs no digits (two-pass centring); r is invariant to affine maps.
    @Test func correlationIsStableAndAffineInvariant() throws {
        let x = [1.0, 2, 3, 4, 5.5], y = [2.0, 4, 5, 9, 10]
        let r = try pearsonCorrelation(x, y)
        #expect(abs(try pearsonCorrelation(x.map { $0 + 1e9 }, y.map { 3 * $0 - 1e9 }) - r) < 1e-12)
        #expect(abs(try pearsonCorrelation(x, y.map { -$0 }) + r) < 1e-15)
        #expect(try pearsonCorrelation(x, x) == 1)
        #expect(throws: StatsError.domain("correlation with a constant variable is undefined")) {
            try pearsonCorrelation([1, 1, 1], [1, 2, 3])
        }
        #expect(throws: StatsError.domain("correlation of samples of different lengths (2 and 3)")) {
            try pearsonCorrelation([1, 2], [1, 2, 3])
        }
    }

    /// With ncp = 0 the noncentral t is Student's t; the d interval contains d and is symmetric at d = 0.
    @Test func noncentralTReducesToCentral() {
        for t in [-3.0, -0.5, 0.7, 2.5] {
            let central = StudentT(degreesOfFreedom: 12).cdf(t)
            #expect(abs(noncentralTCDF(t, degreesOfFreedom: 12, noncentrality: 0) - central) < 1e-12)
        }
    }

    @Test func cohensDOfShiftedGroups() throws {
        let a = [1.0, 2, 3, 4, 5], b = a.map { $0 - 1 }
        let smd = try StandardizedMeanDifference(group1: a, group2: b)
        // s_p = √2.5, d = 1/√2.5.
        #expect(abs(smd.cohensD.estimate - 1 / 2.5.squareRoot()) < 1e-15)
        #expect(smd.cohensD.confidenceLow < smd.cohensD.estimate && smd.cohensD.estimate < smd.cohensD.confidenceHigh)
        #expect(smd.correction < 1 && abs(smd.hedgesG.estimate - smd.correction * smd.cohensD.estimate) < 1e-15)
        let null = try StandardizedMeanDifference(group1: [1, 2, 3], group2: [3, 2, 1])
        #expect(abs(null.cohensD.confidenceLow + null.cohensD.confidenceHigh) < 1e-10)
        #expect(throws: StatsError.domain("the effect size (group 1) needs at least 2 values, got 1")) {
            try StandardizedMeanDifference(group1: [1], group2: [1, 2])
        }
    }

    @Test func numberNeededToTreat() throws {
        let c = try ResponderComparison(treatedResponders: 30, treatedCount: 50, controlResponders: 10, controlCount: 50)
        #expect(abs(c.riskDifference - 0.4) < 1e-15 && abs(c.numberNeededToTreat - 2.5) < 1e-14)
        let interval = try #require(c.numberNeededToTreatInterval)
        #expect(abs(interval.low - 1 / c.confidenceHigh) < 1e-15 && abs(interval.high - 1 / c.confidenceLow) < 1e-15)
        let unclear = try ResponderComparison(treatedResponders: 11, treatedCount: 50, controlResponders: 10, controlCount: 50)
        #expect(unclear.numberNeededToTreatInterval == nil)
        #expect(throws: StatsError.domain("treated group: 5 responders of 4 patients is not a valid count")) {
            try ResponderComparison(treatedResponders: 5, treatedCount: 4, controlResponders: 1, controlCount: 4)
        }
    }

    @Test func adjustmentsOrderAndBounds() {
        let p = [0.01, 0.04, 0.03, 0.005]
        #expect(PValueAdjustment.holm.adjust(p) == [0.03, 0.06, 0.06, 0.02])
        for method in PValueAdjustment.allCases {
            let adjusted = method.adjust(p)
            #expect(adjusted.count == p.count)
            #expect(zip(adjusted, p).allSatisfy { $0 >= $1 && $0 <= 1 })
        }
        #expect(PValueAdjustment.benjaminiHochberg.adjust([]) == [])
    }
}
