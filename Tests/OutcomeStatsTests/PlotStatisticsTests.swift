import Testing
@testable import OutcomeStats

/// Reference values from R 4.x (printed with options(digits = 17)):
/// `qnorm(ppoints(3))`, `qnorm(ppoints(12))`, and `qqline()`'s intercept and slope for
/// x = c(5, 1, 4, 2, 3, 10, 7, 8, 6, 9, 11, 12); tolerance 1e-13 relative (normal quantile by
/// Newton on erfc).
@Test func normalQuantilePlotMatchesRsQqnormAndQqline() throws {
    let three = try #require(NormalQuantilePlot(of: [3, 1, 2]))
    #expect(three.sample == [1, 2, 3])
    #expect(three.theoretical.count == 3)
    for (value, reference) in zip(three.theoretical, [-0.86942377328888598, 0, 0.86942377328888598]) {
        #expect(abs(value - reference) <= 1e-13 * max(1, abs(reference)))
    }
    let x: [Double] = [5, 1, 4, 2, 3, 10, 7, 8, 6, 9, 11, 12]
    let twelve = try #require(NormalQuantilePlot(of: x))
    let r = [-1.73166439612224510, -1.15034938037600787, -0.81221780149991285, -0.54852228269809800,
             -0.31863936396437514, -0.10463345561407539, 0.10463345561407526, 0.31863936396437514,
             0.54852228269809822, 0.81221780149991285, 1.15034938037600787, 1.73166439612224554]
    #expect(twelve.theoretical.count == r.count)
    for (value, reference) in zip(twelve.theoretical, r) { #expect(abs(value - reference) <= 1e-13) }
    #expect(abs(twelve.lineIntercept - 6.5) <= 1e-13)
    #expect(abs(twelve.lineSlope - 4.0771561008904049) <= 1e-13 * 4.08)

    // Thinned to 4 points: ranks 0, 4 (3.67 rounded), 7 (7.33), 11, each with its own quantile.
    let thin = try #require(NormalQuantilePlot(of: x, maximumPoints: 4))
    #expect(thin.sample == [1, 5, 8, 12])
    #expect(abs(thin.theoretical[0] - r[0]) <= 1e-13 && abs(thin.theoretical[2] - r[7]) <= 1e-13)
    #expect(thin.lineSlope == twelve.lineSlope)
}

/// Quartiles as R's quantile(type = 7), whiskers as boxplot.stats' 1.5 IQR rule:
/// quantile(c(1, 2, 3, 4, 100)) = 2, 3, 4 and the upper whisker stops at 4.
@Test func boxStatisticsUseType7QuartilesAndTukeyWhiskers() throws {
    let box = try #require(BoxStatistics(of: [100, 2, .nan, 3, 1, 4]))
    #expect([box.lowerQuartile, box.median, box.upperQuartile] == [2, 3, 4])
    #expect(box.lowerWhisker == 1 && box.upperWhisker == 4 && box.count == 5)
    #expect(BoxStatistics(of: [.nan]) == nil)
}

/// Selection-based quantiles equal the sorted-array definition exactly, on random samples with
/// many ties and on sorted and reversed inputs (a closed form: the type-7 formula on `sorted()`).
@Test(arguments: [1, 2, 3, 10, 101, 1000, 4097])
func quantilesBySelectionEqualSortedDefinition(_ n: Int) {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(n)
    func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double((state >> 33) % 50)   // many ties
    }
    let samples = [(0..<n).map { _ in next() }, (0..<n).map(Double.init), (0..<n).map { Double(n - $0) }]
    let probabilities = [0, 0.1, 0.25, 0.5, 0.5, 0.75, 0.9, 1]
    for sample in samples {
        let sorted = sample.sorted()
        let expected = probabilities.map { p -> Double in
            let h = Double(n - 1) * p
            let low = Int(h.rounded(.down)), high = min(low + 1, n - 1)
            return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
        }
        #expect(quantiles(sample, probabilities: probabilities) == expected)
    }
}
